package io.watchpost.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * When the next report cycle runs. Rules (docs/runtime.md "Schedule"):
 * <ul>
 *   <li>the first cycle runs a random 5–30 s after the runtime is connected, so a fleet restarted together spreads out;</li>
 *   <li>each later cycle runs one interval after the previous cycle;</li>
 *   <li>an interval change moves the pending cycle to one new interval after the previous cycle; if that moment has
 *       already passed, it runs a random 5–30 s from now, never at once;</li>
 *   <li>no cycle ever runs less than 300 s after the last report was published, including one published before a
 *       restart.</li>
 * </ul>
 * The 300 s and 5–30 s are {@link ReportTiming#COMPONENT}; local mode passes smaller ones.
 */
final class ReportScheduler {
    private final Scheduler scheduler;
    private final Clock clock;
    private final Random random;
    private final Runnable cycle;
    private final ReportTiming timing;

    private Scheduler.ScheduledTask pending;
    private Instant nextDue;
    private Instant lastCycle;

    ReportScheduler(Scheduler scheduler, Clock clock, Random random, Runnable cycle) {
        this(scheduler, clock, random, cycle, ReportTiming.COMPONENT);
    }

    /** With other floors than the component's (local mode). */
    ReportScheduler(Scheduler scheduler, Clock clock, Random random, Runnable cycle, ReportTiming timing) {
        this.scheduler = Objects.requireNonNull(scheduler);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
        this.cycle = Objects.requireNonNull(cycle);
        this.timing = Objects.requireNonNull(timing);
    }

    /** Schedules the first cycle; returns when it is due. */
    synchronized Instant scheduleFirst(Optional<Instant> lastPublished) {
        return scheduleAt(floor(clock.instant().plus(jitter()), lastPublished));
    }

    /** Called by a cycle that started at {@code cycleStart}: the next one comes one interval later. */
    synchronized Instant scheduleAfterCycle(Instant cycleStart, Duration interval, Optional<Instant> lastPublished) {
        lastCycle = cycleStart;
        return scheduleAt(floor(cycleStart.plus(interval), lastPublished));
    }

    /**
     * The interval changed. Before the first cycle nothing moves (the first report keeps its jittered time); after it,
     * the pending cycle moves to one new interval after the previous cycle. Returns the new due time, if any.
     */
    synchronized Optional<Instant> intervalChanged(Duration interval, Optional<Instant> lastPublished) {
        if (lastCycle == null || pending == null) {
            return Optional.ofNullable(nextDue);
        }
        Instant now = clock.instant();
        Instant due = lastCycle.plus(interval);
        if (due.isBefore(now)) {
            due = now.plus(jitter());
        }
        return Optional.of(scheduleAt(floor(due, lastPublished)));
    }

    synchronized Optional<Instant> nextDue() {
        return Optional.ofNullable(nextDue);
    }

    synchronized void cancel() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
        nextDue = null;
    }

    private Instant scheduleAt(Instant due) {
        if (pending != null) {
            pending.cancel();
        }
        nextDue = due;
        Duration delay = Duration.between(clock.instant(), due);
        pending = scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, this::fire);
        return due;
    }

    private void fire() {
        synchronized (this) {
            pending = null;
            nextDue = null;
        }
        cycle.run();
    }

    /**
     * Never less than 300 s after the last publish. A last publish in the future (the clock was wrong then and has been
     * corrected since) must not silence the component until that date: the wait is capped at 300 s from now.
     */
    private Instant floor(Instant due, Optional<Instant> lastPublished) {
        if (lastPublished.isPresent()) {
            Instant earliest = lastPublished.get().plus(timing.minSpacing());
            Instant cap = clock.instant().plus(timing.minSpacing());
            if (earliest.isAfter(cap)) {
                earliest = cap;
            }
            if (due.isBefore(earliest)) {
                return earliest;
            }
        }
        return due;
    }

    private Duration jitter() {
        long spanMillis = timing.firstDelayMax().minus(timing.firstDelayMin()).toMillis();
        return timing.firstDelayMin().plusMillis(random.nextLong(spanMillis + 1));
    }
}
