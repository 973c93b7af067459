package io.watchpost.cli;

import io.watchpost.config.Settings;
import io.watchpost.config.SettingsParser;
import io.watchpost.config.SettingsProblem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code watchpost local} runs with: the configuration the embedded core serves (the config file with the flags
 * applied) and the interval in it.
 *
 * @param configuration what GetConfiguration answers; the runtime parses it like a deployed configuration, and its
 *                      {@code SampleIntervalSeconds} is the only way the interval reaches the component child
 * @param interval      seconds between reports (the stand-in's throttling limit; printed at start)
 * @param problems      values of the config file that the runtime will refuse, one readable line each
 */
public record LocalSetup(Map<String, Object> configuration, Duration interval, List<String> problems) {
    public LocalSetup {
        // A config file may hold JSON nulls (the parser treats them as absent), which Map.copyOf refuses.
        configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
        problems = List.copyOf(problems);
    }

    /**
     * @param builtInMetrics names accepted in CustomMetrics
     * @throws IOException the config file cannot be read or is not a JSON object (the message names it)
     */
    public static LocalSetup from(LocalOptions options, Set<String> builtInMetrics) throws IOException {
        Map<String, Object> raw = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (options.config().isPresent()) {
            Path file = options.config().get();
            try {
                raw.putAll(ConfigFile.read(file));
            } catch (ConfigFile.Unusable e) {
                throw new IOException(e.getMessage());
            }
            SettingsParser.Result checked = parser(builtInMetrics).parse(raw, defaults());
            for (SettingsProblem p : checked.problems()) {
                problems.add(file + ": " + p.describe() + " (the default is used instead)");
            }
            for (String key : checked.unknownKeys()) {
                problems.add(file + ": unknown key \"" + key + "\" is ignored; known keys are " + SettingsParser.KEYS);
            }
        }
        options.procRoot().ifPresent(root -> raw.put(SettingsParser.PROC_DESTINATION_PATH, root.toString()));
        Duration interval = options.interval().orElseGet(
                () -> parser(builtInMetrics).parse(raw, defaults()).settings().sampleInterval());
        raw.put(SettingsParser.SAMPLE_INTERVAL_SECONDS, interval.toSeconds());
        return new LocalSetup(raw, interval, problems);
    }

    /** The parser local mode's runtime uses: the local minimum interval instead of the component's 300 s. */
    public static SettingsParser parser(Set<String> builtInMetrics) {
        return new SettingsParser(LocalOptions.MIN_INTERVAL_SECONDS, builtInMetrics);
    }

    /**
     * The stand-in's throttling limit: exactly the interval. The component spaces its publishes at least one interval
     * (plus a margin) apart, measured from the return of the previous publish call, so even the stand-in's strict
     * measure between receipts never sees them closer.
     */
    public Duration standInSpacing() {
        return interval;
    }

    private static Settings defaults() {
        return Settings.defaults().withSampleInterval(LocalOptions.DEFAULT_INTERVAL);
    }
}
