package io.watchpost.config;

import io.watchpost.config.KeyNames;
import io.watchpost.config.ReportFormat;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a configuration map (from Greengrass {@code GetConfiguration}, where numbers arrive as {@code Double}, or from a
 * JSON file) into {@link Settings}. Pure: no I/O, no logging.
 *
 * <p>An invalid value never stops reporting: that key keeps its fallback value (the defaults at start, the previous
 * settings on an update) and a {@link SettingsProblem} names the key, the value and the rule.
 */
public final class SettingsParser {
    public static final String SAMPLE_INTERVAL_SECONDS = "SampleIntervalSeconds";
    public static final String PROC_DESTINATION_PATH = "ProcDestinationPath";
    public static final String REPORT_FORMAT = "ReportFormat";
    public static final String KEY_NAMES = "KeyNames";
    public static final String MAX_REPORT_BYTES = "MaxReportBytes";
    public static final String INCLUDE_LOOPBACK_TRAFFIC = "IncludeLoopbackTraffic";
    public static final String CUSTOM_METRICS = "CustomMetrics";
    public static final String CUSTOM_METRICS_TOPIC = "CustomMetricsTopic";
    public static final String MAX_CUSTOM_METRICS = "MaxCustomMetrics";
    public static final String DISK_USAGE_PATH = "DiskUsagePath";
    public static final String SECURITY_PROFILES = "SecurityProfiles";
    public static final String DETECT_INTERVAL_SECONDS = "DetectIntervalSeconds";
    public static final String PUBLISH_METRICS_REPORTS = "PublishMetricsReports";
    public static final String STATISTICAL_MODE = "StatisticalMode";
    public static final String MIN_BASELINE_DATAPOINTS = "MinBaselineDatapoints";
    public static final String INVALIDATE_AFTER_SECONDS = "InvalidateAfterSeconds";
    public static final String LEARN_BEHAVIOR = "LearnBehavior";
    public static final String DETECT_EVENTS_TOPIC = "DetectEventsTopic";

    /** Every key the component accepts; the recipe's DefaultConfiguration must list exactly these. */
    public static final List<String> KEYS = List.of(SAMPLE_INTERVAL_SECONDS, PROC_DESTINATION_PATH, REPORT_FORMAT,
            KEY_NAMES, MAX_REPORT_BYTES, INCLUDE_LOOPBACK_TRAFFIC, CUSTOM_METRICS, CUSTOM_METRICS_TOPIC,
            MAX_CUSTOM_METRICS, DISK_USAGE_PATH, SECURITY_PROFILES, DETECT_INTERVAL_SECONDS, PUBLISH_METRICS_REPORTS,
            STATISTICAL_MODE, MIN_BASELINE_DATAPOINTS, INVALIDATE_AFTER_SECONDS, LEARN_BEHAVIOR, DETECT_EVENTS_TOPIC);

    /** Greengrass keeps IPC authorization in the component's configuration; it is never a setting. */
    public static final String ACCESS_CONTROL = "accessControl";

    /** Device Defender invalidates alarms after two days without metrics, so a longer interval is never useful. */
    public static final long MAX_INTERVAL_SECONDS = 172_800;
    public static final int MIN_REPORT_BYTES = 2048;
    public static final int MAX_TOPIC_LENGTH = 256;
    public static final int MAX_CUSTOM_METRICS_CAP = 1000;
    /** The self-baseline keeps {@value} datapoints per behavior (14 days at 300 s); more cannot be waited for. */
    public static final int MAX_MIN_BASELINE_DATAPOINTS = 4032;

    private final long minIntervalSeconds;
    private final Set<String> builtInCustomMetrics;

    /**
     * @param minIntervalSeconds   the smallest interval accepted: {@link Settings#MIN_SAMPLE_INTERVAL} for the
     *                             component ({@link #forComponent}); local mode may go lower
     * @param builtInCustomMetrics names accepted in {@code CustomMetrics}
     */
    public SettingsParser(long minIntervalSeconds, Set<String> builtInCustomMetrics) {
        if (minIntervalSeconds < 1) {
            throw new IllegalArgumentException("minIntervalSeconds must be positive");
        }
        this.minIntervalSeconds = minIntervalSeconds;
        this.builtInCustomMetrics = Set.copyOf(builtInCustomMetrics);
    }

    /** The deployed component's parser: intervals from {@link Settings#MIN_SAMPLE_INTERVAL}. */
    public static SettingsParser forComponent(Set<String> builtInCustomMetrics) {
        return new SettingsParser(Settings.MIN_SAMPLE_INTERVAL.toSeconds(), builtInCustomMetrics);
    }

    /** The outcome of one parse: the settings to use, every refused value, and keys nobody knows. */
    public record Result(Settings settings, List<SettingsProblem> problems, Set<String> unknownKeys) {
        public Result {
            problems = List.copyOf(problems);
            unknownKeys = Set.copyOf(unknownKeys);
        }
    }

    public Result parse(Map<String, ?> raw, Settings fallback) {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(fallback, "fallback");
        List<SettingsProblem> problems = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        for (String key : raw.keySet()) {
            if (!KEYS.contains(key) && !ACCESS_CONTROL.equals(key)) {
                unknown.add(key);
            }
        }

        Duration interval = fallback.sampleInterval();
        if (raw.get(SAMPLE_INTERVAL_SECONDS) != null) {
            Object v = raw.get(SAMPLE_INTERVAL_SECONDS);
            String rule = "must be a whole number of seconds from " + minIntervalSeconds + " to " + MAX_INTERVAL_SECONDS
                    + " (a number or a numeric string)";
            Long seconds = wholeNumber(v);
            if (seconds == null || seconds < minIntervalSeconds || seconds > MAX_INTERVAL_SECONDS) {
                problems.add(problem(SAMPLE_INTERVAL_SECONDS, v, rule));
            } else {
                interval = Duration.ofSeconds(seconds);
            }
        }

        Path procRoot = absolutePath(raw, PROC_DESTINATION_PATH, fallback.procRoot(), problems);
        Path diskPath = absolutePath(raw, DISK_USAGE_PATH, fallback.diskUsagePath(), problems);

        ReportFormat format = fallback.reportFormat();
        if (raw.get(REPORT_FORMAT) != null) {
            Object v = raw.get(REPORT_FORMAT);
            var parsed = v instanceof String s ? ReportFormat.fromConfig(s) : java.util.Optional.<ReportFormat>empty();
            if (parsed.isPresent()) {
                format = parsed.get();
            } else {
                problems.add(problem(REPORT_FORMAT, v, "must be " + ReportFormat.choices()));
            }
        }

        KeyNames names = fallback.keyNames();
        if (raw.get(KEY_NAMES) != null) {
            Object v = raw.get(KEY_NAMES);
            var parsed = v instanceof String s ? KeyNames.fromConfig(s) : java.util.Optional.<KeyNames>empty();
            if (parsed.isPresent()) {
                names = parsed.get();
            } else {
                problems.add(problem(KEY_NAMES, v, "must be \"long\" or \"short\""));
            }
        }

        int maxBytes = boundedInt(raw, MAX_REPORT_BYTES, fallback.maxReportBytes(), MIN_REPORT_BYTES,
                Settings.IOT_CORE_PAYLOAD_LIMIT, problems);
        int maxCustom = boundedInt(raw, MAX_CUSTOM_METRICS, fallback.maxCustomMetrics(), 0, MAX_CUSTOM_METRICS_CAP,
                problems);

        boolean loopback = bool(raw, INCLUDE_LOOPBACK_TRAFFIC, fallback.includeLoopbackTraffic(), problems);

        List<String> custom = fallback.customMetrics();
        if (raw.containsKey(CUSTOM_METRICS)) {
            custom = customMetricNames(raw.get(CUSTOM_METRICS), fallback.customMetrics(), problems);
        }

        String topic = topic(raw, CUSTOM_METRICS_TOPIC, fallback.customMetricsTopic(), problems);

        Settings settings = new Settings(interval, procRoot, format, names, maxBytes, loopback, custom, topic,
                maxCustom, diskPath, detect(raw, fallback.detect(), problems));
        return new Result(settings, problems, unknown);
    }

    /** The Detect keys (docs/detect.md); each invalid value keeps its fallback like every other key. */
    private DetectSettings detect(Map<String, ?> raw, DetectSettings fallback, List<SettingsProblem> problems) {
        // Local mode's parser allows report intervals under 10 s; its Detect interval may follow them down.
        long minDetectSeconds = Math.min(DetectSettings.MIN_DETECT_INTERVAL.toSeconds(), minIntervalSeconds);
        List<Object> profiles = fallback.securityProfiles();
        if (raw.containsKey(SECURITY_PROFILES)) {
            Object v = raw.get(SECURITY_PROFILES);
            if (v == null) {
                profiles = List.of();
            } else if (v instanceof List<?> list) {
                // Each element is checked by the profile loader, which rejects a bad one alone and names it.
                profiles = new ArrayList<>(list);
            } else {
                problems.add(problem(SECURITY_PROFILES, v, "must be a list of profile objects and profile file paths"));
            }
        }

        Optional<Duration> detectInterval = fallback.detectInterval();
        if (raw.containsKey(DETECT_INTERVAL_SECONDS)) {
            Object v = raw.get(DETECT_INTERVAL_SECONDS);
            Long seconds = wholeNumber(v);
            if (v == null || DetectSettings.FOLLOW_SAMPLE_INTERVAL.equals(v)) {
                detectInterval = Optional.empty();
            } else if (seconds == null || seconds < minDetectSeconds || seconds > MAX_INTERVAL_SECONDS) {
                problems.add(problem(DETECT_INTERVAL_SECONDS, v, "must be a whole number of seconds from "
                        + minDetectSeconds + " to " + MAX_INTERVAL_SECONDS
                        + " (a number or a numeric string), or \"" + DetectSettings.FOLLOW_SAMPLE_INTERVAL
                        + "\" to sample when reporting"));
            } else {
                detectInterval = Optional.of(Duration.ofSeconds(seconds));
            }
        }

        boolean publishReports = bool(raw, PUBLISH_METRICS_REPORTS, fallback.publishMetricsReports(), problems);
        boolean learn = bool(raw, LEARN_BEHAVIOR, fallback.learnBehavior(), problems);

        boolean selfBaseline = fallback.selfBaseline();
        if (raw.get(STATISTICAL_MODE) != null) {
            Object v = raw.get(STATISTICAL_MODE);
            if (DetectSettings.STATISTICAL_SELF_BASELINE.equals(v)) {
                selfBaseline = true;
            } else if (DetectSettings.STATISTICAL_UNSUPPORTED.equals(v)) {
                selfBaseline = false;
            } else {
                problems.add(problem(STATISTICAL_MODE, v, "must be \"" + DetectSettings.STATISTICAL_UNSUPPORTED
                        + "\" or \"" + DetectSettings.STATISTICAL_SELF_BASELINE + "\""));
            }
        }

        int minBaseline = boundedInt(raw, MIN_BASELINE_DATAPOINTS, fallback.minBaselineDatapoints(), 1,
                MAX_MIN_BASELINE_DATAPOINTS, problems);
        Duration invalidateAfter = fallback.invalidateAfter();
        if (raw.get(INVALIDATE_AFTER_SECONDS) != null) {
            Object v = raw.get(INVALIDATE_AFTER_SECONDS);
            Long seconds = wholeNumber(v);
            if (seconds == null || seconds < DetectSettings.MIN_DETECT_INTERVAL.toSeconds()
                    || seconds > 10 * MAX_INTERVAL_SECONDS) {
                problems.add(problem(INVALIDATE_AFTER_SECONDS, v, "must be a whole number of seconds from "
                        + DetectSettings.MIN_DETECT_INTERVAL.toSeconds() + " to " + 10 * MAX_INTERVAL_SECONDS));
            } else {
                invalidateAfter = Duration.ofSeconds(seconds);
            }
        }
        String eventsTopic = topic(raw, DETECT_EVENTS_TOPIC, fallback.eventsTopic(), problems);
        return new DetectSettings(profiles, detectInterval, publishReports, selfBaseline, minBaseline, invalidateAfter, learn,
                eventsTopic);
    }

    private static boolean bool(Map<String, ?> raw, String key, boolean fallback, List<SettingsProblem> problems) {
        Object v = raw.get(key);
        if (v == null) {
            return fallback;
        } else if (v instanceof Boolean b) {
            return b;
        } else if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        problems.add(problem(key, v, "must be true or false"));
        return fallback;
    }

    /** A topic to publish or subscribe on: no wildcards, no control characters, within MQTT's practical length. */
    private static String topic(Map<String, ?> raw, String key, String fallback, List<SettingsProblem> problems) {
        Object v = raw.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String s && !s.isBlank() && s.length() <= MAX_TOPIC_LENGTH && s.indexOf('+') < 0
                && s.indexOf('#') < 0 && s.chars().noneMatch(Character::isISOControl)) {
            return s;
        }
        problems.add(problem(key, v, "must be a non-empty topic of at most " + MAX_TOPIC_LENGTH
                + " characters without wildcards (+, #) or control characters"));
        return fallback;
    }

    /**
     * Built-in metric names are taken in order, once each; unknown ones are refused by name and the rest still apply.
     * A value that is not a list at all keeps the fallback, like every other invalid value.
     */
    private List<String> customMetricNames(Object v, List<String> fallback, List<SettingsProblem> problems) {
        Collection<?> items;
        if (v == null) {
            return List.of();
        } else if (v instanceof Collection<?> c) {
            items = c;
        } else if (v instanceof String s) {
            items = s.isBlank() ? List.of() : List.of(s.split(","));
        } else {
            problems.add(problem(CUSTOM_METRICS, v, "must be a list of built-in metric names " + builtInCustomMetrics
                    .stream().sorted().toList()));
            return fallback;
        }
        Set<String> accepted = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (Object item : items) {
            String name = item == null ? "null" : item.toString().trim();
            if (builtInCustomMetrics.contains(name)) {
                accepted.add(name);
            } else {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            problems.add(new SettingsProblem(CUSTOM_METRICS, unknown.toString(),
                    "unknown built-in metric name(s); known names are " + builtInCustomMetrics.stream().sorted()
                            .toList()));
        }
        return List.copyOf(accepted);
    }

    private static Path absolutePath(Map<String, ?> raw, String key, Path fallback, List<SettingsProblem> problems) {
        Object v = raw.get(key);
        if (v == null) {
            return fallback;
        }
        String rule = "must be an absolute path";
        if (!(v instanceof String s) || s.isEmpty() || s.indexOf('\0') >= 0) {
            problems.add(problem(key, v, rule));
            return fallback;
        }
        try {
            Path p = Path.of(s);
            if (!p.isAbsolute()) {
                problems.add(problem(key, v, rule));
                return fallback;
            }
            return p.normalize();
        } catch (InvalidPathException e) {
            problems.add(problem(key, v, rule));
            return fallback;
        }
    }

    private static int boundedInt(Map<String, ?> raw, String key, int fallback, int min, int max,
                                  List<SettingsProblem> problems) {
        Object v = raw.get(key);
        if (v == null) {
            return fallback;
        }
        Long n = wholeNumber(v);
        if (n == null || n < min || n > max) {
            problems.add(problem(key, v, "must be a whole number from " + min + " to " + max));
            return fallback;
        }
        return n.intValue();
    }

    /** A whole number from a Number (Greengrass sends Double) or a numeric string (the V1 connector's form). */
    static Long wholeNumber(Object v) {
        try {
            BigDecimal d;
            if (v instanceof Number n) {
                if (n instanceof Double dbl && (dbl.isNaN() || dbl.isInfinite())) {
                    return null;
                }
                d = new BigDecimal(n.toString());
            } else if (v instanceof String s && !s.isBlank()) {
                d = new BigDecimal(s.trim());
            } else {
                return null;
            }
            d = d.stripTrailingZeros();
            if (d.scale() > 0 || d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
                    || d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
                return null;
            }
            return d.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static SettingsProblem problem(String key, Object value, String rule) {
        String shown = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        if (shown.length() > 200) {
            shown = shown.substring(0, 200) + "…";
        }
        return new SettingsProblem(key, shown, rule);
    }
}
