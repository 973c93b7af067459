package io.watchpost.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.watchpost.config.Settings;
import io.watchpost.log.EventLog;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.testing.LogCapture;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** The parsers against this machine's live /proc (skipped where there is none). BuiltInMetricsBench prints the cost. */
class LiveProcTest {
    private static final Path PROC = Path.of("/proc");
    private static final List<String> PROC_METRICS = List.of("cpu_usage", "memory_used_percent",
            "memory_available_kb", "load_average", "process_count", "uptime_seconds", "disk_used_percent");

    @Test
    void liveProc_givesEveryProcMetric_andCpuUsageOnlyFromTheSecondSample() {
        assumeTrue(Files.isReadable(PROC.resolve("stat")), "no Linux /proc here");
        LogCapture logs = new LogCapture(Clock.systemUTC(), EventLog.Level.INFO);
        BuiltInMetrics metrics = new BuiltInMetrics(logs.log);
        Settings s = procMetricsSettings();

        SortedMap<String, CustomMetricValue> first = metrics.sample(PROC, s);
        assertFalse(first.containsKey("cpu_usage"));
        assertEquals(6, first.size(), () -> first + " " + logs.lines());
        assertTrue(value(first, "memory_available_kb").signum() > 0);
        assertTrue(value(first, "process_count").compareTo(BigDecimal.ONE) >= 0);
        assertTrue(value(first, "uptime_seconds").signum() > 0);
        BigDecimal mem = value(first, "memory_used_percent");
        assertTrue(mem.signum() >= 0 && mem.compareTo(BigDecimal.valueOf(100)) <= 0, mem::toString);
        assertEquals(3, ((CustomMetricValue.NumberList) first.get("load_average")).values().size());

    }

    /** Default settings reading every /proc metric from the live /proc. */
    static Settings procMetricsSettings() {
        Settings d = Settings.defaults();
        return new Settings(d.sampleInterval(), PROC, d.reportFormat(), d.keyNames(), d.maxReportBytes(),
                d.includeLoopbackTraffic(), PROC_METRICS, d.customMetricsTopic(), d.maxCustomMetrics(), Path.of("/"));
    }

    private static BigDecimal value(SortedMap<String, CustomMetricValue> m, String name) {
        return ((CustomMetricValue.Number) m.get(name)).value();
    }
}
