package io.watchpost.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.config.KeyNames;
import io.watchpost.config.ReportFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsParserTest {
    private final SettingsParser parser = new SettingsParser(300, Set.of("cpu_usage", "uptime_seconds"));

    @Test
    void emptyConfigurationGivesTheDefaults() {
        SettingsParser.Result r = parser.parse(Map.of(), Settings.defaults());
        assertEquals(Settings.defaults(), r.settings());
        assertTrue(r.problems().isEmpty());
        assertTrue(r.unknownKeys().isEmpty());
    }

    @Test
    void greengrassDoublesAndV1NumericStringsAreAcceptedAsIntervals() {
        assertEquals(Duration.ofSeconds(600),
                parser.parse(Map.of("SampleIntervalSeconds", 600.0), Settings.defaults()).settings().sampleInterval());
        assertEquals(Duration.ofSeconds(900),
                parser.parse(Map.of("SampleIntervalSeconds", "900"), Settings.defaults()).settings().sampleInterval());
        // The V1 connector's pattern accepted leading zeros.
        assertEquals(Duration.ofSeconds(300),
                parser.parse(Map.of("SampleIntervalSeconds", "0300"), Settings.defaults()).settings().sampleInterval());
    }

    @ParameterizedTest
    @ValueSource(strings = {"299", "abc", "", "300.5", "-300", "172801", "1e400"})
    void invalidIntervalKeepsTheFallbackAndNamesKeyValueAndRule(String given) {
        Settings previous = Settings.defaults().withSampleInterval(Duration.ofSeconds(1200));
        SettingsParser.Result r = parser.parse(Map.of("SampleIntervalSeconds", given), previous);
        assertEquals(Duration.ofSeconds(1200), r.settings().sampleInterval());
        assertEquals(1, r.problems().size());
        SettingsProblem p = r.problems().get(0);
        assertEquals("SampleIntervalSeconds", p.key());
        assertEquals("\"" + given + "\"", p.givenValue());
        assertTrue(p.describe().contains("from 300 to 172800"), p.describe());
    }

    @Test
    void nonIntegralDoubleIntervalIsRefused() {
        SettingsParser.Result r = parser.parse(Map.of("SampleIntervalSeconds", 300.25), Settings.defaults());
        assertEquals(Duration.ofSeconds(300), r.settings().sampleInterval());
        assertEquals("300.25", r.problems().get(0).givenValue());
    }

    @Test
    void localModeMayAllowShorterIntervals() {
        SettingsParser local = new SettingsParser(1, Set.of());
        assertEquals(Duration.ofSeconds(10),
                local.parse(Map.of("SampleIntervalSeconds", 10.0), Settings.defaults()).settings().sampleInterval());
    }

    @Test
    void everyKeyIsParsed() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("SampleIntervalSeconds", 3600.0);
        raw.put("ProcDestinationPath", "/host_proc/");
        raw.put("ReportFormat", "CBOR");
        raw.put("KeyNames", "short");
        raw.put("MaxReportBytes", 65536.0);
        raw.put("IncludeLoopbackTraffic", "true");
        raw.put("CustomMetrics", List.of("uptime_seconds", "cpu_usage", "cpu_usage"));
        raw.put("CustomMetricsTopic", "fleet/metrics");
        raw.put("MaxCustomMetrics", 10.0);
        raw.put("DiskUsagePath", "/data");
        raw.put("SecurityProfiles", List.of("profiles/ports.json", Map.of("securityProfileName", "inline")));
        raw.put("DetectIntervalSeconds", "60");
        raw.put("PublishMetricsReports", false);
        raw.put("StatisticalMode", "self-baseline");
        raw.put("MinBaselineDatapoints", 20.0);
        raw.put("InvalidateAfterSeconds", 3600.0);
        raw.put("LearnBehavior", true);
        raw.put("DetectEventsTopic", "fleet/{thingName}/alarms");
        SettingsParser.Result r = parser.parse(raw, Settings.defaults());
        assertTrue(r.problems().isEmpty(), r.problems().toString());
        Settings s = r.settings();
        assertEquals(Duration.ofHours(1), s.sampleInterval());
        assertEquals(Path.of("/host_proc"), s.procRoot());
        assertEquals(ReportFormat.CBOR, s.reportFormat());
        assertEquals(KeyNames.SHORT, s.keyNames());
        assertEquals(65536, s.maxReportBytes());
        assertTrue(s.includeLoopbackTraffic());
        assertEquals(List.of("uptime_seconds", "cpu_usage"), s.customMetrics());
        assertEquals("fleet/metrics", s.customMetricsTopic());
        assertEquals(10, s.maxCustomMetrics());
        assertEquals(Path.of("/data"), s.diskUsagePath());
        DetectSettings d = s.detect();
        assertEquals(List.of("profiles/ports.json", Map.of("securityProfileName", "inline")), d.securityProfiles());
        assertEquals(Duration.ofSeconds(60), s.detectInterval());
        assertFalse(d.publishMetricsReports());
        assertTrue(d.selfBaseline());
        assertEquals(20, d.minBaselineDatapoints());
        assertEquals(Duration.ofHours(1), d.invalidateAfter());
        assertTrue(d.learnBehavior());
        assertEquals("fleet/gw-7/alarms", d.eventsTopic("gw-7"));
        assertEquals(SettingsParser.KEYS.size(), raw.size());
    }

    @Test
    void detectIsOffByDefaultAndItsIntervalFollowsTheSampleInterval() {
        Settings s = parser.parse(Map.of("SampleIntervalSeconds", 600.0, "DetectIntervalSeconds",
                "SampleIntervalSeconds"), Settings.defaults()).settings();
        assertFalse(s.detect().enabled());
        assertEquals(Duration.ofSeconds(600), s.detectInterval());
        assertEquals("watchpost/things/gw-1/detect/events", s.detect().eventsTopic("gw-1"));
    }

    @Test
    void invalidDetectValuesKeepTheFallbackAndNameKeyValueAndRule() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("SecurityProfiles", "profile.json");
        raw.put("DetectIntervalSeconds", 9.0);
        raw.put("PublishMetricsReports", "yes");
        raw.put("StatisticalMode", "ml");
        raw.put("MinBaselineDatapoints", 0.0);
        raw.put("InvalidateAfterSeconds", "soon");
        raw.put("DetectEventsTopic", "alarms/+/events");
        Settings fallback = Settings.defaults().withDetect(DetectSettings.defaults()
                .withDetectInterval(java.util.Optional.of(Duration.ofSeconds(30))));
        SettingsParser.Result r = parser.parse(raw, fallback);
        assertEquals(fallback, r.settings());
        assertEquals(Set.of("SecurityProfiles", "DetectIntervalSeconds", "PublishMetricsReports", "StatisticalMode",
                "MinBaselineDatapoints", "InvalidateAfterSeconds", "DetectEventsTopic"),
                Set.copyOf(r.problems().stream().map(SettingsProblem::key).toList()));
        SettingsProblem interval = r.problems().stream().filter(p -> p.key().equals("DetectIntervalSeconds"))
                .findFirst().orElseThrow();
        assertEquals("9.0", interval.givenValue());
        assertTrue(interval.rule().contains("from 10"), interval.rule());
    }

    @Test
    void eachInvalidValueIsReportedAndTheOthersStillApply() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("ProcDestinationPath", "relative/proc");
        raw.put("ReportFormat", "xml");
        raw.put("KeyNames", 1.0);
        raw.put("MaxReportBytes", 200000.0);
        raw.put("IncludeLoopbackTraffic", "yes");
        raw.put("CustomMetricsTopic", "a/+/b");
        raw.put("SampleIntervalSeconds", 600.0);
        SettingsParser.Result r = parser.parse(raw, Settings.defaults());
        assertEquals(Duration.ofSeconds(600), r.settings().sampleInterval());
        Settings d = Settings.defaults();
        assertEquals(d.withSampleInterval(Duration.ofSeconds(600)), r.settings());
        assertEquals(Set.of("ProcDestinationPath", "ReportFormat", "KeyNames", "MaxReportBytes",
                        "IncludeLoopbackTraffic", "CustomMetricsTopic"),
                Set.copyOf(r.problems().stream().map(SettingsProblem::key).toList()));
    }

    @Test
    void unknownCustomMetricNamesAreNamedAndTheRestApply() {
        SettingsParser.Result r = parser.parse(Map.of("CustomMetrics", List.of("cpu_usage", "gpu_temp")),
                Settings.defaults());
        assertEquals(List.of("cpu_usage"), r.settings().customMetrics());
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0).describe().contains("gpu_temp"), r.problems().get(0).describe());
    }

    @Test
    void customMetricsOfTheWrongTypeKeepThePreviousList() {
        Settings previous = parser.parse(Map.of("CustomMetrics", List.of("uptime_seconds")), Settings.defaults())
                .settings();
        SettingsParser.Result r = parser.parse(Map.of("CustomMetrics", 5.0), previous);
        assertEquals(List.of("uptime_seconds"), r.settings().customMetrics());
        assertEquals("CustomMetrics", r.problems().get(0).key());
    }

    @Test
    void unknownKeysAreListedButAccessControlIsNeverASettingOrUnknown() {
        SettingsParser.Result r = parser.parse(
                Map.of("accessControl", Map.of("aws.greengrass.ipc.mqttproxy", Map.of()), "Colour", "blue"),
                Settings.defaults());
        assertEquals(Set.of("Colour"), r.unknownKeys());
        assertTrue(r.problems().isEmpty());
    }

    @Test
    void wholeNumberRefusesFractionsAndNonNumbers() {
        assertEquals(300L, SettingsParser.wholeNumber(300.0));
        assertEquals(300L, SettingsParser.wholeNumber(" 300 "));
        assertEquals(null, SettingsParser.wholeNumber(Double.NaN));
        assertEquals(null, SettingsParser.wholeNumber(true));
        assertFalse(SettingsParser.wholeNumber("3e2") == null);
    }
}
