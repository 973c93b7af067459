package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.collect.CollectException;
import io.watchpost.config.Settings;
import io.watchpost.config.SettingsParser;
import io.watchpost.ipc.IpcException;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.pipeline.ReportSource;
import io.watchpost.report.NetworkBaseline;
import io.watchpost.testing.LogCapture;
import io.watchpost.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device Defender throttles a device whose reports arrive less than 300 s apart. The spacing is measured from when the
 * previous publish call returned (the broker had the report by then), not from when its cycle started: a slow
 * collection followed by a fast one would otherwise put two reports 300 s minus the slow collection apart. Time is
 * virtual: each collection and each publish moves the test's clock by a scripted amount.
 */
class PublishSpacingTest {
    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path stateDir;

    private final MutableClock clock = new MutableClock(START);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final FakeConnector connector = new FakeConnector(clock);
    private final LogCapture logs = new LogCapture(clock);

    /** A pipeline whose n-th collection takes the n-th scripted duration of virtual time. */
    private static final class SlowSource implements ReportSource {
        final ScriptedReportSource reports = new ScriptedReportSource();
        final Deque<Duration> collectTimes = new ArrayDeque<>();
        final MutableClock clock;

        SlowSource(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public PreparedReport prepare(Settings settings, NetworkBaseline baseline, long previousReportId, Instant now)
                throws CollectException {
            Duration d = collectTimes.poll();
            if (d != null) {
                clock.advance(d);
            }
            return reports.prepare(settings, baseline, previousReportId, now);
        }
    }

    @Test
    void fiftyReportsWithCollectTimesVaryingFastAfterSlowAreNeverUnder300sApartAtTheBroker() {
        SlowSource source = new SlowSource(clock);
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            // Every third collection is slow (up to 45 s); the ones after it are fast.
            source.collectTimes.add(Duration.ofMillis(i % 3 == 0 ? 30_000 + random.nextInt(15_000)
                    : random.nextInt(500)));
        }
        connector.config.put("SampleIntervalSeconds", 300);
        ComponentRuntime runtime = new RuntimeBuilder(stateDir, connector, source, scheduler, clock, logs.log).build();
        runtime.start();
        scheduler.runDue();
        for (int i = 0; i < 50; i++) {
            connector.current().publishDelays.add(Duration.ofMillis(random.nextInt(1_500)));
        }

        List<Instant> received = runCycles(runtime, 50);

        Duration worst = assertGapsAtLeast(received, Settings.MIN_SAMPLE_INTERVAL);
        // Never more than the spacing, the slowest collection and the publish delays beyond the 300 s.
        assertTrue(worst.compareTo(Duration.ofSeconds(300 + 2 + 45 + 3)) <= 0, "no drift: worst gap " + worst);
    }

    @Test
    void localModeReportsAreNeverUnderTheIntervalApart() {
        SlowSource source = new SlowSource(clock);
        Random random = new Random(7);
        for (int i = 0; i < 50; i++) {
            source.collectTimes.add(Duration.ofMillis(i % 2 == 0 ? 900 + random.nextInt(600) : random.nextInt(50)));
        }
        connector.config.put("SampleIntervalSeconds", 2);
        ComponentRuntime runtime = new RuntimeBuilder(stateDir, connector, source, scheduler, clock, logs.log)
                .parser(new SettingsParser(1, Set.of())).timing(ReportTiming.LOCAL).build();
        runtime.start();
        scheduler.runDue();
        for (int i = 0; i < 50; i++) {
            connector.current().publishDelays.add(Duration.ofMillis(random.nextInt(100)));
        }

        assertGapsAtLeast(runCycles(runtime, 50), Duration.ofSeconds(2));
    }

    @Test
    void aRefusedPublishIsNotTheLastPublishAfterARestart() {
        ScriptedReportSource source = new ScriptedReportSource();
        ComponentRuntime first = new RuntimeBuilder(stateDir, connector, source, scheduler, clock, logs.log).build();
        first.start();
        scheduler.runDue();
        // The nucleus is configured to run offline: it refuses the publish, nothing is sent.
        connector.current().publishFailures.add(new IpcException(IpcException.Kind.SERVICE_ERROR,
                "ServiceError: configured to run offline", null));
        scheduler.advanceTo(first.nextReportDue().orElseThrow());
        assertEquals(1, logs.lines("report_publish_failed").size(), logs.all());
        first.shutdown();

        // Redeployed a minute later: the first report comes after the usual 5–30 s, not 300 s after the refused one.
        clock.advance(Duration.ofSeconds(60));
        Instant restart = clock.instant();
        ManualScheduler again = new ManualScheduler(clock);
        ComponentRuntime second = new RuntimeBuilder(stateDir, connector, source, again, clock, logs.log).build();
        second.start();
        again.runDue();
        Instant due = second.nextReportDue().orElseThrow();
        assertTrue(!due.isAfter(restart.plusSeconds(30)), "first report due " + due + " after a restart at " + restart);
        again.advanceTo(due);
        assertEquals(1, connector.current().published.size());
    }

    @Test
    void aTimedOutPublishCountsAsSentWhenItTimedOut() {
        ScriptedReportSource source = new ScriptedReportSource();
        ComponentRuntime runtime = new RuntimeBuilder(stateDir, connector, source, scheduler, clock, logs.log).build();
        runtime.start();
        scheduler.runDue();
        connector.current().publishFailures.add(new IpcException(IpcException.Kind.TIMEOUT, "no answer", null));
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        Instant timedOut = clock.instant();
        // It may still reach IoT Core: the next one keeps the spacing from the moment it timed out.
        assertEquals(timedOut.plus(ReportTiming.COMPONENT.spacing(Duration.ofSeconds(300))),
                runtime.nextReportDue().orElseThrow());
        assertEquals(timedOut, new StateStore(stateDir, logs.log).load().lastPublishedAt().orElseThrow());
    }

    private List<Instant> runCycles(ComponentRuntime runtime, int reports) {
        int guard = 0;
        while (connector.current().published.size() < reports && guard++ < reports * 3) {
            scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        }
        assertEquals(reports, connector.current().published.size(), logs.all());
        return connector.current().published.stream().map(FakeCoreIpc.Published::receivedAt).toList();
    }

    /** Asserts every receipt-to-receipt gap; returns the largest. */
    private static Duration assertGapsAtLeast(List<Instant> received, Duration least) {
        Duration worst = Duration.ZERO;
        List<String> tooClose = new ArrayList<>();
        for (int i = 1; i < received.size(); i++) {
            Duration gap = Duration.between(received.get(i - 1), received.get(i));
            if (gap.compareTo(least) < 0) {
                tooClose.add("#" + i + ": " + gap);
            }
            worst = gap.compareTo(worst) > 0 ? gap : worst;
        }
        assertEquals(List.of(), tooClose, "publishes closer than " + least + " at the broker");
        return worst;
    }
}
