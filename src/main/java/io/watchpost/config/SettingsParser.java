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

    /** Every key the component accepts; the recipe's DefaultConfiguration must list exactly these. */
    public static final List<String> KEYS = List.of(SAMPLE_INTERVAL_SECONDS, PROC_DESTINATION_PATH, REPORT_FORMAT,
            KEY_NAMES, MAX_REPORT_BYTES, INCLUDE_LOOPBACK_TRAFFIC, CUSTOM_METRICS, CUSTOM_METRICS_TOPIC,
            MAX_CUSTOM_METRICS, DISK_USAGE_PATH);

    /** Greengrass keeps IPC authorization in the component's configuration; it is never a setting. */
    public static final String ACCESS_CONTROL = "accessControl";

    /** Device Defender invalidates alarms after two days without metrics, so a longer interval is never useful. */
    public static final long MAX_INTERVAL_SECONDS = 172_800;
    public static final int MIN_REPORT_BYTES = 2048;
    public static final int MAX_TOPIC_LENGTH = 256;
    public static final int MAX_CUSTOM_METRICS_CAP = 1000;

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

        boolean loopback = fallback.includeLoopbackTraffic();
        if (raw.get(INCLUDE_LOOPBACK_TRAFFIC) != null) {
            Object v = raw.get(INCLUDE_LOOPBACK_TRAFFIC);
            if (v instanceof Boolean b) {
                loopback = b;
            } else if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                loopback = Boolean.parseBoolean(s);
            } else {
                problems.add(problem(INCLUDE_LOOPBACK_TRAFFIC, v, "must be true or false"));
            }
        }

        List<String> custom = fallback.customMetrics();
        if (raw.containsKey(CUSTOM_METRICS)) {
            custom = customMetricNames(raw.get(CUSTOM_METRICS), fallback.customMetrics(), problems);
        }

        String topic = fallback.customMetricsTopic();
        if (raw.get(CUSTOM_METRICS_TOPIC) != null) {
            Object v = raw.get(CUSTOM_METRICS_TOPIC);
            if (v instanceof String s && !s.isBlank() && s.length() <= MAX_TOPIC_LENGTH && s.indexOf('+') < 0
                    && s.indexOf('#') < 0 && s.chars().noneMatch(Character::isISOControl)) {
                topic = s;
            } else {
                problems.add(problem(CUSTOM_METRICS_TOPIC, v, "must be a non-empty topic of at most "
                        + MAX_TOPIC_LENGTH + " characters without wildcards (+, #) or control characters"));
            }
        }

        Settings settings = new Settings(interval, procRoot, format, names, maxBytes, loopback, custom, topic,
                maxCustom, diskPath);
        return new Result(settings, problems, unknown);
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
