package io.watchpost.runtime;

import io.watchpost.log.EventLog;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The production {@link Scheduler}: one named daemon thread. */
public final class ExecutorScheduler implements Scheduler {
    private final ScheduledThreadPoolExecutor executor;
    private final EventLog log;

    /** @param log where a task's escaped exception is reported (the executor would otherwise swallow it) */
    public ExecutorScheduler(String threadName, EventLog log) {
        this.log = Objects.requireNonNull(log);
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, threadName);
            t.setDaemon(true);
            return t;
        });
        // Without these, shutdown() would still run every delayed report and reconnect task.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public ScheduledTask schedule(Duration delay, Runnable task) {
        try {
            Runnable guarded = () -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    log.error("runtime_task_failed", "error", t);
                }
            };
            ScheduledFuture<?> f = executor.schedule(guarded, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        } catch (RejectedExecutionException e) {
            // Shutting down: IPC callbacks that arrive now have nothing left to do.
            return () -> { };
        }
    }

    @Override
    public boolean shutdown(Duration grace) {
        executor.shutdown();
        try {
            if (executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            executor.shutdownNow();
            executor.awaitTermination(500, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
