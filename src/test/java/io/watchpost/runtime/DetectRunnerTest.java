package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchpost.collect.PortSet;
import io.watchpost.collect.RemoteAddresses;
import io.watchpost.config.DetectSettings;
import io.watchpost.config.Settings;
import io.watchpost.detect.DetectionSample;
import io.watchpost.ipc.CoreIpc;
import io.watchpost.ipc.IpcException;
import io.watchpost.testing.LogCapture;
import io.watchpost.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DetectRunner} against a scripted IPC seam: events leave the pending queue in order, a failed publish keeps that
 * event and the later ones, suppressed events skip IoT Core, and the queue survives export and restore.
 */
class DetectRunnerTest {
    private static final String TOPIC = "watchpost/things/gw-1/detect/events";
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final String PORTS_PROFILE = """
            {"securityProfileName": "p", "behaviors": [
              {"name": "ports", "metric": "aws:listening-tcp-ports",
               "criteria": {"comparisonOperator": "in-port-set", "value": {"ports": [22]}}},
              {"name": "quiet-count", "metric": "aws:num-listening-tcp-ports", "suppressAlerts": true,
               "criteria": {"comparisonOperator": "less-than-equals", "value": {"count": 1}}}]}
            """;

    @TempDir
    Path stateDir;

    private final ObjectMapper json = new ObjectMapper();
    private final LogCapture logs = new LogCapture(new MutableClock(T0));
    /** What reached each side: "iot:" or "local:" plus the event type. */
    private final List<String> sent = new ArrayList<>();
    private int failLocalAfter = Integer.MAX_VALUE;

    @Test
    void eventsGoOutOldestFirstAndAFailureKeepsThatEventAndTheLaterOnes() throws Exception {
        DetectRunner runner = configured();
        runner.sample(settings(), sample(0, 22, 8080), Optional.empty()); // both behaviors raise
        runner.sample(settings(), sample(60, 22), Optional.empty());      // both clear
        assertEquals(4, runner.pendingCount());

        failLocalAfter = 2; // the second event's local publish fails
        Optional<IpcException> failed = runner.flush(ipc(), TOPIC, Duration.ofSeconds(1));

        assertTrue(failed.isPresent());
        assertEquals(3, runner.pendingCount(), "the failed event and the later ones are kept");
        failLocalAfter = Integer.MAX_VALUE;
        assertTrue(runner.flush(ipc(), TOPIC, Duration.ofSeconds(1)).isEmpty());
        assertEquals(0, runner.pendingCount());
        // The suppressed behavior's events never reach IoT Core; the retried event is sent again (at least once).
        assertEquals(List.of("iot:p/ports:in-alarm", "local:p/ports:in-alarm",
                "local:p/quiet-count:in-alarm", "local:p/quiet-count:in-alarm",
                "iot:p/ports:alarm-cleared", "local:p/ports:alarm-cleared",
                "local:p/quiet-count:alarm-cleared"), sent);
    }

    @Test
    void pendingEventsAndAlarmsSurviveExportAndRestore() throws Exception {
        DetectRunner before = configured();
        before.sample(settings(), sample(0, 22, 8080), Optional.empty());
        Object state = json.readValue(json.writeValueAsString(before.exportState().orElseThrow()), Object.class);

        DetectRunner after = new DetectRunner(new ThingName("gw-1"), stateDir, stateDir, "test", new Random(2),
                logs.log);
        after.restore(Optional.of(state));
        after.configure(settings(), T0.plusSeconds(30));
        assertEquals(2, after.pendingCount());
        after.sample(settings(), sample(60, 22, 8080), Optional.empty());
        assertEquals(2, after.pendingCount(), "the alarms in force are not raised again");
        assertTrue(after.flush(ipc(), TOPIC, Duration.ofSeconds(1)).isEmpty());
        assertEquals("iot:p/ports:in-alarm", sent.get(0));
    }

    @Test
    void pastTheByteBudgetTheOldestEventsAreDroppedAndCounted() throws Exception {
        DetectRunner runner = new DetectRunner(new ThingName("gw-1"), stateDir, stateDir, "test", new Random(1),
                logs.log, 3_000);
        runner.configure(settings(), T0);
        for (int i = 0; i < 6; i++) { // 24 events (two behaviors raise and clear) of ~800 characters
            runner.sample(settings(), sample(120L * i, 22, 8080), Optional.empty());
            runner.sample(settings(), sample(120L * i + 60, 22), Optional.empty());
        }
        assertTrue(runner.pendingCount() < 24 && runner.pendingCount() >= 2, "kept " + runner.pendingCount());
        assertTrue(logs.lines("detect_events_dropped").stream().allMatch(l -> l.contains(" WARN ")), logs.all());
        long dropped = logs.lines("detect_events_dropped").stream()
                .mapToLong(l -> Long.parseLong(l.replaceAll(".* count=(\\d+) .*", "$1"))).sum();
        assertEquals(24, dropped + runner.pendingCount(), logs.all());
        assertTrue(runner.flush(ipc(), TOPIC, Duration.ofSeconds(1)).isEmpty());
        assertEquals("local:p/quiet-count:alarm-cleared", sent.get(sent.size() - 1), "the newest are kept");
    }

    @Test
    void aCorruptPendingQueueStartsEmptyWithAWarning() {
        DetectRunner runner = configured();
        runner.restore(Optional.of(Map.of("pending", "not a queue")));
        assertEquals(0, runner.pendingCount());
        String warn = logs.lines("detect_state_fresh_start").get(0);
        assertTrue(warn.contains(" WARN ") && warn.contains("part=pending_events"), warn);
    }

    @Test
    void withoutProfilesNothingIsEvaluatedOrQueued() {
        DetectRunner runner = new DetectRunner(new ThingName("gw-1"), stateDir, stateDir, "test", new Random(1),
                logs.log);
        assertFalse(runner.configure(Settings.defaults(), T0));
        assertFalse(runner.samples(Settings.defaults()));
        runner.sample(Settings.defaults(), sample(0, 8080), Optional.empty());
        assertEquals(0, runner.pendingCount());
        assertTrue(runner.exportState().isEmpty(), "Detect off adds nothing to the state file");
    }

    private DetectRunner configured() {
        DetectRunner runner = new DetectRunner(new ThingName("gw-1"), stateDir, stateDir, "test", new Random(1),
                logs.log);
        runner.configure(settings(), T0);
        return runner;
    }

    private Settings settings() {
        try {
            Object profile = json.readValue(PORTS_PROFILE, Object.class);
            return Settings.defaults().withDetect(DetectSettings.defaults().withSecurityProfiles(List.of(profile)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static DetectionSample sample(long seconds, int... ports) {
        return new DetectionSample(T0.plusSeconds(seconds), "boot-1", "/proc/net", PortSet.of(ports), PortSet.of(),
                ports.length, 0, 0, RemoteAddresses.empty(), List.of(), Map.of());
    }

    private CoreIpc ipc() {
        CoreIpc ipc = mock(CoreIpc.class);
        when(ipc.publishToIoTCore(anyString(), any())).thenAnswer(call -> {
            sent.add("iot:" + label(call.getArgument(1)));
            return CompletableFuture.completedFuture(null);
        });
        when(ipc.publishToTopic(anyString(), any())).thenAnswer(call -> {
            if (--failLocalAfter == 0) {
                sent.add("local:" + label(call.getArgument(1)));
                return CompletableFuture.failedFuture(new IpcException(IpcException.Kind.SERVICE_ERROR, "busy",
                        null));
            }
            sent.add("local:" + label(call.getArgument(1)));
            return CompletableFuture.completedFuture(null);
        });
        return ipc;
    }

    private String label(byte[] payload) throws Exception {
        JsonNode e = json.readTree(payload);
        return e.path("securityProfileName").asText() + "/" + e.path("behavior").path("name").asText() + ":"
                + e.path("violationEventType").asText();
    }
}
