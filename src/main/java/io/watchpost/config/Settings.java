package io.watchpost.config;

import io.watchpost.config.KeyNames;
import io.watchpost.config.ReportFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One immutable, validated snapshot of the component's configuration. A configuration update builds a new value and
 * swaps it in whole; nothing ever mutates a Settings.
 *
 * @param sampleInterval         time between reports ({@code SampleIntervalSeconds})
 * @param procRoot               where the host's /proc is mounted ({@code ProcDestinationPath})
 * @param reportFormat           JSON or CBOR ({@code ReportFormat})
 * @param keyNames               long or short keys ({@code KeyNames})
 * @param maxReportBytes         size budget of one encoded report ({@code MaxReportBytes})
 * @param includeLoopbackTraffic whether network_stats counts loopback interfaces ({@code IncludeLoopbackTraffic})
 * @param customMetrics          names of the built-in custom metrics to send ({@code CustomMetrics})
 * @param customMetricsTopic     local pub/sub topic other components send custom metrics on ({@code CustomMetricsTopic})
 * @param maxCustomMetrics       cap on distinct custom metric names taken from other components ({@code MaxCustomMetrics})
 * @param diskUsagePath          the file system {@code disk_used_percent} measures ({@code DiskUsagePath})
 * @param detect                 on-device Detect ({@code SecurityProfiles} and the keys around it)
 */
public record Settings(
        Duration sampleInterval,
        Path procRoot,
        ReportFormat reportFormat,
        KeyNames keyNames,
        int maxReportBytes,
        boolean includeLoopbackTraffic,
        List<String> customMetrics,
        String customMetricsTopic,
        int maxCustomMetrics,
        Path diskUsagePath,
        DetectSettings detect) {

    public static final Duration MIN_SAMPLE_INTERVAL = Duration.ofSeconds(300);
    /** AWS IoT Core's publish payload limit. */
    public static final int IOT_CORE_PAYLOAD_LIMIT = 131072;

    public Settings {
        Objects.requireNonNull(sampleInterval, "sampleInterval");
        Objects.requireNonNull(procRoot, "procRoot");
        Objects.requireNonNull(reportFormat, "reportFormat");
        Objects.requireNonNull(keyNames, "keyNames");
        Objects.requireNonNull(customMetricsTopic, "customMetricsTopic");
        Objects.requireNonNull(diskUsagePath, "diskUsagePath");
        Objects.requireNonNull(detect, "detect");
        customMetrics = List.copyOf(customMetrics);
    }

    /** Settings without Detect (its defaults: off). */
    public Settings(Duration sampleInterval, Path procRoot, ReportFormat reportFormat, KeyNames keyNames,
                    int maxReportBytes, boolean includeLoopbackTraffic, List<String> customMetrics,
                    String customMetricsTopic, int maxCustomMetrics, Path diskUsagePath) {
        this(sampleInterval, procRoot, reportFormat, keyNames, maxReportBytes, includeLoopbackTraffic, customMetrics,
                customMetricsTopic, maxCustomMetrics, diskUsagePath, DetectSettings.defaults());
    }

    /** How often Detect samples: {@code DetectIntervalSeconds}, or the report interval when it follows that. */
    public Duration detectInterval() {
        return detect.interval(sampleInterval);
    }

    public static Settings defaults() {
        return new Settings(MIN_SAMPLE_INTERVAL, Path.of("/proc"), ReportFormat.JSON, KeyNames.LONG,
                IOT_CORE_PAYLOAD_LIMIT, false, List.of(), "watchpost/custom-metrics", 50, Path.of("/"));
    }

    public Settings withSampleInterval(Duration interval) {
        return new Settings(interval, procRoot, reportFormat, keyNames, maxReportBytes, includeLoopbackTraffic,
                customMetrics, customMetricsTopic, maxCustomMetrics, diskUsagePath, detect);
    }

    public Settings withProcRoot(Path root) {
        return new Settings(sampleInterval, root, reportFormat, keyNames, maxReportBytes, includeLoopbackTraffic,
                customMetrics, customMetricsTopic, maxCustomMetrics, diskUsagePath, detect);
    }

    public Settings withReportFormat(ReportFormat format) {
        return new Settings(sampleInterval, procRoot, format, keyNames, maxReportBytes, includeLoopbackTraffic,
                customMetrics, customMetricsTopic, maxCustomMetrics, diskUsagePath, detect);
    }

    public Settings withDetect(DetectSettings d) {
        return new Settings(sampleInterval, procRoot, reportFormat, keyNames, maxReportBytes, includeLoopbackTraffic,
                customMetrics, customMetricsTopic, maxCustomMetrics, diskUsagePath, d);
    }

    public Settings withKeyNames(KeyNames names) {
        return new Settings(sampleInterval, procRoot, reportFormat, names, maxReportBytes, includeLoopbackTraffic,
                customMetrics, customMetricsTopic, maxCustomMetrics, diskUsagePath, detect);
    }
}
