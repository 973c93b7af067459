package io.watchpost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.watchpost.collect.Bounded;
import io.watchpost.collect.CollectException;
import io.watchpost.collect.InterfaceCounters;
import io.watchpost.collect.NetworkCollector;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.collect.RemoteAddresses;
import io.watchpost.collect.PortSet;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import io.watchpost.config.KeyNames;
import io.watchpost.encode.ReportEncoder;
import io.watchpost.config.ReportFormat;
import io.watchpost.Main;
import io.watchpost.log.EventLog;
import io.watchpost.proc.SystemFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the command in-process against a fixture proc root written to a temp directory. The real proc collector lives
 * on another branch, so a minimal collector stands in: it fails for a missing root (naming it), reads the boot id from
 * the real fixture file, and reads rx/tx byte counters from the fixture's {@code net/dev}.
 */
class ReportCommandTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path dir;
    private Path root;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final List<Duration> slept = new ArrayList<>();
    private final List<Integer> retainLimits = new ArrayList<>();
    private final List<Path> roots = new ArrayList<>();

    @BeforeEach
    void writeFixtureRoot() throws IOException {
        root = dir.resolve("proc");
        Files.createDirectories(root.resolve("sys/kernel/random"));
        Files.createDirectories(root.resolve("net"));
        Files.writeString(root.resolve("sys/kernel/random/boot_id"), "0b5e2a44-1c7d-4f0e-9d3b-2a6c8e1f4b77\n");
        writeNetDev(1000, 2000);
    }

    private void writeNetDev(long rxBytes, long txBytes) throws IOException {
        Files.writeString(root.resolve("net/dev"), String.join("\n",
                "Inter-|   Receive                                                |  Transmit",
                " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo "
                        + "colls carrier compressed",
                "    lo:  999999    9999    0    0    0     0          0         0   999999    9999    0    0    0 "
                        + "    0       0          0",
                "  eth0: " + rxBytes + "      10    0    0    0     0          0         0 " + txBytes
                        + "      20    0    0    0     0       0          0", ""));
    }

    /** Stand-in for ProcNetworkCollector: real files, fixed sockets. */
    private final NetworkCollector collector = (procRoot, retainLimit) -> {
        retainLimits.add(retainLimit);
        roots.add(procRoot);
        if (!Files.isDirectory(procRoot)) {
            throw new CollectException(procRoot, "not a readable directory", null);
        }
        try {
            Path bootFile = procRoot.resolve("sys/kernel/random/boot_id");
            String boot = Files.exists(bootFile) ? Files.readString(bootFile).trim() : null;
            List<InterfaceCounters> counters = new ArrayList<>();
            List<String> lines = Files.readAllLines(procRoot.resolve("net/dev"));
            for (String line : lines.subList(2, lines.size())) {
                String[] nameAndFields = line.trim().split(":", 2);
                String[] f = nameAndFields[1].trim().split("\\s+");
                counters.add(new InterfaceCounters(nameAndFields[0], nameAndFields[0].equals("lo"),
                        Long.parseUnsignedLong(f[0]), Long.parseUnsignedLong(f[1]), Long.parseUnsignedLong(f[8]),
                        Long.parseUnsignedLong(f[9])));
            }
            return new NetworkSnapshot(boot, procRoot.resolve("net").toString(), new Bounded<>(List.of(new PortBinding(22, null)), 1),
                    new Bounded<>(List.of(new PortBinding(5353, "eth0")), 1),
                    new Bounded<>(List.of(new TcpConnection("[2001:db8::7]:443", 50512, "eth0")), 1), counters, 0,
                PortSet.empty(), PortSet.empty(), RemoteAddresses.empty());
        } catch (IOException e) {
            throw new CollectException(procRoot, "cannot read: " + e.getMessage(), e);
        }
    };

    private int run(String... args) {
        return run(false, args);
    }

    /** @param terminal whether stdout is a terminal */
    private int run(boolean terminal, String... args) {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        EventLog log = new EventLog(new PrintStream(logged, true), new PrintStream(logged, true), clock,
                EventLog.Level.DEBUG);
        ReportCommand.Sleeper sleeper = d -> {
            slept.add(d);
            writeNetDevUnchecked(1000 + 4096, 2000 + 512);
            if (Files.exists(root.resolve("stat"))) {
                copyUnchecked("samples/stat.later", root.resolve("stat"));
            }
        };
        // the custom metrics exactly as Main wires them for the report command
        return new ReportCommand(collector, Main.customMetrics(log, clock), clock, log, sleeper).run(args,
                new PrintStream(stdout, true), terminal, new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private void writeNetDevUnchecked(long rx, long tx) {
        try {
            writeNetDev(rx, tx);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void copyUnchecked(String fixture, Path target) {
        try {
            Files.copy(SystemFixtures.resource(fixture), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The system files the built-in metrics read, from the custom metrics' fixtures of a real host. */
    private void copySystemFixtures() {
        for (String file : List.of("stat", "meminfo", "loadavg", "uptime")) {
            copyUnchecked("host/proc/" + file, root.resolve(file));
        }
    }

    private Path config(String json) throws IOException {
        Path config = dir.resolve("watchpost.json");
        Files.writeString(config, json);
        return config;
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsOneCompactJsonReportOnOneLine() throws IOException {
        assertEquals(0, run("--proc-root", root.toString()));
        String text = out();
        assertTrue(text.endsWith("}\n"), text);
        assertEquals(1, text.split("\n", -1).length - 1, "exactly one line");
        assertFalse(text.contains(" "), "compact JSON: " + text);
        JsonNode doc = new ObjectMapper().readTree(text);
        assertEquals(NOW.toEpochMilli(), doc.get("header").get("report_id").longValue());
        assertFalse(doc.get("metrics").has("network_stats"), "one sample: no baseline, no network_stats");
        assertEquals("[2001:db8::7]:443", doc.get("metrics").get("tcp_connections").get("established_connections")
                .get("connections").get(0).get("remote_addr").asText());
        assertEquals("", err());
        assertTrue(logged.toString(StandardCharsets.UTF_8).contains("report_prepared"));
    }

    @Test
    void cborWithShortNamesIsDecodable() throws IOException {
        assertEquals(0, run("--proc-root", root.toString(), "--format", "cbor", "--names", "short"));
        JsonNode doc = new CBORMapper().readTree(stdout.toByteArray());
        assertEquals("1.0", doc.get("hed").get("v").asText());
        assertEquals(22, doc.get("met").get("tp").get("pts").get(0).get("pt").intValue());
        assertEquals(ReportEncoder.of(ReportFormat.CBOR, KeyNames.SHORT).retainLimit(131_072),
                (int) retainLimits.get(0));
    }

    @Test
    void cborToATerminalIsRefusedWithAHintAndNothingWritten() {
        assertEquals(2, run(true, "--proc-root", root.toString(), "--format", "cbor"));
        assertEquals(0, stdout.size(), "no binary bytes on the terminal");
        assertTrue(err().contains("standard output is a terminal") && err().contains("> report.cbor")
                && err().contains("--output FILE"), err());
        assertEquals(0, run(true, "--proc-root", root.toString()), "JSON is text: fine on a terminal");
    }

    @Test
    void outputWritesTheReportToAFileEvenFromATerminal() throws IOException {
        Path file = dir.resolve("report.cbor");
        assertEquals(0, run(true, "--proc-root", root.toString(), "--format", "cbor", "--output", file.toString()));
        assertEquals(0, stdout.size());
        assertEquals("1.0", new CBORMapper().readTree(Files.readAllBytes(file)).get("header").get("version").asText());

        Path json = dir.resolve("report.json");
        assertEquals(0, run("--proc-root", root.toString(), "--output", json.toString()));
        assertTrue(Files.readString(json).endsWith("}\n"), Files.readString(json));

        assertEquals(1, run("--proc-root", root.toString(), "--output", dir.resolve("no/such/dir/r.json").toString()));
        assertTrue(err().contains("cannot write " + dir.resolve("no/such/dir/r.json")), err());
    }

    @Test
    void deltaSecondsSamplesTwiceAndReportsTheDifference() throws IOException {
        assertEquals(0, run("--proc-root", root.toString(), "--delta-seconds", "5"));
        assertEquals(List.of(Duration.ofSeconds(5)), slept);
        JsonNode stats = new ObjectMapper().readTree(out()).get("metrics").get("network_stats");
        assertEquals(4096, stats.get("bytes_in").longValue());
        assertEquals(512, stats.get("bytes_out").longValue());
        assertEquals(0, stats.get("packets_in").longValue());
    }

    @Test
    void deltaWithoutABootIdSaysWhyThereAreNoNetworkStats() throws IOException {
        Files.delete(root.resolve("sys/kernel/random/boot_id"));
        assertEquals(0, run("--proc-root", root.toString(), "--delta-seconds", "1"));
        assertFalse(new ObjectMapper().readTree(out()).get("metrics").has("network_stats"));
        assertTrue(err().contains("no boot id under " + root), err());
    }

    @Test
    void repeatPreparesNReportsAndPrintsTimingLinesAndOnlyTheLastReport() throws IOException {
        assertEquals(0, run("--proc-root", root.toString(), "--repeat", "3"));
        String[] lines = err().split("\n");
        assertEquals(3, lines.length, err());
        for (String line : lines) {
            assertTrue(line.matches("collect_ms=\\d+\\.\\d{3} encode_ms=\\d+\\.\\d{3} bytes=\\d+"), line);
        }
        // the clock stands still, so ids go up by one: the third report is printed
        assertEquals(NOW.toEpochMilli() + 2, new ObjectMapper().readTree(out()).get("header").get("report_id")
                .longValue());
        assertTrue(lines[2].endsWith("bytes=" + (stdout.size() - 1)), lines[2]);
    }

    @Test
    void aMissingRootExitsOneWithOneLineNamingThePath() {
        Path missing = dir.resolve("no-such-proc");
        assertEquals(1, run("--proc-root", missing.toString()));
        assertEquals("", out());
        String[] lines = err().split("\n");
        assertEquals(1, lines.length, err());
        assertTrue(lines[0].contains(missing.toString()), lines[0]);
    }

    @Test
    void usageErrorsExitTwoWithTheUsageOnStderr() {
        String[][] bad = {
            {"--bogus"}, {"--format", "xml"}, {"--names", "medium"}, {"--repeat", "0"}, {"--repeat", "many"},
            {"--delta-seconds", "-1"}, {"--delta-seconds"}, {"--proc-root"}, {"extra"}
        };
        for (String[] args : bad) {
            stdout.reset();
            stderr.reset();
            assertEquals(2, run(args), String.join(" ", args));
            assertEquals("", out());
            assertTrue(err().startsWith("watchpost report: "), err());
            assertTrue(err().contains("Usage: watchpost report"), err());
        }
        stderr.reset();
        run("--format", "xml");
        assertTrue(err().contains("--format must be json or cbor, not \"xml\""), err());
    }

    @Test
    void helpAndVersion() {
        assertEquals(0, run("--help"));
        assertTrue(out().startsWith("Usage: watchpost report"), out());
        assertEquals("", err());
        stdout.reset();
        assertEquals(0, run("--version"));
        assertEquals("watchpost dev\n", out());
    }

    @Test
    void configProblemsNameFileKeyValueAndRuleAndFlagsOverrideTheFile() throws IOException {
        Path config = dir.resolve("watchpost.json");
        Files.writeString(config, """
                {"SampleIntervalSeconds": 10, "ReportFormat": "cbor", "KeyNames": "short",
                 "ProcDestinationPath": "%s", "Bogus": true}
                """.formatted(root));
        assertEquals(0, run("--config", config.toString(), "--format", "json"));
        String err = err();
        assertTrue(err.contains(config + ": SampleIntervalSeconds=10 is invalid: must be a whole number of seconds "
                + "from 300"), err);
        assertTrue(err.contains(config + ": unknown key \"Bogus\""), err);
        // ReportFormat from the file is overridden by --format; KeyNames and the proc root come from the file
        JsonNode doc = new ObjectMapper().readTree(out());
        assertTrue(doc.has("hed"), out());
        assertEquals(List.of(root), roots);
    }

    @Test
    void anUnreadableOrMalformedConfigFileExitsOneNamingTheFile() throws IOException {
        Path missing = dir.resolve("absent.json");
        assertEquals(1, run("--proc-root", root.toString(), "--config", missing.toString()));
        assertTrue(err().contains("cannot read config file " + missing), err());

        stderr.reset();
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"ReportFormat\": ");
        assertEquals(1, run("--proc-root", root.toString(), "--config", broken.toString()));
        assertTrue(err().contains("config file " + broken + " is not valid JSON"), err());

        stderr.reset();
        Path array = dir.resolve("array.json");
        Files.writeString(array, "[1, 2]");
        assertEquals(1, run("--proc-root", root.toString(), "--config", array.toString()));
        assertTrue(err().contains("must hold a JSON object"), err());
        assertEquals("", out());
    }

    @Test
    void builtInMetricsNamedInTheConfigAreMeasuredUnderTheProcRootAsOneElementArrays() throws IOException {
        copySystemFixtures();
        Path config = config("""
                {"ProcDestinationPath": "%s",
                 "CustomMetrics": ["cpu_usage", "memory_used_percent", "load_average", "uptime_seconds"]}
                """.formatted(root));
        assertEquals(0, run("--config", config.toString()));
        assertEquals("", err());
        JsonNode custom = new ObjectMapper().readTree(out()).get("custom_metrics");
        assertEquals(new ObjectMapper().readTree("""
                {"load_average": [{"number_list": [0.6, 0.21, 0.07]}],
                 "memory_used_percent": [{"number": 1.60943743503799}],
                 "uptime_seconds": [{"number": 435.87}]}
                """), custom, "one sample: no cpu_usage yet, the rest in Device Defender's shape");
    }

    @Test
    void cpuUsageHasAValueOnceThereAreTwoSamples() throws IOException {
        copySystemFixtures();
        Path config = config("""
                {"CustomMetrics": ["cpu_usage"]}
                """);
        assertEquals(0, run("--config", config.toString(), "--proc-root", root.toString(), "--delta-seconds", "5"));
        JsonNode custom = new ObjectMapper().readTree(out()).get("custom_metrics");
        assertEquals(99.3069306930693, custom.get("cpu_usage").get(0).get("number").doubleValue(), 1e-12);
        assertEquals(1, custom.size(), custom.toString());
    }

    @Test
    void anUnknownCustomMetricIsNamedOnStderrAndTheOtherNamesStillApply() throws IOException {
        copySystemFixtures();
        Path config = config("""
                {"ProcDestinationPath": "%s", "CustomMetrics": ["uptime_seconds", "gpu_temperature"]}
                """.formatted(root));
        assertEquals(0, run("--config", config.toString()));
        String err = err();
        assertTrue(err.contains(config + ": CustomMetrics=[gpu_temperature] is invalid: unknown built-in metric"
                + " name(s)"), err);
        assertTrue(err.contains("(sending [uptime_seconds])"), err);
        assertEquals(1, err.split("\n").length, err);
        JsonNode custom = new ObjectMapper().readTree(out()).get("custom_metrics");
        assertEquals(List.of("uptime_seconds"), List.copyOf(iterable(custom.fieldNames())));
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
