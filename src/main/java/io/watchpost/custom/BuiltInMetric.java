package io.watchpost.custom;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The custom metrics Watchpost measures itself, chosen by name in the {@code CustomMetrics} setting. Each must be
 * defined once in the account ({@code aws iot create-custom-metric}, see docs/custom-metrics.md) with this name and type.
 */
public enum BuiltInMetric {
    /** Percent of CPU time not idle (idle and iowait) since the previous sample, over all CPUs. */
    CPU_USAGE("cpu_usage", CustomMetricType.NUMBER, "CPU usage %"),
    /** (MemTotal - MemAvailable) / MemTotal, in percent. */
    MEMORY_USED_PERCENT("memory_used_percent", CustomMetricType.NUMBER, "Memory used %"),
    /** MemAvailable, in kB. */
    MEMORY_AVAILABLE_KB("memory_available_kb", CustomMetricType.NUMBER, "Memory available kB"),
    /** The 1, 5 and 15 minute load averages. */
    LOAD_AVERAGE("load_average", CustomMetricType.NUMBER_LIST, "Load average 1/5/15 min"),
    /** Processes (not threads) in the proc root's pid namespace. */
    PROCESS_COUNT("process_count", CustomMetricType.NUMBER, "Process count"),
    /** Seconds since boot. */
    UPTIME_SECONDS("uptime_seconds", CustomMetricType.NUMBER, "Uptime seconds"),
    /** Used share of the file system at DiskUsagePath, as df computes Use%. */
    DISK_USED_PERCENT("disk_used_percent", CustomMetricType.NUMBER, "Disk used %"),
    /** Names of the non-loopback interfaces that are up. */
    NETWORK_INTERFACES("network_interfaces", CustomMetricType.STRING_LIST, "Network interfaces up"),
    /** The device's own IPv4 and IPv6 addresses, without loopback and IPv6 link-local (see LocalIpAddresses). */
    LOCAL_IP_ADDRESSES("local_ip_addresses", CustomMetricType.IP_ADDRESS_LIST, "Local IP addresses");

    /** Every built-in name: what {@code SettingsParser} accepts in {@code CustomMetrics}. */
    public static final Set<String> NAMES = Arrays.stream(values()).map(BuiltInMetric::metricName)
            .collect(Collectors.toUnmodifiableSet());

    private final String metricName;
    private final CustomMetricType type;
    private final String displayName;

    BuiltInMetric(String metricName, CustomMetricType type, String displayName) {
        this.metricName = metricName;
        this.type = type;
        this.displayName = displayName;
    }

    /** The key in the report and the {@code --metric-name} of the definition. */
    public String metricName() {
        return metricName;
    }

    public CustomMetricType type() {
        return type;
    }

    /** A suggested {@code --display-name}. */
    public String displayName() {
        return displayName;
    }

    public static Optional<BuiltInMetric> fromName(String name) {
        return Arrays.stream(values()).filter(m -> m.metricName.equals(name)).findFirst();
    }

    /** The command that defines this metric in the account. */
    public String createCommand() {
        return "aws iot create-custom-metric --metric-name " + metricName + " --metric-type " + type.apiName()
                + " --display-name \"" + displayName + "\"";
    }
}
