package io.watchpost.report;

import java.util.Objects;
import java.util.Optional;

/**
 * A report and the baseline its counters become once Device Defender accepts it.
 *
 * @param report       the document
 * @param nextBaseline the snapshot's counters (all interfaces, loopback included, so a later change of
 *                     IncludeLoopbackTraffic still has a baseline); empty when the boot id is unknown
 * @param baselineFit  whether the accepted baseline could be used for network_stats, and if not, why: decided once
 *                     here and carried along, so the runtime's log says what the assembler did
 */
public record AssembledReport(MetricsReport report, Optional<NetworkBaseline> nextBaseline, BaselineFit baselineFit) {
    public AssembledReport {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(nextBaseline, "nextBaseline");
        Objects.requireNonNull(baselineFit, "baselineFit");
    }
}
