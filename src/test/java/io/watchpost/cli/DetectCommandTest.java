package io.watchpost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.collect.Bounded;
import io.watchpost.collect.InterfaceCounters;
import io.watchpost.collect.NetworkCollector;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.PortSet;
import io.watchpost.collect.RemoteAddresses;
import io.watchpost.collect.TcpConnection;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watchpost detect} in process, on collections the test states: what it prints per behavior and its exit
 * status. The subprocess test against the live /proc is {@code DetectCommandIT}.
 */
class DetectCommandTest {
    @TempDir
    Path dir;

    private static final Instant START = Instant.ofEpochSecond(1_767_225_600L);
    private final MutableClock clock = new MutableClock(START);
    /** eth0's transmitted bytes: 10,000 per second of the test clock. */
    private final NetworkCollector collector = (root, limit) -> snapshot();

    private NetworkSnapshot snapshot() {
        long tx = java.time.Duration.between(START, clock.instant()).getSeconds() * 10_000;
        return new NetworkSnapshot("boot", "/proc/net",
                new Bounded<>(List.of(new PortBinding(22, null), new PortBinding(8443, "eth0")), 2),
                new Bounded<>(List.of(new PortBinding(53, null)), 1),
                new Bounded<>(List.of(new TcpConnection("10.0.0.5:443", 40000, "eth0"),
                        new TcpConnection("203.0.113.9:443", 40001, "eth0"),
                        new TcpConnection("[2001:db8::1]:443", 40002, null)), 3),
                List.of(new InterfaceCounters("eth0", false, 0, 0, tx, tx / 1000)), 0, PortSet.of(22, 8443),
                PortSet.of(53), destinations());
    }

    /** As the collector gathers them: every distinct remote address, sorted. */
    private static RemoteAddresses destinations() {
        RemoteAddresses.Builder b = RemoteAddresses.builder();
        for (String a : List.of("10.0.0.5", "203.0.113.9", "2001:db8::1")) {
            io.watchpost.detect.Cidr host = io.watchpost.detect.Cidr.parse(a);
            b.add(host.high(), host.low());
        }
        return b.build(true);
    }

    private record Run(int status, String out, String err) {
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DetectCommand command = new DetectCommand(collector,
                s -> Map.of("cpu_usage", new CustomMetricValue.Number(new BigDecimal("42.5"))), clock,
                clock::advance);
        int status = command.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path profile(String behaviors) throws IOException {
        return Files.writeString(dir.resolve("profile.json"),
                "{\"securityProfileName\":\"edge\",\"behaviors\":[" + behaviors + "]}");
    }

    @Test
    void a_port_outside_the_allowed_set_exits_3_and_is_named() throws IOException {
        Path p = profile("{\"name\":\"tcp\",\"metric\":\"aws:listening-tcp-ports\",\"criteria\":{"
                + "\"comparisonOperator\":\"in-port-set\",\"value\":{\"ports\":[22]}}}");
        Run r = run("--profile", p.toString());
        assertEquals(3, r.status(), r.err());
        assertTrue(r.out().startsWith("VIOLATING    edge/tcp (aws:listening-tcp-ports in-port-set {\"ports\":[22]}):"
                + " value {\"ports\":[22,8443]} (2 in all); offending {\"ports\":[8443]}"), r.out());
    }

    @Test
    void all_normal_exits_0_and_prints_values_of_every_kind() throws IOException {
        Path p = profile(String.join(",",
                "{\"name\":\"tcp\",\"metric\":\"aws:listening-tcp-ports\",\"criteria\":{"
                        + "\"comparisonOperator\":\"in-port-set\",\"value\":{\"ports\":[22,8443]}}}",
                "{\"name\":\"dst\",\"metric\":\"aws:destination-ip-addresses\",\"criteria\":{"
                        + "\"comparisonOperator\":\"not-in-cidr-set\",\"value\":{\"cidrs\":[\"198.51.100.0/24\"]}}}",
                "{\"name\":\"cpu\",\"metric\":\"cpu_usage\",\"criteria\":{"
                        + "\"comparisonOperator\":\"less-than\",\"value\":{\"number\":75}}}",
                "{\"name\":\"msgs\",\"metric\":\"aws:num-messages-sent\",\"criteria\":{"
                        + "\"comparisonOperator\":\"less-than\",\"value\":{\"count\":5}}}"));
        Run r = run("--profile", p.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        assertTrue(lines.get(1).contains("value {\"cidrs\":[\"10.0.0.5\",\"203.0.113.9\",\"2001:db8::1\"]}"),
                lines.get(1));
        assertTrue(lines.get(2).startsWith("compliant    edge/cpu") && lines.get(2).contains("{\"number\":42.5}"),
                lines.get(2));
        assertTrue(lines.get(3).startsWith("unsupported  edge/msgs") && lines.get(3).contains("cloud-side"),
                lines.get(3));
    }

    @Test
    void one_shot_says_a_windowed_behavior_needs_a_window_and_watch_gives_it_one() throws IOException {
        Path p = profile("{\"name\":\"out\",\"metric\":\"aws:all-bytes-out\",\"criteria\":{"
                + "\"comparisonOperator\":\"less-than-equals\",\"value\":{\"count\":1000000},"
                + "\"durationSeconds\":300}}");
        Run once = run("--profile", p.toString());
        assertEquals(0, once.status());
        assertTrue(once.out().contains("needs a window of 300 s of samples: run with --watch SECONDS"), once.out());

        Run watch = run("--profile", p.toString(), "--watch", "60", "--samples", "7");
        assertEquals(3, watch.status(), watch.out());
        // [0,300) closes at the sample at 300 s: steps ending 60..240 s, 240 s x 10,000 bytes
        assertTrue(watch.out().contains("VIOLATING    edge/out (aws:all-bytes-out less-than-equals "
                + "{\"count\":1000000}, 300 s window): value {\"count\":2400000}; window"), watch.out());
        assertTrue(watch.out().lines().anyMatch(l -> l.startsWith("EVENT in-alarm edge/out violationId=")),
                watch.out());
        assertEquals(7, watch.out().lines().filter(l -> l.startsWith("== sample ")).count());
    }

    @Test
    void usage_and_unusable_inputs() throws IOException {
        assertEquals(2, run().status());
        assertEquals(2, run("--profile").status());
        assertEquals(2, run("--profile", "x.json", "--samples", "3").status());
        assertEquals(2, run("--profile", "x.json", "--watch", "0").status());
        Run missing = run("--profile", dir.resolve("none.json").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("none.json"), missing.err());
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"securityProfileName\":\"p\",\"behaviors\":[");
        assertEquals(1, run("--profile", bad.toString()).status());
        Path rejected = profile("{\"name\":\"tcp\",\"metric\":\"aws:listening-tcp-ports\",\"criteria\":{"
                + "\"comparisonOperator\":\"in-port-set\",\"value\":{\"ports\":[70000]}}}");
        Run r = run("--profile", rejected.toString());
        assertEquals(0, r.status(), "the invalid behavior is dropped, nothing else is there to violate");
        assertTrue(r.err().contains("behavior \"tcp\"") && r.err().contains("rejected"), r.err());
        assertTrue(run("--help").out().contains("Usage: watchpost detect"));
    }
}
