package io.watchpost.pipeline;

import io.watchpost.config.ReportFormat;
import io.watchpost.report.BaselineFit;
import io.watchpost.report.NetworkBaseline;
import java.util.Optional;

/**
 * One encoded report, ready to publish.
 *
 * @param reportId     the header's report_id
 * @param format       the payload's encoding (selects the topic)
 * @param payload      the encoded document; never larger than the size budget
 * @param nextBaseline the counters this report was computed from: they become the baseline once Device Defender
 *                     accepts the report (empty when the boot id could not be read)
 * @param baselineFit  whether the accepted baseline gave this report its network_stats, and if not, why
 * @param summary      counts for the log
 */
public record PreparedReport(long reportId, ReportFormat format, byte[] payload, Optional<NetworkBaseline> nextBaseline,
                             BaselineFit baselineFit, ReportSummary summary) {
}
