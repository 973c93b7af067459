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
    private static final ReportTiming LOCAL =
            new ReportTiming(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2));

    private final MutableClock clock = new MutableClock(T0);
    private final ManualScheduler scheduler = new ManualScheduler(clock);

    @Test
    void componentTimingIsTheDocumentedFloorAndJitter() {
        assertEquals(Duration.ofSeconds(300), ReportTiming.COMPONENT.minSpacing());
        assertEquals(Duration.ofSeconds(5), ReportTiming.COMPONENT.firstDelayMin());
        assertEquals(Duration.ofSeconds(30), ReportTiming.COMPONENT.firstDelayMax());
    }

    @Test
    void localFirstReportComesWithinItsDelayRange() {
        for (long seed = 0; seed < 50; seed++) {
            ReportScheduler s = new ReportScheduler(scheduler, clock, new Random(seed), () -> { }, LOCAL);
            Instant due = s.scheduleFirst(Optional.empty());
            assertTrue(!due.isBefore(T0.plusSeconds(1)) && !due.isAfter(T0.plusSeconds(2)), "due " + due);
            s.cancel();
        }
    }

    @Test
    void localSpacingIsTheFloorAfterTheLastPublishNot300Seconds() {
        ReportScheduler s = new ReportScheduler(scheduler, clock, new Random(1), () -> { }, LOCAL);
        Instant lastPublished = T0.minusMillis(500);
        // An interval of 1 s would be due at T0+1 s; the 2 s floor after the last publish moves it to T0+1.5 s.
        assertEquals(T0.plusMillis(1500), s.scheduleAfterCycle(T0, Duration.ofSeconds(1), Optional.of(lastPublished)));
        assertEquals(T0.plusSeconds(3), s.scheduleAfterCycle(T0, Duration.ofSeconds(3), Optional.of(lastPublished)));
    }

    @Test
    void componentSchedulerStillKeeps300Seconds() {
        ReportScheduler s = new ReportScheduler(scheduler, clock, new Random(1), () -> { });
        assertEquals(T0.plusSeconds(300), s.scheduleAfterCycle(T0, Duration.ofSeconds(10), Optional.of(T0)));
    }

    @Test
    void invalidTimingIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReportTiming(Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> new ReportTiming(Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(2)));
    }
}
