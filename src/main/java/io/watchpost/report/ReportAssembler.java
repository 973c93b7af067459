package io.watchpost.report;

import io.watchpost.collect.Bounded;
import io.watchpost.collect.NetworkSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/** Turns one network snapshot into a Device Defender report. Pure: the time and the previous id are arguments. */
public final class ReportAssembler {

    /**
     * @param snapshot               what the collector read
     * @param acceptedBaseline       counters at the last accepted report, or null when there is none
     * @param includeLoopbackTraffic whether loopback interfaces count in network_stats
     * @param previousReportId       the last id sent (0 when none); the new id is strictly greater
     * @param now                    the time of this report
     * @param customMetrics          custom metrics by name (already validated)
     */
    public AssembledReport assemble(NetworkSnapshot snapshot, NetworkBaseline acceptedBaseline,
                                    boolean includeLoopbackTraffic, long previousReportId, Instant now,
                                    Map<String, CustomMetricValue> customMetrics) {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(customMetrics, "customMetrics");
        ReportHeader header = ReportHeader.of(ReportIds.next(previousReportId, now));
        BaselineFit fit = BaselineFit.of(acceptedBaseline, snapshot.bootId(), snapshot.networkSource());
        MetricsReport report = new MetricsReport(header, listOf(snapshot.tcpListeners()),
                listOf(snapshot.udpListeners()), listOf(snapshot.established()),
                networkStats(snapshot, acceptedBaseline, fit, includeLoopbackTraffic), customMetrics);
        Optional<NetworkBaseline> next = snapshot.bootId() == null
                ? Optional.empty()
                : Optional.of(new NetworkBaseline(snapshot.bootId(), snapshot.networkSource(), snapshot.interfaces()));
        return new AssembledReport(report, next, fit);
    }

    /**
     * Deltas only within one boot and one network source: counters restart at boot, and another proc root may show
     * another namespace whose interfaces are missing from the baseline; either would turn "since boot" totals into a
     * fake delta. Without a usable baseline the report has no network_stats (the snapshot becomes the next baseline).
     */
    private static Optional<NetworkStats> networkStats(NetworkSnapshot snapshot, NetworkBaseline baseline,
                                                       BaselineFit fit, boolean includeLoopback) {
        if (fit != BaselineFit.USABLE) {
            return Optional.empty();
        }
        return Optional.of(NetworkDeltas.between(baseline.interfaces(), snapshot.interfaces(), includeLoopback));
    }

    /**
     * Sorted and de-duplicated again here because the size budget drops entries from the end of the list: the order
     * must not depend on how a collector happened to deliver them.
     */
    private static <T extends Comparable<T>> ReportList<T> listOf(Bounded<T> bounded) {
        List<T> kept = bounded.kept();
        List<T> sorted = strictlyAscending(kept) ? kept : List.copyOf(new TreeSet<>(kept));
        return new ReportList<>(sorted, Math.max(bounded.total(), sorted.size()));
    }

    /** Collectors normally deliver sorted, distinct entries; checking is linear, re-sorting is not. */
    private static <T extends Comparable<T>> boolean strictlyAscending(List<T> list) {
        for (int i = 1; i < list.size(); i++) {
            if (list.get(i - 1).compareTo(list.get(i)) >= 0) {
                return false;
            }
        }
        return true;
    }
}
