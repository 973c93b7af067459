package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.testing.LogCapture;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ExecutorSchedulerTest {
    private final LogCapture logs = new LogCapture(java.time.Clock.systemUTC());

    @Test
    void aTaskThatThrowsIsLoggedAndTheThreadKeepsRunning() {
        ExecutorScheduler scheduler = new ExecutorScheduler("test-runtime", logs.log);
        AtomicBoolean after = new AtomicBoolean();
        scheduler.execute(() -> {
            throw new IllegalStateException("boom");
        });
        scheduler.execute(() -> after.set(true));
        assertTrue(scheduler.shutdown(Duration.ofSeconds(10)));
        assertTrue(after.get());
        assertTrue(logs.lines("runtime_task_failed").get(0).contains("boom"));
    }

    @Test
    void shutdownDropsDelayedTasksAndInterruptsATaskThatOutlivesTheGrace() throws Exception {
        ExecutorScheduler scheduler = new ExecutorScheduler("test-runtime", logs.log);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicBoolean delayedRan = new AtomicBoolean();
        scheduler.schedule(Duration.ZERO, () -> {
            running.countDown();
            try {
                new CountDownLatch(1).await(); // an IPC call that never answers
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        scheduler.schedule(Duration.ofMillis(1), () -> delayedRan.set(true));
        assertTrue(running.await(10, TimeUnit.SECONDS));

        assertFalse(scheduler.shutdown(Duration.ofMillis(50)), "the blocked task did not finish in time");
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "abandoned by interrupt");
        assertFalse(delayedRan.get());
        scheduler.schedule(Duration.ZERO, () -> delayedRan.set(true)); // refused quietly after shutdown
        assertFalse(delayedRan.get());
    }

    @Test
    void shutdownWaitsForAShortTask() {
        ExecutorScheduler scheduler = new ExecutorScheduler("test-runtime", logs.log);
        AtomicBoolean done = new AtomicBoolean();
        scheduler.execute(() -> done.set(true));
        assertTrue(scheduler.shutdown(Duration.ofSeconds(10)));
        assertTrue(done.get());
    }
}
