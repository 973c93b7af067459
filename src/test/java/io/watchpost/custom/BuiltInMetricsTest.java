package io.watchpost.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.config.Settings;
import io.watchpost.config.SettingsParser;
import io.watchpost.log.EventLog;
import io.watchpost.proc.SystemFixtures;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.testing.LogCapture;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuiltInMetricsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path host;
    Path proc;
    LogCapture logs;
    BuiltInMetrics metrics;

    @BeforeEach
    void copyFixtures() {
        SystemFixtures.copyHost(host);
        proc = host.resolve("proc");
        logs = new LogCapture(CLOCK, EventLog.Level.INFO);
        metrics = new BuiltInMetrics(logs.log);
    }

    private Settings settings(String... names) {
        return settings(host, names);
    }

    private Settings settings(Path diskPath, String... names) {
        Settings d = Settings.defaults();
        return new Settings(d.sampleInterval(), proc, d.reportFormat(), d.keyNames(), d.maxReportBytes(),
                d.includeLoopbackTraffic(), List.of(names), d.customMetricsTopic(), d.maxCustomMetrics(), diskPath);
    }

    @Test
    void everyBuiltIn_fromTheFixtures_hasItsKnownValue_andCpuUsageWaitsForASecondSample() throws Exception {
        Settings all = settings(BuiltInMetric.NAMES.toArray(String[]::new));
        SortedMap<String, CustomMetricValue> first = metrics.sample(proc, all);

        assertFalse(first.containsKey("cpu_usage"), "no meaningless first CPU value");
        assertEquals(number("1.60943743503799"), first.get("memory_used_percent"),
                "(24683656 - 24286388) / 24683656 * 100, 15 significant digits");
        assertEquals(number("24286388"), first.get("memory_available_kb"));
        assertEquals(new CustomMetricValue.NumberList(List.of(new BigDecimal("0.6"), new BigDecimal("0.21"),
                new BigDecimal("0.07"))), first.get("load_average"));
        assertEquals(number("1"), first.get("process_count"), "the fixture root has one pid directory: 1");
        assertEquals(number("435.87"), first.get("uptime_seconds"));
        assertEquals(new CustomMetricValue.StringList(List.of("eth0")), first.get("network_interfaces"),
                "lo is loopback, ifb0/ifb1 are down");
        assertEquals(new CustomMetricValue.IpList(List.of("192.0.2.2", "fd00::2")), first.get("local_ip_addresses"),
                "eth0's addresses without loopback and fe80::fc:ff:fe00:1");
        BigDecimal disk = ((CustomMetricValue.Number) first.get("disk_used_percent")).value();
        assertEquals(DiskUsage.of(host).usedPercent().orElseThrow().doubleValue(), disk.doubleValue(), 0.5);
        assertEquals(List.of("disk_used_percent", "load_average", "local_ip_addresses", "memory_available_kb",
                "memory_used_percent", "network_interfaces", "process_count", "uptime_seconds"),
                List.copyOf(first.keySet()),
                "sorted by name");
        assertTrue(logs.lines("custom_metric_unavailable").isEmpty(), logs.lines().toString());

        Files.copy(SystemFixtures.resource("samples/stat.later"), proc.resolve("stat"), StandardCopyOption.REPLACE_EXISTING);
        SortedMap<String, CustomMetricValue> second = metrics.sample(proc, all);
        assertEquals(number("99.3069306930693"), second.get("cpu_usage"),
                "busy 1003 of 1010 ticks: total +1010, idle+iowait +7");
    }

    @Test
    void onlyConfiguredMetrics_areMeasured() {
        assertEquals(Map.of("uptime_seconds", number("435.87")), metrics.sample(proc, settings("uptime_seconds")));
        assertEquals(Map.of(), metrics.sample(proc, settings()));
    }

    @Test
    void cpuUsage_restartsItsIntervalWhenTheProcRootChanges(@TempDir Path otherHost) throws Exception {
        SystemFixtures.copyHost(otherHost);
        Path otherProc = otherHost.resolve("proc");
        Files.copy(SystemFixtures.resource("samples/stat.later"), otherProc.resolve("stat"),
                StandardCopyOption.REPLACE_EXISTING);
        metrics.sample(proc, settings("cpu_usage"));
        assertFalse(metrics.sample(otherProc, settings("cpu_usage")).containsKey("cpu_usage"),
                "counters of another host are no interval");
    }

    @Test
    void cpuUsage_isLeftOutWhenCountersDidNotAdvance() {
        metrics.sample(proc, settings("cpu_usage"));
        assertFalse(metrics.sample(proc, settings("cpu_usage")).containsKey("cpu_usage"));
        assertEquals(1, logs.lines("custom_metric_unavailable").size());
        assertTrue(logs.lines().get(0).contains("did not advance"), logs.lines().toString());
    }

    @Test
    void unreadableMetric_isLeftOut_loggedOnce_andLoggedAgainWhenBack() throws Exception {
        byte[] meminfo = Files.readAllBytes(proc.resolve("meminfo"));
        Files.delete(proc.resolve("meminfo"));
        Settings s = settings("memory_used_percent", "memory_available_kb", "uptime_seconds");
        for (int cycle = 0; cycle < 3; cycle++) {
            assertEquals(Map.of("uptime_seconds", number("435.87")), metrics.sample(proc, s), "the rest still reported");
        }
        List<String> warnings = logs.lines("custom_metric_unavailable");
        assertEquals(2, warnings.size(), "once per metric, not per cycle: " + warnings);
        assertTrue(warnings.get(0).contains("WARN"), warnings.get(0));
        assertTrue(warnings.get(0).contains(proc.resolve("meminfo") + ": does not exist"), warnings.get(0));

        Files.write(proc.resolve("meminfo"), meminfo);
        assertEquals(3, metrics.sample(proc, s).size());
        assertEquals(2, logs.lines("custom_metric_available").size());
    }

    @Test
    void brokenFile_leavesOutOnlyItsMetric() throws Exception {
        Files.writeString(proc.resolve("loadavg"), "0.60 0.21\n");
        SortedMap<String, CustomMetricValue> values = metrics.sample(proc, settings("load_average", "process_count"));
        assertEquals(Map.of("process_count", number("1")), values);
        String warning = logs.lines("custom_metric_unavailable").get(0);
        assertTrue(warning.contains("name=load_average"), warning);
        assertTrue(warning.contains(proc.resolve("loadavg") + ": has 2 fields"), warning);
    }

    @Test
    void networkInterfaces_areLeftOutWhenSysfsShowsAnotherNamespace() throws Exception {
        Files.createDirectories(host.resolve("sys/class/net/docker0"));
        assertEquals(Map.of(), metrics.sample(proc, settings("network_interfaces")));
        String warning = logs.lines("custom_metric_unavailable").get(0);
        assertTrue(warning.contains("another network namespace"), warning);
    }

    @Test
    void networkInterfaces_withCharactersOutsideTheAlphabet_areSkippedAndNotedOnce() throws Exception {
        Path dev = proc.resolve("1/net/dev");
        Files.writeString(dev, Files.readString(dev) + "wifi@x:       0       0    0    0    0     0          0"
                + "         0        0       0    0    0    0     0       0          0\n");
        Path dir = Files.createDirectories(host.resolve("sys/class/net/wifi@x"));
        Files.writeString(dir.resolve("operstate"), "up\n");
        Files.writeString(dir.resolve("flags"), "0x1003\n");
        for (int cycle = 0; cycle < 2; cycle++) {
            assertEquals(new CustomMetricValue.StringList(List.of("eth0")),
                    metrics.sample(proc, settings("network_interfaces")).get("network_interfaces"));
        }
        assertEquals(1, logs.lines("custom_metric_value_skipped").size());
    }

    @Test
    void networkInterfaces_useTheHostNamespaceInPid1Net_evenWhenTheRootHasItsOwnNet() throws Exception {
        Path ownNet = Files.createDirectories(proc.resolve("net"));
        Files.writeString(ownNet.resolve("dev"), Files.readString(proc.resolve("1/net/dev")).replace("eth0", "veth9"));
        assertEquals(new CustomMetricValue.StringList(List.of("eth0")),
                metrics.sample(proc, settings("network_interfaces")).get("network_interfaces"));
        assertTrue(logs.lines().isEmpty(), logs.lines().toString());
    }

    @Test
    void networkMetrics_fallBackToTheRootsOwnNet_withTheCollectorsWarningOnce() throws Exception {
        Path ownNet = Files.createDirectories(proc.resolve("net"));
        try (var files = Files.list(proc.resolve("1/net"))) {
            for (Path f : files.toList()) {
                Files.move(f, ownNet.resolve(f.getFileName()));
            }
        }
        Files.delete(proc.resolve("1/net"));
        Settings s = settings("network_interfaces", "local_ip_addresses");
        for (int cycle = 0; cycle < 2; cycle++) {
            SortedMap<String, CustomMetricValue> values = metrics.sample(proc, s);
            assertEquals(new CustomMetricValue.StringList(List.of("eth0")), values.get("network_interfaces"));
            assertEquals(new CustomMetricValue.IpList(List.of("192.0.2.2", "fd00::2")), values.get("local_ip_addresses"));
        }
        List<String> warnings = logs.lines("proc_host_net_unreadable");
        assertEquals(1, warnings.size(), "once for the root, not per metric or cycle: " + logs.lines());
        assertTrue(warnings.get(0).contains("using=" + ownNet), warnings.get(0));
        assertTrue(warnings.get(0).contains("the network built-in metrics may be this container's own"),
                warnings.get(0));
        assertEquals(1, logs.lines().size(), logs.lines().toString());
    }

    @Test
    void networkInterfaces_withAMalformedNetDevLine_areLeftOutNamingFileLineAndRule() throws Exception {
        Path dev = proc.resolve("1/net/dev");
        Files.writeString(dev, Files.readString(dev) + "   garbage\n");
        assertEquals(Map.of(), metrics.sample(proc, settings("network_interfaces")));
        String warning = logs.lines("custom_metric_unavailable").get(0);
        assertTrue(warning.contains(dev + ": line 7: no ':' after the interface name"), warning);
    }

    @Test
    void networkInterfaces_withoutTheNetDevHeader_areLeftOut() throws Exception {
        Path dev = proc.resolve("1/net/dev");
        Files.writeString(dev, Files.readString(dev).lines().skip(2).reduce("", (a, b) -> a + b + "\n"));
        assertEquals(Map.of(), metrics.sample(proc, settings("network_interfaces")));
        String warning = logs.lines("custom_metric_unavailable").get(0);
        assertTrue(warning.contains(dev + ": line 1: expected a header line (and 1 more malformed lines)"), warning);
    }

    @Test
    void diskUsedPercent_ofAMissingPath_isLeftOutNamingThePath() {
        Path missing = host.resolve("no/such/dir");
        Settings s = settings(missing, "disk_used_percent");
        assertEquals(Map.of(), metrics.sample(proc, s));
        assertTrue(logs.lines("custom_metric_unavailable").get(0).contains(missing.toString()));
    }

    @Test
    void builtInNames_areWhatTheSettingsParserAccepts() {
        SettingsParser parser = new SettingsParser(300, BuiltInMetric.NAMES);
        SettingsParser.Result r = parser.parse(Map.of(SettingsParser.CUSTOM_METRICS,
                List.of("cpu_usage", "network_interfaces", "local_ip_addresses", "wifi_ssids")), Settings.defaults());
        assertEquals(List.of("cpu_usage", "network_interfaces", "local_ip_addresses"), r.settings().customMetrics());
        assertEquals(1, r.problems().size());
        assertEquals(9, BuiltInMetric.NAMES.size());
    }

    @Test
    void createCommand_namesTheMetricAndItsType() {
        assertEquals("aws iot create-custom-metric --metric-name load_average --metric-type number-list"
                + " --display-name \"Load average 1/5/15 min\"", BuiltInMetric.LOAD_AVERAGE.createCommand());
    }

    private static CustomMetricValue number(String v) {
        return new CustomMetricValue.Number(new BigDecimal(v));
    }
}
