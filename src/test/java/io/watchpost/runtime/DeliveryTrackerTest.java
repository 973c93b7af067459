package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchpost.config.ReportFormat;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.pipeline.ReportSummary;
import io.watchpost.report.NetworkBaseline;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DeliveryTrackerTest {
    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    private static PreparedReport report(long id, String boot) {
        return new PreparedReport(id, ReportFormat.JSON, new byte[] {1}, Optional.of(new NetworkBaseline(boot, "/proc/net", List.of())),
                new ReportSummary(0, 0, 0, 0, false, 0, 0));
    }

    private static Answer accepted(long id) {
        return new Answer(Answer.Status.ACCEPTED, OptionalLong.of(id), "", "");
    }

    @Test
    void timedOutPublishStaysInFlightAndCanStillBeAccepted() {
        DeliveryTracker t = new DeliveryTracker(PersistedState.fresh());
        t.publishing(report(10, "b"), T);
        t.publishFailed(10, true);
        assertEquals(DeliveryTracker.Outcome.BASELINE_ADVANCED, t.answered(accepted(10)));
        assertEquals("b", t.acceptedBaseline().bootId());
    }

    @Test
    void refusedPublishIsNoLongerInFlight() {
        DeliveryTracker t = new DeliveryTracker(PersistedState.fresh());
        t.publishing(report(10, "b"), T);
        t.publishFailed(10, false);
        assertEquals(DeliveryTracker.Outcome.NOT_IN_FLIGHT, t.answered(accepted(10)));
        assertNull(t.acceptedBaseline());
        assertEquals(10, t.lastReportId(), "the id still counts as used");
    }

    @Test
    void acceptanceOfAnotherIdChangesNothing() {
        DeliveryTracker t = new DeliveryTracker(PersistedState.fresh());
        t.publishing(report(10, "b"), T);
        assertEquals(DeliveryTracker.Outcome.NOT_IN_FLIGHT, t.answered(accepted(9)));
        assertEquals(DeliveryTracker.Outcome.NOT_IN_FLIGHT,
                t.answered(new Answer(Answer.Status.ACCEPTED, OptionalLong.empty(), "", "")));
        assertEquals(OptionalLong.of(10), t.inFlightId());
    }

    @Test
    void rejectionWithoutIdEndsTheReportInFlightWithoutMovingTheBaseline() {
        DeliveryTracker t = new DeliveryTracker(PersistedState.fresh());
        t.publishing(report(10, "b"), T);
        assertEquals(DeliveryTracker.Outcome.REJECTED_IN_FLIGHT,
                t.answered(new Answer(Answer.Status.REJECTED, OptionalLong.empty(), "Throttled", "")));
        assertNull(t.acceptedBaseline());
        assertEquals(OptionalLong.empty(), t.inFlightId());
    }
}
