package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.collect.CollectException;
import io.watchpost.config.Settings;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.pipeline.ReportSource;
import io.watchpost.report.NetworkBaseline;
import io.watchpost.testing.LogCapture;
import io.watchpost.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read under the proc root can hang (a stuck NFS mount, a FIFO): the collection runs on its own worker, so the
 * runtime's thread stays free for configuration updates, the next cycle and SIGTERM; a cycle that finds the previous
 * collection still running is skipped with a WARN, and the late report is dropped.
 */
class CollectionOverrunTest {
    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path stateDir;

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-collect");
        t.setDaemon(true);
        return t;
    });

    /** The first collection blocks until released, as a read of a hung mount would; later ones are immediate. */
    private final class HangingSource implements ReportSource {
        final ScriptedReportSource reports = new ScriptedReportSource();
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public PreparedReport prepare(Settings settings, NetworkBaseline baseline, long previousReportId, Instant now)
                throws CollectException {
            if (calls.incrementAndGet() == 1) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return reports.prepare(settings, baseline, previousReportId, now);
        }
    }

    @AfterEach
    void releaseTheWorker() {
        release.countDown();
        worker.shutdownNow();
    }

    private final MutableClock clock = new MutableClock(START);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final FakeConnector connector = new FakeConnector(clock);
    private final LogCapture logs = new LogCapture(clock);
    private final HangingSource source = new HangingSource();

    /** Starts a runtime on virtual time whose first collection hangs on the worker. */
    private ComponentRuntime firstCollectionHangs() throws InterruptedException {
        ComponentRuntime runtime = new RuntimeBuilder(stateDir, connector, source, scheduler, clock, logs.log)
                .collector(worker).build();
        runtime.start();
        scheduler.runDue();
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the collection started");
        return runtime;
    }

    @Test
    void aHungCollectionHoldsUpNeitherConfigurationUpdatesNorTheNextCycleNorShutdown() throws Exception {
        ComponentRuntime runtime = firstCollectionHangs();

        connector.config.put("SampleIntervalSeconds", 600);
        connector.current().configurationChanged();
        scheduler.runDue();
        assertEquals(Duration.ofSeconds(600), runtime.settings().sampleInterval(), logs.all());
        assertEquals(1, logs.lines("settings_changed").size());

        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        assertEquals(1, logs.lines("report_cycle_overrun").size(), logs.all());
        assertTrue(logs.lines("report_cycle_overrun").get(0).contains(" WARN "));
        assertEquals(1, source.calls.get(), "at most one collection at a time");
        assertTrue(runtime.nextReportDue().isPresent(), "the schedule goes on");
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        assertEquals(2, logs.lines("report_cycle_overrun").size(), logs.all());
        assertEquals(1, source.calls.get());

        runtime.shutdown();
        assertEquals(0, runtime.exitCode().getNow(-1));
        assertEquals(1, logs.lines("runtime_stopped").size());
        assertTrue(connector.current().published.isEmpty());
    }

    @Test
    void theLateReportIsDroppedAndTheNextCycleReportsAsUsual() throws Exception {
        ComponentRuntime runtime = firstCollectionHangs();
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        assertEquals(1, logs.lines("report_cycle_overrun").size(), logs.all());

        release.countDown();
        assertTrue(scheduler.runDueUntil(() -> !logs.lines("report_discarded").isEmpty(), WAIT), logs.all());
        assertTrue(connector.current().published.isEmpty(), "a report collected a whole interval late is not sent");

        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        assertTrue(scheduler.runDueUntil(() -> connector.current().published.size() == 1, WAIT), logs.all());
        assertEquals(2, source.calls.get());
        runtime.shutdown();
    }

    @Test
    void onTheRealSchedulerShutdownDuringAHungCollectionFinishesWithoutWaitingForIt() throws Exception {
        Clock clock = Clock.systemUTC();
        ExecutorScheduler scheduler = new ExecutorScheduler("test-runtime", new LogCapture(clock).log);
        FakeConnector connector = new FakeConnector(clock);
        connector.config.put("SampleIntervalSeconds", 300);
        LogCapture logs = new LogCapture(clock);
        ComponentRuntime runtime = new RuntimeBuilder(stateDir, connector, source, scheduler, clock, logs.log)
                .collector(worker).timing(ReportTiming.COMPONENT.withFirstDelay(Duration.ZERO)).build();
        runtime.start();
        assertTrue(entered.await(WAIT.toSeconds(), TimeUnit.SECONDS), logs.all());

        // The runtime's thread still answers: a configuration update is applied while the read hangs.
        connector.config.put("SampleIntervalSeconds", 900);
        scheduler.execute(() -> connector.current().configurationChanged());
        awaitLog(logs, () -> !logs.lines("settings_changed").isEmpty());

        runtime.shutdown();
        assertEquals(0, runtime.exitCode().getNow(-1));
        assertTrue(logs.lines("runtime_stopped").get(0).contains("cycle_in_progress=finished"), logs.all());
        assertEquals(1, source.calls.get());
    }

    /** Awaits a log line written on another thread. */
    private static void awaitLog(LogCapture logs, BooleanSupplier condition) throws InterruptedException {
        assertTrue(logs.await(condition, WAIT), "timed out:\n" + logs.all());
    }
}
