package io.watchpost.runtime;

import io.watchpost.pipeline.PreparedReport;
import io.watchpost.report.NetworkBaseline;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The loss-free rule in one place: which report is in flight, and the baseline that only moves when Device Defender
 * accepts the report in flight. Rejected, throttled, unanswered and failed reports leave the baseline alone, so the
 * next report's deltas still cover their bytes. Synchronized because IPC answers and the shutdown hook read it from
 * other threads than the report cycle.
 */
final class DeliveryTracker {
    /** What an answer did. */
    enum Outcome {
        /** The report in flight was accepted and the baseline moved to its counters. */
        BASELINE_ADVANCED,
        /** The report in flight was rejected; the baseline stays. */
        REJECTED_IN_FLIGHT,
        /** The answer is for no report in flight (late, given up, or another sender's): nothing changes. */
        NOT_IN_FLIGHT
    }

    private record InFlight(long reportId, Optional<NetworkBaseline> nextBaseline) { }

    private long lastReportId;
    private Optional<Instant> lastPublishedAt;
    /** The last publish before the call in progress, restored when that call fails without sending. */
    private Optional<Instant> publishedBefore;
    private Optional<NetworkBaseline> acceptedBaseline;
    private InFlight inFlight;

    DeliveryTracker(PersistedState restored) {
        this.lastReportId = restored.lastReportId();
        this.lastPublishedAt = restored.lastPublishedAt();
        this.publishedBefore = lastPublishedAt;
        this.acceptedBaseline = restored.acceptedBaseline();
    }

    synchronized long lastReportId() {
        return lastReportId;
    }

    synchronized Optional<Instant> lastPublishedAt() {
        return lastPublishedAt;
    }

    /** The baseline for the next report, or null when there is none. */
    synchronized NetworkBaseline acceptedBaseline() {
        return acceptedBaseline.orElse(null);
    }

    synchronized OptionalLong inFlightId() {
        return inFlight == null ? OptionalLong.empty() : OptionalLong.of(inFlight.reportId());
    }

    /**
     * Gives up the report in flight (called when the next cycle starts, one interval after it was sent): the next report
     * covers everything since the last accepted one. Returns the id given up.
     */
    synchronized OptionalLong giveUp() {
        OptionalLong id = inFlightId();
        inFlight = null;
        return id;
    }

    /**
     * The report is about to be handed to IPC. It is in flight from now on, before the publish call returns, because
     * the answer can arrive before the publish future completes. Its id counts as used even if the call fails (a
     * timed-out publish may still have reached IoT Core). {@code callAt} stands as the last publish until the call
     * ends, so a state saved now (and a crash during the call) still keeps the spacing to this attempt.
     */
    synchronized void publishing(PreparedReport report, Instant callAt) {
        Objects.requireNonNull(report);
        inFlight = new InFlight(report.reportId(), report.nextBaseline());
        lastReportId = Math.max(lastReportId, report.reportId());
        publishedBefore = lastPublishedAt;
        lastPublishedAt = Optional.of(callAt);
    }

    /** The publish call returned: the broker has the report, and the spacing to the next one counts from here. */
    synchronized void published(Instant sentAt) {
        lastPublishedAt = Optional.of(sentAt);
        publishedBefore = lastPublishedAt;
    }

    /**
     * The publish call failed at {@code at}. After a timeout the report may still have been sent (and answered), so it
     * stays in flight and {@code at}, the latest moment it could have left, becomes the last publish. Any other failure
     * sent nothing: the report is no longer in flight and the last publish is the one before this attempt, so a
     * refused attempt never delays the next report.
     */
    synchronized void publishFailed(long reportId, boolean mayHaveBeenSent, Instant at) {
        if (mayHaveBeenSent) {
            lastPublishedAt = Optional.of(at);
            publishedBefore = lastPublishedAt;
            return;
        }
        lastPublishedAt = publishedBefore;
        if (inFlight != null && inFlight.reportId() == reportId) {
            inFlight = null;
        }
    }

    /** Fallback when answers cannot be subscribed to: a successful publish call counts as accepted. */
    synchronized boolean publishSucceededWithoutAnswers(long reportId) {
        if (inFlight == null || inFlight.reportId() != reportId) {
            return false;
        }
        acceptedBaseline = inFlight.nextBaseline();
        inFlight = null;
        return true;
    }

    /**
     * Matches an answer to the report in flight by reportId. A rejection without a reportId (AWS documents the field
     * for acceptances only) is taken as the answer to the report in flight: at most one is in flight, and a rejection
     * never moves the baseline anyway. An acceptance must carry the id.
     */
    synchronized Outcome answered(Answer answer) {
        if (inFlight == null) {
            return Outcome.NOT_IN_FLIGHT;
        }
        boolean matches = answer.reportId().isPresent()
                ? answer.reportId().getAsLong() == inFlight.reportId()
                : answer.status() == Answer.Status.REJECTED;
        if (!matches) {
            return Outcome.NOT_IN_FLIGHT;
        }
        if (answer.status() == Answer.Status.ACCEPTED) {
            // Without a boot id the counters cannot be trusted later: no baseline means no network_stats next time,
            // which is better than deltas counted twice.
            acceptedBaseline = inFlight.nextBaseline();
            inFlight = null;
            return Outcome.BASELINE_ADVANCED;
        }
        inFlight = null;
        return Outcome.REJECTED_IN_FLIGHT;
    }

    synchronized PersistedState snapshot() {
        return new PersistedState(lastReportId, lastPublishedAt, acceptedBaseline);
    }
}
