package io.watchpost.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchpost.config.Settings;
import io.watchpost.log.EventLog;
import io.watchpost.proc.SystemFixtures;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.testing.LogCapture;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomMetricsSourceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path host;
    LogCapture logs;
    CustomMetricInbox inbox;
    CustomMetricsSource source;

    @BeforeEach
    void setUp() {
        SystemFixtures.copyHost(host);
        logs = new LogCapture(CLOCK, EventLog.Level.INFO);
        inbox = new CustomMetricInbox(logs.log, CLOCK, () -> 50);
        source = new CustomMetricsSource(new BuiltInMetrics(logs.log), inbox, logs.log);
    }

    private Settings settings(String... builtIns) {
        Settings d = Settings.defaults();
        return new Settings(d.sampleInterval(), host.resolve("proc"), d.reportFormat(), d.keyNames(),
                d.maxReportBytes(), d.includeLoopbackTraffic(), List.of(builtIns), d.customMetricsTopic(),
                d.maxCustomMetrics(), host);
    }

    private void send(String json) {
        inbox.accept(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void builtInsAndReceivedMetrics_areMergedAndSortedByName() {
        send("{\"name\":\"zz_last\",\"number\":1}");
        send("{\"name\":\"aa_first\",\"string_list\":[\"x\"]}");
        SortedMap<String, CustomMetricValue> metrics = source.next(settings("uptime_seconds", "process_count"));
        assertEquals(List.of("aa_first", "process_count", "uptime_seconds", "zz_last"), List.copyOf(metrics.keySet()));
        assertEquals(new CustomMetricValue.Number(new BigDecimal("435.87")), metrics.get("uptime_seconds"));
    }

    @Test
    void anEnabledBuiltIn_winsOverAReceivedMetricOfTheSameName_evenBeforeItHasAValue() throws Exception {
        send("{\"name\":\"cpu_usage\",\"number\":1}");
        send("{\"name\":\"uptime_seconds\",\"number\":5}");
        Settings s = settings("cpu_usage", "uptime_seconds");

        SortedMap<String, CustomMetricValue> first = source.next(s);
        assertEquals(List.of("uptime_seconds"), List.copyOf(first.keySet()), "no stand-in for the first CPU sample");
        assertEquals(new CustomMetricValue.Number(new BigDecimal("435.87")), first.get("uptime_seconds"));

        Files.copy(SystemFixtures.resource("samples/stat.later"), host.resolve("proc/stat"),
                StandardCopyOption.REPLACE_EXISTING);
        SortedMap<String, CustomMetricValue> second = source.next(s);
        assertEquals(new CustomMetricValue.Number(new BigDecimal("99.3069306930693")), second.get("cpu_usage"));
        assertEquals(2, logs.lines("custom_metric_shadowed").size(), "once per name, not per cycle");
    }

    @Test
    void aBuiltInNameThatIsNotEnabled_isFreeForOtherComponents() {
        send("{\"name\":\"cpu_usage\",\"number\":12.5}");
        assertEquals(new CustomMetricValue.Number(new BigDecimal("12.5")), source.next(settings()).get("cpu_usage"));
    }
}
