package io.watchpost.encode;

import io.watchpost.report.MetricsReport;

/**
 * Finds how many entries of each list fit a size budget, in the drop order of {@link ReportEncoder#encodeWithin}.
 * The size of a candidate is computed, not encoded: the report with empty lists, plus each list's kept entries (their
 * sizes from {@link EntrySizes}) and the array overhead for that many entries. Only the result is encoded in full.
 */
final class BudgetFitter {
    private final ReportEncoder encoder;
    private final EntrySizes sizes;
    private final MetricsReport report;
    private final int maxBytes;

    BudgetFitter(ReportEncoder encoder, EntrySizes sizes, MetricsReport report, int maxBytes) {
        this.encoder = encoder;
        this.sizes = sizes;
        this.report = report;
        this.maxBytes = maxBytes;
    }

    EncodedReport fit() {
        int customCount = report.customMetrics().size();
        long bare = encoder.encode(report.truncated(0, 0, 0, customCount), 1024).length;
        if (bare > maxBytes) {
            return fitCustomMetrics();
        }
        // Fill the lists in priority order; a list gets entries only when every list before it is complete. This is
        // the same as dropping connections first, then UDP ports, then TCP ports, each from the end.
        long room = maxBytes - bare;
        EntrySizes.Fit tcp = sizes.fitPorts(report.tcpPorts().entries(), room);
        EntrySizes.Fit udp = new EntrySizes.Fit(0, 0);
        EntrySizes.Fit conn = new EntrySizes.Fit(0, 0);
        if (tcp.count() == report.tcpPorts().entries().size()) {
            room -= tcp.bytes();
            udp = sizes.fitPorts(report.udpPorts().entries(), room);
            if (udp.count() == report.udpPorts().entries().size()) {
                room -= udp.bytes();
                conn = sizes.fitConnections(report.connections().entries(), room);
            }
        }
        long expected = bare + tcp.bytes() + udp.bytes() + conn.bytes();
        return verified(report.truncated(tcp.count(), udp.count(), conn.count(), customCount), 0, (int) expected);
    }

    /** Even empty lists do not fit: keep the first custom metrics by name that do (rare; a few full encodes). */
    private EncodedReport fitCustomMetrics() {
        int low = 0;
        int high = report.customMetrics().size();
        int smallest = encoder.encode(report.truncated(0, 0, 0, 0)).length;
        if (smallest > maxBytes) {
            throw new ReportTooLargeException(smallest, maxBytes);
        }
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (encoder.encode(report.truncated(0, 0, 0, mid)).length <= maxBytes) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return verified(report.truncated(0, 0, 0, low), report.customMetrics().size() - low, 4096);
    }

    private EncodedReport verified(MetricsReport kept, int droppedCustom, int expectedBytes) {
        byte[] payload = encoder.encode(kept, expectedBytes);
        if (payload.length > maxBytes) {
            // The size arithmetic must match the encoder exactly; sending an oversized report is never an option.
            throw new IllegalStateException("size estimate wrong: " + payload.length + " > " + maxBytes);
        }
        return new EncodedReport(payload, kept,
                report.tcpPorts().entries().size() - kept.tcpPorts().entries().size(),
                report.udpPorts().entries().size() - kept.udpPorts().entries().size(),
                report.connections().entries().size() - kept.connections().entries().size(), droppedCustom);
    }
}
