package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchpost.config.ReportFormat;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.pipeline.ReportSummary;
import io.watchpost.report.BaselineFit;
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
                BaselineFit.NO_BASELINE, new ReportSummary(0, 0, 0, 0, false, 0, 0));
    }

    private static Answer accepted(long id) {
        return new Answer(Answer.Status.ACCEPTED, OptionalLong.of(id), "", "");
    }

    @Test
    void timedOutPublishStaysInFlightAndCanStillBeAccepted() {
        DeliveryTracker t = new DeliveryTracker(PersistedState.fresh());
        t.publishing(report(10, "b"), T);
        t.publishFailed(10, true, T.plusSeconds(10));
        assertEquals(DeliveryTracker.Outcome.BASELINE_ADVANCED, t.answered(accepted(10)));
        assertEquals("b", t.acceptedBaseline().bootId());
    }

    @Test
    void refusedPublishIsNoLongerInFlight() {
        DeliveryTracker t = new DeliveryTracker(PersistedState.fresh());
        t.publishing(report(10, "b"), T);
        t.publishFailed(10, false, T.plusSeconds(1));
        assertEquals(DeliveryTracker.Outcome.NOT_IN_FLIGHT, t.answered(accepted(10)));
        assertNull(t.acceptedBaseline());
        assertEquals(10, t.lastReportId(), "the id still counts as used");
    }

    @Test
    void theLastPublishIsWhenTheCallReturnedAndARefusedAttemptRestoresTheOneBefore() {
        DeliveryTracker t = new DeliveryTracker(PersistedState.fresh());
        t.publishing(report(10, "b"), T);
        assertEquals(Optional.of(T), t.lastPublishedAt(), "the attempt counts while the call runs");
        t.published(T.plusMillis(800));
        assertEquals(Optional.of(T.plusMillis(800)), t.lastPublishedAt());

        t.publishing(report(11, "b"), T.plusSeconds(302));
        t.publishFailed(11, false, T.plusSeconds(303));
        assertEquals(Optional.of(T.plusMillis(800)), t.lastPublishedAt(), "nothing was sent: the one before stands");
        assertEquals(11, t.lastReportId(), "the id still counts as used");

        t.publishing(report(12, "b"), T.plusSeconds(310));
        t.publishFailed(12, true, T.plusSeconds(320));
        assertEquals(Optional.of(T.plusSeconds(320)), t.lastPublishedAt(), "a timeout may have been sent by then");
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
