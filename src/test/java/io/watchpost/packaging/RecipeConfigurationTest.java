package io.watchpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.watchpost.config.DetectSettings;
import io.watchpost.config.Settings;
import io.watchpost.config.SettingsParser;
import io.watchpost.config.KeyNames;
import io.watchpost.config.ReportFormat;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The recipe's DefaultConfiguration is exactly what the code accepts, with exactly the code's defaults. */
class RecipeConfigurationTest {

    private static final String SOME_BUILT_IN_METRIC = "disk_used_percent";

    @Test
    void defaultConfigurationHasEveryAcceptedKeyAndAccessControlAndNothingElse() {
        Map<String, Object> config = ProjectFiles.asMap(ProjectFiles.defaultConfiguration(ProjectFiles.recipe()));
        List<String> expected = new ArrayList<>(SettingsParser.KEYS);
        expected.add(SettingsParser.ACCESS_CONTROL);
        assertEquals(expected, new ArrayList<>(config.keySet()),
                "DefaultConfiguration keys (in SettingsParser.KEYS order, then accessControl)");
    }

    @Test
    void everyDefaultValueParsesToTheCodesDefault() {
        Map<String, Object> config = ProjectFiles.asMap(ProjectFiles.defaultConfiguration(ProjectFiles.recipe()));
        // The fallback differs from the defaults in every field, so a key missing from the recipe, or a recipe value
        // the parser refuses, leaves a fallback value behind and the comparison below fails.
        Settings everythingDifferent = new Settings(Duration.ofSeconds(900), Path.of("/host/proc"), ReportFormat.CBOR,
                KeyNames.SHORT, 4096, true, List.of(SOME_BUILT_IN_METRIC), "other/topic", 7, Path.of("/data"),
                new DetectSettings(List.of("/etc/profile.json"), Optional.of(Duration.ofSeconds(60)), false,
                        true, 10, Duration.ofSeconds(600), true, "other/events"));
        for (var component : Settings.class.getRecordComponents()) {
            assertNotEquals(read(component, Settings.defaults()), read(component, everythingDifferent),
                    "the fallback must differ from the defaults in " + component.getName());
        }
        for (var component : DetectSettings.class.getRecordComponents()) {
            assertNotEquals(read(component, DetectSettings.defaults()), read(component, everythingDifferent.detect()),
                    "the fallback must differ from the defaults in detect." + component.getName());
        }

        SettingsParser.Result result = new SettingsParser(300, Set.of(SOME_BUILT_IN_METRIC))
                .parse(config, everythingDifferent);

        assertEquals(List.of(), result.problems(), "recipe defaults refused by SettingsParser");
        assertEquals(Set.of(), result.unknownKeys());
        assertEquals(Settings.defaults(), result.settings());
    }

    @Test
    void defaultsAreWrittenInTheirNaturalTypes() {
        // Greengrass hands these to the component as JSON types; a number written as a string would still parse,
        // but the recipe is also the documentation of each key's type.
        Map<String, Object> config = ProjectFiles.asMap(ProjectFiles.defaultConfiguration(ProjectFiles.recipe()));
        assertEquals(300, config.get(SettingsParser.SAMPLE_INTERVAL_SECONDS));
        assertEquals("/proc", config.get(SettingsParser.PROC_DESTINATION_PATH));
        assertEquals("json", config.get(SettingsParser.REPORT_FORMAT));
        assertEquals("long", config.get(SettingsParser.KEY_NAMES));
        assertEquals(131072, config.get(SettingsParser.MAX_REPORT_BYTES));
        assertEquals(false, config.get(SettingsParser.INCLUDE_LOOPBACK_TRAFFIC));
        assertEquals(List.of(), config.get(SettingsParser.CUSTOM_METRICS));
        assertEquals("watchpost/custom-metrics", config.get(SettingsParser.CUSTOM_METRICS_TOPIC));
        assertEquals(50, config.get(SettingsParser.MAX_CUSTOM_METRICS));
        assertEquals("/", config.get(SettingsParser.DISK_USAGE_PATH));
        assertEquals(List.of(), config.get(SettingsParser.SECURITY_PROFILES));
        assertEquals(DetectSettings.FOLLOW_SAMPLE_INTERVAL, config.get(SettingsParser.DETECT_INTERVAL_SECONDS));
        assertEquals(true, config.get(SettingsParser.PUBLISH_METRICS_REPORTS));
        assertEquals("unsupported", config.get(SettingsParser.STATISTICAL_MODE));
        assertEquals(288, config.get(SettingsParser.MIN_BASELINE_DATAPOINTS));
        assertEquals(172800, config.get(SettingsParser.INVALIDATE_AFTER_SECONDS));
        assertEquals(false, config.get(SettingsParser.LEARN_BEHAVIOR));
        assertEquals("watchpost/things/{thingName}/detect/events", config.get(SettingsParser.DETECT_EVENTS_TOPIC));
    }

    private static Object read(RecordComponent component, Object settings) {
        try {
            return component.getAccessor().invoke(settings);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
