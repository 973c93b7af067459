package io.watchpost.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A deterministic {@link Scheduler}: tasks run only when the test advances the clock, in due order (ties in the order
 * they were scheduled), on the test's own thread.
 */
final class ManualScheduler implements Scheduler {
    private static final class Entry {
        final Instant due;
        final long seq;
        final Runnable task;
        boolean cancelled;

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

    ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public ScheduledTask schedule(Duration delay, Runnable task) {
        if (shutdown) {
            return () -> { };
        }
        Instant due = clock.instant().plus(delay.isNegative() ? Duration.ZERO : delay);
        Entry e = new Entry(due, seq++, task);
        entries.add(e);
        return () -> e.cancelled = true;
    }

    @Override
    public boolean shutdown(Duration grace) {
        shutdown = true;
        entries.clear();
        return true;
    }

    /** Runs every task due now, including ones those tasks schedule for now. */
    void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves the clock forward, running each task at its due time. */
    void advance(Duration d) {
        Instant target = clock.instant().plus(d);
        while (true) {
            Optional<Entry> next = earliest();
            if (next.isEmpty() || next.get().due.isAfter(target)) {
                break;
            }
            Entry e = next.get();
            entries.remove(e);
            if (e.due.isAfter(clock.instant())) {
                clock.set(e.due);
            }
            e.task.run();
        }
        clock.set(target);
    }

    /** Moves the clock to {@code instant}, running every task due by then. */
    void advanceTo(Instant instant) {
        advance(Duration.between(clock.instant(), instant));
    }

    boolean isShutdown() {
        return shutdown;
    }

    private Optional<Entry> earliest() {
        entries.removeIf(e -> e.cancelled);
        return entries.stream().min(Comparator.<Entry, Instant>comparing(e -> e.due).thenComparingLong(e -> e.seq));
    }
}
