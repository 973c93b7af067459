package io.watchpost.encode;

import io.watchpost.report.MetricsReport;
import java.util.Objects;

/**
 * A report encoded within a size budget.
 *
 * @param payload              the encoded document
 * @param report               the report as encoded: the lists after dropping, totals unchanged
 * @param droppedTcpPorts      entries of listening_tcp_ports left out to fit the budget
 * @param droppedUdpPorts      entries of listening_udp_ports left out
 * @param droppedConnections   entries of established_connections left out
 * @param droppedCustomMetrics custom metrics left out (only when even empty lists did not fit)
 */
public record EncodedReport(byte[] payload, MetricsReport report, int droppedTcpPorts, int droppedUdpPorts,
                            int droppedConnections, int droppedCustomMetrics) {
    public EncodedReport {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(report, "report");
    }

    /** List entries (ports and connections) left out to fit the budget. */
    public int droppedEntries() {
        return droppedTcpPorts + droppedUdpPorts + droppedConnections;
    }
}
