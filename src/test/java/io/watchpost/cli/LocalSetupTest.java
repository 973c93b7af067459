package io.watchpost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.config.SettingsParser;
import io.watchpost.custom.BuiltInMetric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSetupTest {
    @TempDir
    Path dir;

    private LocalSetup setup(String... args) throws Exception {
        return LocalSetup.from(LocalOptions.parse(args), BuiltInMetric.NAMES);
    }

    @Test
    void withoutConfigTheCoreServesTheDefaultLocalInterval() throws Exception {
        LocalSetup s = setup();
        assertEquals(Duration.ofSeconds(10), s.interval());
        assertEquals(10L, s.configuration().get(SettingsParser.SAMPLE_INTERVAL_SECONDS));
        assertEquals(List.of(), s.problems());
    }

    @Test
    void configFileKeysAreServedAndFlagsOverrideThem() throws Exception {
        Path file = Files.writeString(dir.resolve("c.json"),
                "{\"SampleIntervalSeconds\": 5, \"ReportFormat\": \"cbor\", \"ProcDestinationPath\": \"/proc\"}");
        LocalSetup fromFile = setup("--config", file.toString());
        assertEquals(Duration.ofSeconds(5), fromFile.interval());
        assertEquals("cbor", fromFile.configuration().get(SettingsParser.REPORT_FORMAT));

        LocalSetup flags = setup("--config", file.toString(), "--interval", "3", "--proc-root", "/host/proc");
        assertEquals(Duration.ofSeconds(3), flags.interval());
        assertEquals(3L, flags.configuration().get(SettingsParser.SAMPLE_INTERVAL_SECONDS));
        assertEquals("/host/proc", flags.configuration().get(SettingsParser.PROC_DESTINATION_PATH));
    }

    @Test
    void invalidAndUnknownKeysAreNamedAndTheDefaultIsUsed() throws Exception {
        Path file = Files.writeString(dir.resolve("c.json"), "{\"SampleIntervalSeconds\": 0, \"Colour\": \"red\"}");
        LocalSetup s = setup("--config", file.toString());
        assertEquals(Duration.ofSeconds(10), s.interval());
        assertEquals(2, s.problems().size(), s.problems().toString());
        assertTrue(s.problems().get(0).startsWith(file + ": "), s.problems().get(0));
        assertTrue(s.problems().get(0).contains("SampleIntervalSeconds"), s.problems().get(0));
        assertTrue(s.problems().get(1).contains("unknown key \"Colour\""), s.problems().get(1));
    }

    @Test
    void anUnreadableOrNonObjectConfigFileIsNamed() throws Exception {
        Path missing = dir.resolve("missing.json");
        IOException e1 = assertThrows(IOException.class, () -> setup("--config", missing.toString()));
        assertTrue(e1.getMessage().contains(missing.toString()), e1.getMessage());
        Path list = Files.writeString(dir.resolve("list.json"), "[1, 2]");
        IOException e2 = assertThrows(IOException.class, () -> setup("--config", list.toString()));
        assertEquals("config file " + list + " must hold a JSON object of configuration keys", e2.getMessage());
    }

    @Test
    void theStandInThrottlesAtExactlyTheInterval() throws Exception {
        assertEquals(Duration.ofSeconds(1), setup("--interval", "1").standInSpacing());
        assertEquals(Duration.ofSeconds(300), setup("--interval", "300").standInSpacing());
    }

    private static final String PROFILE = """
            {"securityProfileName": "edge", "behaviors": [
              {"name": "ports", "metric": "aws:listening-tcp-ports",
               "criteria": {"comparisonOperator": "in-port-set", "value": {"ports": [22]}}}%s]}
            """;

    @Test
    void aProfileIsServedAsSecurityProfilesWithTheLocalIntervalAsDetectInterval() throws Exception {
        Path profile = Files.writeString(dir.resolve("p.json"), PROFILE.formatted(""));
        LocalSetup s = setup("--profile", profile.toString(), "--interval", "12", "--thing", "dev-7");
        assertEquals(List.of(profile.toString()), s.configuration().get("SecurityProfiles"));
        assertEquals(12L, s.configuration().get("DetectIntervalSeconds"));
        assertEquals("watchpost/things/dev-7/detect/events", s.eventsTopic());
        assertEquals(List.of(), s.problems());
        // Under the component's 10 s minimum, Detect follows the report interval, which is the local interval.
        assertEquals("SampleIntervalSeconds",
                setup("--profile", profile.toString(), "--interval", "3").configuration().get("DetectIntervalSeconds"));
        // Without --profile nothing of Detect is served.
        assertTrue(setup().configuration().keySet().stream().noneMatch(LocalSetup.DETECT_KEYS::contains));
    }

    @Test
    void detectKeysOfTheConfigFileAreServedAndNotReportedUnknown() throws Exception {
        Path profile = Files.writeString(dir.resolve("p.json"), PROFILE.formatted(""));
        Path file = Files.writeString(dir.resolve("c.json"), "{\"DetectIntervalSeconds\": 30, "
                + "\"DetectEventsTopic\": \"site/{thingName}/alarms\", \"LearnBehavior\": true}");
        LocalSetup s = setup("--config", file.toString(), "--profile", profile.toString());
        assertEquals(30, s.configuration().get("DetectIntervalSeconds"));
        assertEquals(true, s.configuration().get("LearnBehavior"));
        assertEquals("site/watchpost-local/alarms", s.eventsTopic());
        assertEquals(List.of(), s.problems());
    }

    @Test
    void aProfileWithARejectedBehaviorRefusesToStartNamingEveryProblem() throws Exception {
        Path profile = Files.writeString(dir.resolve("p.json"), PROFILE.formatted(", {\"name\": \"bad\", "
                + "\"metric\": \"aws:listening-tcp-ports\", \"criteria\": {\"comparisonOperator\": \"in-port-set\", "
                + "\"value\": {\"ports\": [70000]}}}"));
        IOException e = assertThrows(IOException.class, () -> setup("--profile", profile.toString()));
        assertTrue(e.getMessage().startsWith("profile " + profile + " is not usable:\n  " + profile
                + ": profile \"edge\" behavior \"bad\" field criteria.value.ports[0]: rejected: "), e.getMessage());

        Path notJson = Files.writeString(dir.resolve("broken.json"), "{\"behaviors\": [");
        IOException broken = assertThrows(IOException.class, () -> setup("--profile", notJson.toString()));
        assertTrue(broken.getMessage().startsWith("profile " + notJson + " is not usable:\n  " + notJson
                + ": not loaded: "), broken.getMessage());
    }

    @Test
    void statisticalModeFromTheConfigFileDecidesWhatLoads() throws Exception {
        Path profile = Files.writeString(dir.resolve("p.json"), PROFILE.formatted(", {\"name\": \"p90\", "
                + "\"metric\": \"aws:num-established-tcp-connections\", \"criteria\": {\"comparisonOperator\": "
                + "\"greater-than\", \"statisticalThreshold\": {\"statistic\": \"p90\"}, \"durationSeconds\": 300}}"));
        Path unsupported = Files.writeString(dir.resolve("u.json"), "{\"StatisticalMode\": \"unsupported\"}");
        LocalSetup u = setup("--config", unsupported.toString(), "--profile", profile.toString());
        assertEquals(1, u.problems().size(), u.problems().toString());
        assertTrue(u.problems().get(0).contains("behavior \"p90\"") && u.problems().get(0).contains("unsupported"),
                u.problems().get(0));
        Path baseline = Files.writeString(dir.resolve("b.json"), "{\"StatisticalMode\": \"self-baseline\"}");
        assertEquals(List.of(), setup("--config", baseline.toString(), "--profile", profile.toString()).problems());
        Path bad = Files.writeString(dir.resolve("x.json"), "{\"StatisticalMode\": \"fleet\"}");
        assertEquals(List.of(bad + ": StatisticalMode=\"fleet\" is invalid: must be \"unsupported\" or "
                + "\"self-baseline\" (the default is used instead)", u.problems().get(0)),
                setup("--config", bad.toString(), "--profile", profile.toString()).problems());
    }

    @Test
    void anUnsupportedBehaviorIsAProblemLineAndTheRestRuns() throws Exception {
        Path profile = Files.writeString(dir.resolve("p.json"), PROFILE.formatted(", {\"name\": \"ml\", "
                + "\"metric\": \"aws:num-listening-tcp-ports\", \"criteria\": {\"mlDetectionConfig\": "
                + "{\"confidenceLevel\": \"HIGH\"}}}"));
        LocalSetup s = setup("--profile", profile.toString());
        assertEquals(1, s.problems().size(), s.problems().toString());
        assertTrue(s.problems().get(0).contains("behavior \"ml\"")
                && s.problems().get(0).contains("unsupported-on-device"), s.problems().get(0));
    }
}
