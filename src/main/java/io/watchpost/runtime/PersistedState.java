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
 * @param detect           Detect's part (alarm state and pending events) as a plain JSON value, checked by its owner
 *                         when restored: a corrupt Detect part restarts Detect alone, never the reports
 */
public record PersistedState(long lastReportId, Optional<Instant> lastPublishedAt,
                             Optional<NetworkBaseline> acceptedBaseline, Optional<Object> detect) {
    public PersistedState {
        Objects.requireNonNull(lastPublishedAt, "lastPublishedAt");
        Objects.requireNonNull(acceptedBaseline, "acceptedBaseline");
        Objects.requireNonNull(detect, "detect");
        if (lastReportId < 0) {
            throw new IllegalArgumentException("lastReportId must not be negative: " + lastReportId);
        }
    }

    /** The report part only (no Detect state). */
    public PersistedState(long lastReportId, Optional<Instant> lastPublishedAt,
                          Optional<NetworkBaseline> acceptedBaseline) {
        this(lastReportId, lastPublishedAt, acceptedBaseline, Optional.empty());
    }

    public PersistedState withDetect(Optional<Object> detectState) {
        return new PersistedState(lastReportId, lastPublishedAt, acceptedBaseline, detectState);
    }

    /** A first start: nothing sent, nothing accepted. */
    public static PersistedState fresh() {
        return new PersistedState(0, Optional.empty(), Optional.empty());
    }
}
