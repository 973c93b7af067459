package io.watchpost.runtime;

import java.time.Duration;

/**
 * The one thread every runtime decision runs on: report cycles, IPC answers, configuration updates and reconnects are
 * all tasks on it, so the runtime's state needs no locks beyond the tracker. Narrower than ScheduledExecutorService so
 * that tests can drive it by hand.
 */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay} (zero or negative: as soon as possible). */
    ScheduledTask schedule(Duration delay, Runnable task);

    /** Runs {@code task} as soon as possible, after the tasks already due. */
    default void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    /**
     * Drops every pending task and waits up to {@code grace} for the running one; after that the running one is
     * interrupted (abandoned). Returns whether the running task finished in time.
     */
    boolean shutdown(Duration grace);

    /** A pending task that can still be called off. */
    interface ScheduledTask {
        void cancel();
    }
}
