package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.watchpost.ipc.CoreIpc;
import io.watchpost.ipc.CoreIpcConnector;
import io.watchpost.ipc.Subscription;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.testing.LogCapture;
import io.watchpost.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

/**
 * Failures at the {@link CoreIpc} seam that neither the in-process IPC server nor a well-behaved SDK produce on demand:
 * a publish whose future never completes, and SDK calls that throw instead of failing their future. Mockito stands in
 * for the nucleus connection here (and only here: everything else runs against FakeCoreIpc or the real IPC client).
 */
@ExtendWith(MockitoExtension.class)
class CoreIpcSeamTest {
    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    private static final String METRICS = "$aws/things/gw-1/defender/metrics/json";
    private static final Duration CALL_TIMEOUT = Duration.ofMillis(200);

    @TempDir
    Path stateDir;

    @Mock
    private CoreIpc ipc;
    @Mock
    private CoreIpcConnector connector;
    @Mock
    private Subscription subscription;

    private final MutableClock clock = new MutableClock(START);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final LogCapture logs = new LogCapture(clock);
    private final ScriptedReportSource source = new ScriptedReportSource();
    private final Map<String, Consumer<byte[]>> answerTopics = new ConcurrentHashMap<>();
    private ComponentRuntime runtime;

    @BeforeEach
    void nucleus() {
        when(connector.connect()).thenReturn(ipc);
        lenient().when(ipc.isOpen()).thenReturn(true);
        when(ipc.getConfiguration()).thenAnswer(inv -> CompletableFuture.completedFuture(
                new HashMap<>(Map.of("SampleIntervalSeconds", 300.0))));
        when(ipc.subscribeToConfigurationUpdate(any(), any()))
                .thenReturn(CompletableFuture.completedFuture(subscription));
        lenient().when(ipc.subscribeToTopic(anyString(), any(), any()))
                .thenReturn(CompletableFuture.completedFuture(subscription));
        lenient().when(ipc.subscribeToIoTCore(anyString(), any(), any())).thenAnswer(inv -> {
            answerTopics.put(inv.getArgument(0), inv.getArgument(1));
            return CompletableFuture.completedFuture(subscription);
        });
        runtime = new RuntimeBuilder(stateDir, connector, source, scheduler, clock, logs.log)
                .callTimeout(CALL_TIMEOUT).build();
    }

    private void firstCycle() {
        runtime.start();
        scheduler.runDue();
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
    }

    @Test
    void aPublishWhoseFutureNeverCompletesTimesOutStaysInFlightAndCanStillBeAccepted() {
        when(ipc.publishToIoTCore(eq(METRICS), any())).thenReturn(new CompletableFuture<>());
        firstCycle();

        String failed = logs.lines("report_publish_failed").get(0);
        assertTrue(failed.contains("kind=TIMEOUT"), failed);
        PreparedReport report = source.lastReport();
        // It may have reached IoT Core: Device Defender's late answer still moves the baseline.
        answerTopics.get(METRICS + "/accepted").accept(("{\"reportId\":" + report.reportId()
                + ",\"status\":\"ACCEPTED\",\"thingName\":\"gw-1\"}").getBytes(StandardCharsets.UTF_8));
        scheduler.runDue();
        assertTrue(logs.lines("report_accepted").get(0).contains("baseline=advanced"), logs.all());
        assertEquals(report.nextBaseline(), new StateStore(stateDir, logs.log).load().acceptedBaseline());
    }

    @Test
    void aPublishThatThrowsInsteadOfFailingItsFutureIsAFailedPublishAndTheScheduleGoesOn() {
        when(ipc.publishToIoTCore(eq(METRICS), any())).thenThrow(new IllegalStateException("CRT event loop gone"))
                .thenReturn(CompletableFuture.completedFuture(null));
        firstCycle();

        String failed = logs.lines("report_publish_failed").get(0);
        assertTrue(failed.contains("kind=OTHER") && failed.contains("CRT event loop gone"), failed);
        assertTrue(new StateStore(stateDir, logs.log).load().lastPublishedAt().isEmpty(),
                "nothing was sent, so nothing is the last publish");
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        verify(ipc, times(2)).publishToIoTCore(eq(METRICS), any());
        assertEquals(1, logs.lines("report_published").size(), logs.all());
        assertTrue(logs.lines("report_cycle_failed").isEmpty(), logs.all());
    }

    @Test
    void aSubscribeThatThrowsHoldsTheReportInsteadOfPublishingBlind() {
        doThrow(new IllegalStateException("stream refused")).when(ipc).subscribeToIoTCore(anyString(), any(), any());
        firstCycle();
        scheduler.advance(Duration.ofMinutes(2));

        verify(ipc, never()).publishToIoTCore(anyString(), any());
        assertEquals(1, logs.lines("report_held").size(), logs.all());
        assertTrue(logs.lines("answers_subscribe_failed").get(0).contains("stream refused"), logs.all());
        assertTrue(logs.lines("report_cycle_failed").isEmpty(), logs.all());
    }
}
