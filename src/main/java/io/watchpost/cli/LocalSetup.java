package io.watchpost.cli;

import io.watchpost.config.Settings;
import io.watchpost.config.SettingsParser;
import io.watchpost.config.SettingsProblem;
import io.watchpost.runtime.ReportTiming;
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
 * applied), the interval, and the schedule floors that follow from it.
 *
 * @param configuration what GetConfiguration answers; the runtime parses it like a deployed configuration
 * @param interval      seconds between reports
 * @param problems      values of the config file that the runtime will refuse, one readable line each
 */
public record LocalSetup(Map<String, Object> configuration, Duration interval, List<String> problems) {
    /** The first report comes this soon after connecting, so a user sees one at once. */
    static final Duration FIRST_REPORT_MIN = Duration.ofSeconds(1);
    static final Duration FIRST_REPORT_MAX = Duration.ofSeconds(2);

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
     * The timing of local mode's component child, which is given the interval on its command line: reports one interval
     * apart (not 300 s), the first within seconds.
     */
    public static ReportTiming timing(Duration interval) {
        return new ReportTiming(interval, FIRST_REPORT_MIN, FIRST_REPORT_MAX);
    }

    /**
     * The stand-in's throttling limit. The runtime spaces the <em>starts</em> of its cycles one interval apart while the
     * stand-in measures between <em>publishes</em>, which come after a collection whose length varies; so the stand-in
     * allows up to 1 s (at most half the interval) less than the interval. A report sent early still gets Throttled.
     */
    public Duration standInSpacing() {
        Duration tolerance = Duration.ofSeconds(1);
        Duration half = interval.dividedBy(2);
        return interval.minus(tolerance).compareTo(half) > 0 ? interval.minus(tolerance) : half;
    }

    private static Settings defaults() {
        return Settings.defaults().withSampleInterval(LocalOptions.DEFAULT_INTERVAL);
    }
}
