package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The schedule floors that local mode lowers, through ReportScheduler with a manual clock. */
class ReportTimingTest {
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final ReportTiming LOCAL = ReportTiming.LOCAL;

    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    @Test
    void componentTimingIsTheDocumentedFloorAndJitter() {
        assertEquals(Duration.ofSeconds(300), ReportTiming.COMPONENT.minSpacing());
        assertEquals(Duration.ofSeconds(302), ReportTiming.COMPONENT.spacing(Duration.ofSeconds(3600)),
                "300 s plus the margin, whatever the interval");
        assertEquals(Duration.ofMillis(2250), ReportTiming.LOCAL.spacing(Duration.ofSeconds(2)),
                "local mode: the interval plus its margin");
        assertEquals(Duration.ofSeconds(5), ReportTiming.COMPONENT.firstDelayMin());
        assertEquals(Duration.ofSeconds(30), ReportTiming.COMPONENT.firstDelayMax());
    }

    @Test
    void localFirstReportComesWithinItsDelayRange() {
        for (long seed = 0; seed < 50; seed++) {
            ReportScheduler s = new ReportScheduler(scheduler, clock, new Random(seed), LOCAL);
            s.onDue(() -> { });
            Instant due = s.scheduleFirst(Optional.empty(), Duration.ofSeconds(2));
            assertTrue(!due.isBefore(T0.plusSeconds(1)) && !due.isAfter(T0.plusSeconds(2)), "due " + due);
            s.cancel();
        }
    }

    @Test
    void localSpacingIsTheIntervalAfterTheLastPublishNot300Seconds() {
        ReportScheduler s = new ReportScheduler(scheduler, clock, new Random(1), LOCAL);
        s.onDue(() -> { });
        Instant lastSent = T0.minusMillis(500);
        // One interval after the cycle start (T0+1 s) is later than 1.25 s after the last publish (T0+0.75 s).
        assertEquals(T0.plusSeconds(1), s.cycleStarted(T0, Duration.ofSeconds(1), Optional.of(lastSent)));
        assertEquals(T0.plusSeconds(3), s.cycleStarted(T0, Duration.ofSeconds(3), Optional.of(lastSent)));
        // A publish that returned 900 ms into the cycle pushes the 1 s cycle to 0.9 + 1 + 0.25 s.
        s.cycleStarted(T0, Duration.ofSeconds(1), Optional.of(lastSent));
        clock.set(T0.plusMillis(900));
        s.published(T0.plusMillis(900), Duration.ofSeconds(1));
        assertEquals(T0.plusMillis(2150), s.nextDue().orElseThrow());
    }

    @Test
    void componentSchedulerKeeps300SecondsAndTheMarginAfterThePublishReturned() {
        ReportScheduler s = new ReportScheduler(scheduler, clock, new Random(1), ReportTiming.COMPONENT);
        s.onDue(() -> { });
        assertEquals(T0.plusSeconds(302), s.cycleStarted(T0, Duration.ofSeconds(10), Optional.of(T0)));
        clock.set(T0.plusSeconds(40));
        s.published(T0.plusSeconds(40), Duration.ofSeconds(300));
        assertEquals(T0.plusSeconds(342), s.nextDue().orElseThrow());
    }

    @Test
    void invalidTimingIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReportTiming(Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new ReportTiming(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(2)));
    }
}
