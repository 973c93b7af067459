package io.watchpost.pipeline;

import io.watchpost.collect.CollectException;
import io.watchpost.config.Settings;
import io.watchpost.report.NetworkBaseline;
import java.time.Instant;

/** The whole pipeline behind one report: proc root → collect → report → encode. Composed in {@code Main}. */
public interface ReportSource {
    /**
     * @param settings         the settings in force for this cycle
     * @param acceptedBaseline counters at the last accepted report, or null when there is none (no network_stats then)
     * @param previousReportId the last report_id sent (0 when none); the new id is strictly greater
     * @param now              the time of this cycle
     */
    PreparedReport prepare(Settings settings, NetworkBaseline acceptedBaseline, long previousReportId, Instant now)
            throws CollectException;

    /**
     * One collection serving a report, Detect, or both (see {@link Collected}). A source that cannot feed Detect (a test
     * double) gives only the report.
     *
     * @param report whether to assemble and encode a report
     * @param detect whether to build the Detect sample
     */
    default Collected collect(Settings settings, NetworkBaseline acceptedBaseline, long previousReportId, Instant now,
                              boolean report, boolean detect) throws CollectException {
        return report ? Collected.reportOnly(prepare(settings, acceptedBaseline, previousReportId, now))
                : new Collected(java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.empty());
    }
}
