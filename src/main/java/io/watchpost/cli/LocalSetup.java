package io.watchpost.cli;

import io.watchpost.config.DetectSettings;

import io.watchpost.config.Settings;
import io.watchpost.config.SettingsParser;
import io.watchpost.config.SettingsProblem;
import io.watchpost.detect.LoadedProfiles;
import io.watchpost.detect.ProfileLoader;
import io.watchpost.detect.ProfileProblem;
import io.watchpost.detect.StatisticalMode;
import io.watchpost.runtime.DetectRunner;
import io.watchpost.runtime.ThingName;
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
 * applied), the interval in it, and the topic the component publishes Detect events on.
 *
 * @param configuration what GetConfiguration answers; the runtime parses it like a deployed configuration, and its
 *                      {@code SampleIntervalSeconds} is the only way the interval reaches the component child
 * @param interval      seconds between reports (the stand-in's throttling limit; printed at start)
 * @param problems      values of the config file that the runtime will refuse, and behaviors of the profile that load
 *                      as unsupported-on-device, one readable line each
 * @param eventsTopic   where the component publishes Detect events (DetectEventsTopic, thing name filled in)
 */
public record LocalSetup(Map<String, Object> configuration, Duration interval, List<String> problems,
                         String eventsTopic) {
    // The component's Detect keys (docs/detect.md), as the runtime's settings parser names them.
    public static final String SECURITY_PROFILES = SettingsParser.SECURITY_PROFILES;
    public static final String DETECT_INTERVAL_SECONDS = SettingsParser.DETECT_INTERVAL_SECONDS;
    public static final String DETECT_EVENTS_TOPIC = SettingsParser.DETECT_EVENTS_TOPIC;
    public static final String DEFAULT_EVENTS_TOPIC = DetectSettings.DEFAULT_EVENTS_TOPIC;
    static final long MIN_DETECT_INTERVAL_SECONDS = DetectSettings.MIN_DETECT_INTERVAL.toSeconds();
    static final List<String> DETECT_KEYS = List.of(SECURITY_PROFILES, DETECT_INTERVAL_SECONDS,
            SettingsParser.PUBLISH_METRICS_REPORTS, SettingsParser.STATISTICAL_MODE,
            SettingsParser.MIN_BASELINE_DATAPOINTS, SettingsParser.INVALIDATE_AFTER_SECONDS,
            SettingsParser.LEARN_BEHAVIOR, DETECT_EVENTS_TOPIC);

    public LocalSetup {
        // A config file may hold JSON nulls (the parser treats them as absent), which Map.copyOf refuses.
        configuration = Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
        problems = List.copyOf(problems);
    }

    /**
     * @param builtInMetrics names accepted in CustomMetrics
     * @throws IOException the config file cannot be read or is not a JSON object, or the profile file does not load
     *                     whole (the message names the file and every problem)
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
            for (String key : checked.unknownKeys().stream().filter(k -> !DETECT_KEYS.contains(k)).sorted().toList()) {
                problems.add(file + ": unknown key \"" + key + "\" is ignored; known keys are " + SettingsParser.KEYS);
            }
        }
        options.procRoot().ifPresent(root -> raw.put(SettingsParser.PROC_DESTINATION_PATH, root.toString()));
        Duration interval = options.interval().orElseGet(
                () -> parser(builtInMetrics).parse(raw, defaults()).settings().sampleInterval());
        raw.put(SettingsParser.SAMPLE_INTERVAL_SECONDS, interval.toSeconds());
        if (options.profile().isPresent()) {
            Path profile = options.profile().get();
            StatisticalMode mode = DetectRunner.statisticalMode(parser(builtInMetrics).parse(raw, defaults()).settings());
            problems.addAll(validate(profile, mode));
            raw.put(SECURITY_PROFILES, List.of(profile.toString()));
            // The component samples for Detect at most every 10 s; below that, Detect follows the report interval
            // (the key's value "SampleIntervalSeconds"), which is the local interval too.
            raw.putIfAbsent(DETECT_INTERVAL_SECONDS, interval.toSeconds() >= MIN_DETECT_INTERVAL_SECONDS
                    ? interval.toSeconds() : SettingsParser.SAMPLE_INTERVAL_SECONDS);
        }
        return new LocalSetup(raw, interval, problems, eventsTopic(raw, options.thing()));
    }

    /**
     * Loads the profile as the component will (with the config's StatisticalMode): a rejected profile or behavior
     * refuses to start, since the child would run without it and local mode is where a profile is tried out.
     *
     * @return one line per behavior that loads as unsupported-on-device (it never alarms)
     */
    private static List<String> validate(Path profile, StatisticalMode mode) throws IOException {
        LoadedProfiles loaded = new ProfileLoader(mode)
                .loadFile(profile);
        if (loaded.hasErrors() || loaded.evaluableCount() == 0) {
            StringBuilder sb = new StringBuilder("profile ").append(profile).append(" is not usable:");
            loaded.problems().forEach(p -> sb.append("\n  ").append(p.describe()));
            if (!loaded.hasErrors()) {
                sb.append("\n  no behavior can be evaluated on the device");
            }
            throw new IOException(sb.toString());
        }
        return loaded.problems().stream().map(ProfileProblem::describe).toList();
    }

    /** DetectEventsTopic from the config file (else the default) with the thing name filled in. */
    static String eventsTopic(Map<String, Object> config, ThingName thing) {
        String topic = config.get(DETECT_EVENTS_TOPIC) instanceof String s && !s.isBlank() ? s : DEFAULT_EVENTS_TOPIC;
        return topic.replace("{thingName}", thing.value());
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
