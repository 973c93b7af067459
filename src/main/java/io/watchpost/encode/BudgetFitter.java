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
            // The size arithmetic should match the encoder to the byte. If it ever does not, an oversized report is
            // still never sent, and neither is the report lost: trim by measuring real encodings instead.
            return measuredTrim(kept, droppedCustom);
        }
        return encoded(payload, kept, droppedCustom);
    }

    /**
     * The longest prefix of {@code kept}'s entries, in drop order (TCP ports, then UDP ports, then connections), whose
     * encoding fits, found by encoding candidates (a binary search: about 17 encodes for 100,000 entries). Zero entries
     * always fit here: the report with empty lists was encoded and measured before any arithmetic was trusted.
     */
    private EncodedReport measuredTrim(MetricsReport kept, int droppedCustom) {
        int tcp = kept.tcpPorts().entries().size();
        int udp = kept.udpPorts().entries().size();
        int customCount = kept.customMetrics().size();
        int low = 0;
        int high = tcp + udp + kept.connections().entries().size() - 1; // all of them were just measured too large
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (encoder.encode(prefix(kept, mid, tcp, udp, customCount)).length <= maxBytes) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        MetricsReport trimmed = prefix(kept, low, tcp, udp, customCount);
        byte[] payload = encoder.encode(trimmed);
        if (payload.length > maxBytes) {
            throw new ReportTooLargeException(payload.length, maxBytes);
        }
        return encoded(payload, trimmed, droppedCustom);
    }

    /** The first {@code entries} of the lists in drop order, filling TCP ports, then UDP ports, then connections. */
    private static MetricsReport prefix(MetricsReport kept, int entries, int tcp, int udp, int customCount) {
        int keptTcp = Math.min(entries, tcp);
        int keptUdp = Math.min(entries - keptTcp, udp);
        return kept.truncated(keptTcp, keptUdp, entries - keptTcp - keptUdp, customCount);
    }

    private EncodedReport encoded(byte[] payload, MetricsReport kept, int droppedCustom) {
        return new EncodedReport(payload, kept,
                report.tcpPorts().entries().size() - kept.tcpPorts().entries().size(),
                report.udpPorts().entries().size() - kept.udpPorts().entries().size(),
                report.connections().entries().size() - kept.connections().entries().size(), droppedCustom);
    }
}
