package io.watchpost.encode;

import io.watchpost.report.MetricsReport;

/**
 * Finds how many entries of each list fit a size budget, in the drop order of {@link ReportEncoder#encodeWithin}.
 * The size of a candidate is computed, not encoded: the report with empty lists, plus each list's kept entries (prefix
 * sums of their measured sizes) and the array overhead for that many entries.
 */
final class BudgetFitter {
    private final ReportEncoder encoder;
    private final MetricsReport report;
    private final int maxBytes;

    BudgetFitter(ReportEncoder encoder, MetricsReport report, int maxBytes) {
        this.encoder = encoder;
        this.report = report;
        this.maxBytes = maxBytes;
    }

    EncodedReport fit() {
        int customCount = report.customMetrics().size();
        long bare = encoder.encode(report.truncated(0, 0, 0, customCount)).length;
        if (bare > maxBytes) {
            return fitCustomMetrics();
        }
        // Fill the lists in priority order; a list gets entries only when every list before it is complete. This is
        // the same as dropping connections first, then UDP ports, then TCP ports, each from the end.
        long room = maxBytes - bare;
        int tcpCount = report.tcpPorts().entries().size();
        long[] tcp = encoder.portPrefixSizes(report.tcpPorts().entries(), room);
        int keepTcp = largestFitting(tcp, room);
        int keepUdp = 0;
        int keepConn = 0;
        if (keepTcp == tcpCount) {
            room -= added(tcp, keepTcp);
            int udpCount = report.udpPorts().entries().size();
            long[] udp = encoder.portPrefixSizes(report.udpPorts().entries(), room);
            keepUdp = largestFitting(udp, room);
            if (keepUdp == udpCount) {
                room -= added(udp, keepUdp);
                long[] conn = encoder.connectionPrefixSizes(report.connections().entries(), room);
                keepConn = largestFitting(conn, room);
            }
        }
        return verified(report.truncated(keepTcp, keepUdp, keepConn, customCount), 0);
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
        return verified(report.truncated(0, 0, 0, low), report.customMetrics().size() - low);
    }

    private EncodedReport verified(MetricsReport kept, int droppedCustom) {
        byte[] payload = encoder.encode(kept);
        if (payload.length > maxBytes) {
            // The size arithmetic must match the encoder exactly; sending an oversized report is never an option.
            throw new IllegalStateException("size estimate wrong: " + payload.length + " > " + maxBytes);
        }
        return new EncodedReport(payload, kept,
                report.tcpPorts().entries().size() - kept.tcpPorts().entries().size(),
                report.udpPorts().entries().size() - kept.udpPorts().entries().size(),
                report.connections().entries().size() - kept.connections().entries().size(), droppedCustom);
    }

    /** Bytes the first {@code count} entries add to the report with that list empty. */
    private long added(long[] prefix, int count) {
        return prefix[count] + encoder.arrayOverhead(count);
    }

    /**
     * The largest count whose added bytes fit {@code room}; added bytes grow with the count, so binary search. The
     * prefix array may end early (measuring stopped past the room), which only removes counts that cannot fit.
     */
    private int largestFitting(long[] prefix, long room) {
        int low = 0;
        int high = prefix.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (added(prefix, mid) <= room) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }
}
