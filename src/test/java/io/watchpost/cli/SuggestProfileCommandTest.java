package io.watchpost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.collect.ProcNetworkCollector;
import io.watchpost.detect.Behavior;
import io.watchpost.detect.Cidr;
import io.watchpost.detect.LearningHistory;
import io.watchpost.detect.LoadedProfile;
import io.watchpost.detect.LoadedProfiles;
import io.watchpost.detect.MetricValue;
import io.watchpost.detect.Observation;
import io.watchpost.detect.ProfileFormat;
import io.watchpost.detect.ProfileLoader;
import io.watchpost.detect.ProfileSuggester;
import io.watchpost.detect.StatisticalMode;
import io.watchpost.json.JsonValueReader;
import io.watchpost.log.EventLog;
import io.watchpost.proc.ProcFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SuggestProfileCommandTest {
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @TempDir
    Path dir;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<Duration> slept = new ArrayList<>();

    private int run(String... args) {
        Instant[] now = {NOW};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        PrintStream log = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        ReportCommand.Sleeper sleeper = d -> {
            slept.add(d);
            now[0] = now[0].plus(d);
        };
        return new SuggestProfileCommand(new ProcNetworkCollector(new EventLog(log, log, clock, EventLog.Level.INFO)),
                clock, sleeper).run(args, new PrintStream(stdout, true, StandardCharsets.UTF_8), log);
    }

    private LoadedProfile printed(String name) {
        Object doc;
        try (var p = new com.fasterxml.jackson.core.JsonFactory().createParser(stdout.toByteArray())) {
            doc = JsonValueReader.readWhole(p, JsonValueReader.Floats.EXACT).orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        LoadedProfiles loaded = new ProfileLoader(StatisticalMode.UNSUPPORTED).loadDocument(doc, "stdout", name);
        assertEquals(List.of(), loaded.problems());
        return loaded.profiles().get(0);
    }

    private static Behavior behavior(LoadedProfile p, String name) {
        return p.evaluable().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError("no behavior " + name + " in " + p.evaluable()));
    }

    @Test
    void liveSamplingOfAFixtureRootAllowsWhatSsSawThere() throws IOException {
        int status = run("--proc-root", ProcFixtures.dir("host").toString(), "--samples", "3", "--every", "7",
                "--name", "gw-01");

        assertEquals(0, status, stderr.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(7)), slept);
        LoadedProfile p = printed("gw-01");
        assertEquals("gw-01", p.name());
        TreeSet<Integer> tcp = new TreeSet<>();
        TreeSet<Integer> udp = new TreeSet<>();
        for (ProcFixtures.SsSocket s : ProcFixtures.ssOracle("host", "ss-listen.txt")) {
            (s.netid().equals("tcp") ? tcp : udp).add(s.localPort());
        }
        assertEquals(MetricValue.ofPorts(List.copyOf(tcp)), behavior(p, "listening-tcp-ports").criteria().value());
        assertEquals(MetricValue.ofPorts(List.copyOf(udp)), behavior(p, "listening-udp-ports").criteria().value());
        List<Cidr> cidrs = behavior(p, "destination-ip-addresses").criteria().value().cidrs().stream()
                .map(Cidr::parse).toList();
        for (ProcFixtures.SsSocket s : ProcFixtures.ssOracle("host", "ss-established.txt")) {
            String peer = s.peerText();
            String host = peer.substring(0, peer.lastIndexOf(':')).replace("[", "").replace("]", "");
            Cidr h = Cidr.parse(host);
            assertTrue(cidrs.stream().anyMatch(c -> c.contains(h.high(), h.low())), host + " not in " + cidrs);
        }
        assertTrue(p.profile().description().startsWith("Suggested by watchpost suggest-profile from 3 samples over"
                + " 14 s"), p.profile().description());
        assertTrue(stderr.toString(StandardCharsets.UTF_8).contains(
                "watchpost suggest-profile: note: No complete 300 s window observed: no byte or packet rules."));
    }

    @Test
    void fromTheStateDirectoryItPrintsTheSuggestionOfTheSavedHistory() throws IOException {
        LearningHistory h = new LearningHistory();
        h.observe(new Observation(NOW, List.of(22, 8883), List.of(), 2, 0, 1, List.of("192.0.2.10"), null, Map.of()));
        h.save(dir);

        int status = run("--state-dir", dir.toString(), "--format", "cloudformation");

        assertEquals(0, status, stderr.toString(StandardCharsets.UTF_8));
        var expected = new ProfileSuggester(ProfileSuggester.Options.defaults("watchpost-suggested")).suggest(h);
        assertEquals(ProfileFormat.CLOUDFORMATION.text(expected.profile()), stdout.toString(StandardCharsets.UTF_8));
        assertEquals(expected.profile().behaviors(), printed(null).evaluable());
    }

    @Test
    void aMissingHistoryOrProcRootIsExitOneNamingIt() {
        assertEquals(1, run("--state-dir", dir.toString()));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).startsWith("watchpost suggest-profile: no learning history "
                + dir.resolve("watchpost-learning.json")), stderr.toString(StandardCharsets.UTF_8));
        stderr.reset();
        assertEquals(1, run("--proc-root", dir.resolve("absent").toString(), "--samples", "1"));
        assertTrue(stderr.toString(StandardCharsets.UTF_8).startsWith("watchpost suggest-profile: cannot read "
                + dir.resolve("absent")), stderr.toString(StandardCharsets.UTF_8));
        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--state-dir /x --samples 3", "--format yaml", "--name bad/name", "--samples 0",
            "--every", "--bogus", "--proc-root /x --state-dir /y"})
    void usageErrorsAreExitTwoWithTheUsage(String args) {
        assertEquals(2, run(args.split(" ")));
        String err = stderr.toString(StandardCharsets.UTF_8);
        assertTrue(err.startsWith("watchpost suggest-profile: "), err);
        assertTrue(err.contains("Usage: watchpost suggest-profile [options]"));
        assertEquals("", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpIsExitZeroOnStdout() {
        assertEquals(0, run("--help"));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).startsWith("Usage: watchpost suggest-profile [options]"));
    }
}
