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
 *   <li>the first cycle runs a random {@code firstDelayMin}–{@code firstDelayMax} after the runtime is connected, so a
 *       fleet restarted together spreads out;</li>
 *   <li>each later cycle runs one interval after the previous cycle started;</li>
 *   <li>an interval change moves the pending cycle to one new interval after the previous cycle; if that moment has
 *       already passed, it runs after a random first-report delay from now, never at once;</li>
 *   <li>no publish is ever made sooner than {@link ReportTiming#spacing} after the last publish call returned,
 *       including one made before a restart ({@link #earliestPublish}); the next cycle is moved accordingly when a
 *       publish returns ({@link #published}).</li>
 * </ul>
 */
public final class ReportScheduler {
    private final Scheduler scheduler;
    private final Clock clock;
    private final Random random;
    private final ReportTiming timing;

    private Runnable cycle;
    private Scheduler.ScheduledTask pending;
    private Instant nextDue;
    private Instant lastCycle;

    /** @param random drives the first-report jitter (tests pass a seeded one) */
    public ReportScheduler(Scheduler scheduler, Clock clock, Random random, ReportTiming timing) {
        this.scheduler = Objects.requireNonNull(scheduler);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
        this.timing = Objects.requireNonNull(timing);
    }

    /** What runs when a cycle is due; set once, by the runtime that owns this schedule. */
    synchronized void onDue(Runnable cycle) {
        if (this.cycle != null) {
            throw new IllegalStateException("this schedule already belongs to a runtime");
        }
        this.cycle = Objects.requireNonNull(cycle);
    }

    /** Schedules the first cycle; returns when it is due. */
    synchronized Instant scheduleFirst(Optional<Instant> lastSent, Duration interval) {
        return scheduleAt(later(clock.instant().plus(jitter()), earliestPublish(lastSent, interval)));
    }

    /** Called when a cycle starts at {@code cycleStart}: the next one comes one interval later. */
    synchronized Instant cycleStarted(Instant cycleStart, Duration interval, Optional<Instant> lastSent) {
        lastCycle = cycleStart;
        return scheduleAt(later(cycleStart.plus(interval), earliestPublish(lastSent, interval)));
    }

    /** A publish call returned at {@code sentAt}: the pending cycle moves later if it would come too soon after it. */
    synchronized void published(Instant sentAt, Duration interval) {
        Instant earliest = earliestPublish(Optional.of(sentAt), interval);
        if (pending != null && nextDue.isBefore(earliest)) {
            scheduleAt(earliest);
        }
    }

    /**
     * The interval changed. Before the first cycle nothing moves (the first report keeps its jittered time); after it,
     * the pending cycle moves to one new interval after the previous cycle. Returns the new due time, if any.
     */
    synchronized Optional<Instant> intervalChanged(Duration interval, Optional<Instant> lastSent) {
        if (lastCycle == null || pending == null) {
            return Optional.ofNullable(nextDue);
        }
        Instant now = clock.instant();
        Instant due = lastCycle.plus(interval);
        if (due.isBefore(now)) {
            due = now.plus(jitter());
        }
        return Optional.of(scheduleAt(later(due, earliestPublish(lastSent, interval))));
    }

    /**
     * The earliest instant a publish may be made: the spacing after the last publish returned. A last publish in the
     * future (the clock was wrong then and has been corrected since) must not silence the component until that date:
     * the wait is capped at one spacing from now.
     */
    Instant earliestPublish(Optional<Instant> lastSent, Duration interval) {
        Instant now = clock.instant();
        if (lastSent.isEmpty()) {
            return now;
        }
        Duration spacing = timing.spacing(interval);
        Instant earliest = lastSent.get().plus(spacing);
        Instant cap = now.plus(spacing);
        return earliest.isAfter(cap) ? cap : earliest;
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

    private static Instant later(Instant a, Instant b) {
        return a.isBefore(b) ? b : a;
    }

    private Instant scheduleAt(Instant due) {
        if (cycle == null) {
            throw new IllegalStateException("no cycle to run: onDue was never called");
        }
        if (pending != null) {
            pending.cancel();
        }
        nextDue = due;
        Duration delay = Duration.between(clock.instant(), due);
        pending = scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, this::fire);
        return due;
    }

    private void fire() {
        Runnable c;
        synchronized (this) {
            pending = null;
            nextDue = null;
            c = cycle;
        }
        c.run();
    }

    private Duration jitter() {
        long spanMillis = timing.firstDelayMax().minus(timing.firstDelayMin()).toMillis();
        return timing.firstDelayMin().plusMillis(random.nextLong(spanMillis + 1));
    }
}
