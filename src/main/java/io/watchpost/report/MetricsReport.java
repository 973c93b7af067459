package io.watchpost.report;

import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One Device Defender metrics document, independent of its encoding (JSON or CBOR, long or short keys).
 *
 * @param header        report id and version
 * @param tcpPorts      {@code listening_tcp_ports}: sorted, de-duplicated; total counts all
 * @param udpPorts      {@code listening_udp_ports}
 * @param connections   {@code tcp_connections.established_connections}
 * @param networkStats  {@code network_stats}; empty when there is no valid baseline to take deltas from
 * @param customMetrics {@code custom_metrics} by metric name; the record keeps an unmodifiable copy sorted by name
 */
public record MetricsReport(ReportHeader header, ReportList<PortBinding> tcpPorts, ReportList<PortBinding> udpPorts,
                            ReportList<TcpConnection> connections, Optional<NetworkStats> networkStats,
                            Map<String, CustomMetricValue> customMetrics) {
    public MetricsReport {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(tcpPorts, "tcpPorts");
        Objects.requireNonNull(udpPorts, "udpPorts");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(networkStats, "networkStats");
        customMetrics = sortedCopy(customMetrics);
    }

    /** The same report with each list cut to its first entries and only the first custom metrics by name. */
    public MetricsReport truncated(int tcpCount, int udpCount, int connectionCount, int customMetricCount) {
        SortedMap<String, CustomMetricValue> kept = new TreeMap<>();
        for (Map.Entry<String, CustomMetricValue> e : customMetrics.entrySet()) {
            if (kept.size() >= customMetricCount) {
                break;
            }
            kept.put(e.getKey(), e.getValue());
        }
        return new MetricsReport(header, tcpPorts.firstEntries(tcpCount), udpPorts.firstEntries(udpCount),
                connections.firstEntries(connectionCount), networkStats, kept);
    }

    private static Map<String, CustomMetricValue> sortedCopy(Map<String, CustomMetricValue> metrics) {
        Objects.requireNonNull(metrics, "customMetrics");
        TreeMap<String, CustomMetricValue> copy = new TreeMap<>();
        metrics.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "custom metric name"),
                Objects.requireNonNull(value, () -> "value of custom metric " + name)));
        return Collections.unmodifiableSortedMap(copy);
    }
}
