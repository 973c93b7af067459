package io.watchpost.runtime;

import io.watchpost.report.NetworkBaseline;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What survives a component restart.
 *
 * @param lastReportId     the last report_id sent (0 before the first); the next id must be greater
 * @param lastPublishedAt  when the last report was sent (its publish call returned): a restart keeps the spacing
 * @param acceptedBaseline the counters at the last accepted report; only valid for its boot id
 */
public record PersistedState(long lastReportId, Optional<Instant> lastPublishedAt,
                             Optional<NetworkBaseline> acceptedBaseline) {
    public PersistedState {
        Objects.requireNonNull(lastPublishedAt, "lastPublishedAt");
        Objects.requireNonNull(acceptedBaseline, "acceptedBaseline");
        if (lastReportId < 0) {
            throw new IllegalArgumentException("lastReportId must not be negative: " + lastReportId);
        }
    }

    /** A first start: nothing sent, nothing accepted. */
    public static PersistedState fresh() {
        return new PersistedState(0, Optional.empty(), Optional.empty());
    }
}
