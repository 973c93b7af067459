package io.watchpost.runtime;

import io.watchpost.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A deterministic {@link Scheduler}: tasks run only when the test advances the clock, in due order (ties in the order
 * they were scheduled), on the test's own thread. Other threads (a real IPC server's callbacks) may schedule tasks at
 * any time; they run at the test's next {@link #runDue()} or {@link #runDueUntil}.
 */
public final class ManualScheduler implements Scheduler {
    private static final class Entry {
        final Instant due;
        final long seq;
        final Runnable task;
        volatile boolean cancelled;

        Entry(Instant due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }
    }

    private final MutableClock clock;
    private final List<Entry> entries = new ArrayList<>();
    private long seq;
    private boolean shutdown;

    public ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized ScheduledTask schedule(Duration delay, Runnable task) {
        if (shutdown) {
            return () -> { };
        }
        Instant due = clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay);
        Entry e = new Entry(due, seq++, task);
        entries.add(e);
        notifyAll();
        return () -> e.cancelled = true;
    }

    @Override
    public synchronized boolean shutdown(Duration grace) {
        shutdown = true;
        entries.clear();
        return true;
    }

    /** Runs every task due now, including ones those tasks schedule for now. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves the clock forward, running each task at its due time. */
    public void advance(Duration d) {
        Instant target = clock.instant().plus(d);
        while (true) {
            Entry e = takeDue(target);
            if (e == null) {
                break;
            }
            e.task.run(); // outside the lock: the task may schedule more
        }
        // A task may itself have moved the clock past the target (a slow collection or publish): time never goes back.
        if (clock.instant().isBefore(target)) {
            clock.set(target);
        }
    }

    /** Moves the clock to {@code instant}, running every task due by then. */
    public void advanceTo(Instant instant) {
        advance(Duration.between(clock.instant(), instant));
    }

    /**
     * Runs due tasks, waiting (in real time, at most {@code realTimeout}) for other threads to schedule more, until
     * {@code condition} holds. For scenario tests whose IPC answers arrive on a real server's threads. Returns whether
     * the condition held.
     */
    public boolean runDueUntil(BooleanSupplier condition, Duration realTimeout) throws InterruptedException {
        long deadline = System.nanoTime() + realTimeout.toNanos();
        while (true) {
            runDue();
            if (condition.getAsBoolean()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            synchronized (this) {
                if (earliestDue().filter(due -> !due.isAfter(clock.instant())).isEmpty()) {
                    wait(Math.max(1, Math.min(50, left / 1_000_000)));
                }
            }
        }
    }

    public synchronized boolean isShutdown() {
        return shutdown;
    }

    private synchronized Entry takeDue(Instant target) {
        entries.removeIf(e -> e.cancelled);
        Optional<Entry> next = entries.stream()
                .min(Comparator.<Entry, Instant>comparing(e -> e.due).thenComparingLong(e -> e.seq));
        if (next.isEmpty() || next.get().due.isAfter(target)) {
            return null;
        }
        Entry e = next.get();
        entries.remove(e);
        if (e.due.isAfter(clock.instant())) {
            clock.set(e.due);
        }
        return e;
    }

    private Optional<Instant> earliestDue() {
        return entries.stream().filter(e -> !e.cancelled).map(e -> e.due).min(Comparator.naturalOrder());
    }
}
