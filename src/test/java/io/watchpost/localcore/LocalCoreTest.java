package io.watchpost.localcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.ipc.CoreIpc;
import io.watchpost.ipc.GreengrassIpcConnector;
import io.watchpost.log.EventLog;
import io.watchpost.runtime.ThingName;
import io.watchpost.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCoreTest {
    @TempDir
    Path tmp;

    @Test
    void servesConfigurationAndLogsDeviceDefenderVerdicts() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-28T12:00:00Z"));
        EventLog log = new EventLog(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8), clock,
                EventLog.Level.INFO);
        try (LocalCore core = LocalCore.start(tmp, Map.of("SampleIntervalSeconds", 300), clock,
                Duration.ofSeconds(10), log);
             CoreIpc ipc = GreengrassIpcConnector.fromEnvironment(
                     core.componentEnvironment(new ThingName("local-thing")), Duration.ofSeconds(10)).connect()) {
            CountDownLatch judged = new CountDownLatch(2);
            core.deviceDefender().onVerdict(v -> judged.countDown());
            assertEquals(300.0, ipc.getConfiguration().get(10, TimeUnit.SECONDS).get("SampleIntervalSeconds"));

            String topic = "$aws/things/local-thing/defender/metrics/json";
            ipc.publishToIoTCore(topic, "{\"hed\":{\"rid\":1,\"v\":\"1.0\"},\"met\":{}}"
                    .getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
            clock.advance(Duration.ofSeconds(5));
            ipc.publishToIoTCore(topic, "{\"hed\":{\"rid\":2,\"v\":\"1.0\"},\"met\":{}}"
                    .getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
            assertTrue(judged.await(10, TimeUnit.SECONDS), "both reports judged");
        }
        String logged = out.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("local_device_defender_accepted thing=local-thing report_id=1 format=json"), logged);
        assertTrue(logged.contains("local_device_defender_rejected thing=local-thing report_id=2 format=json "
                + "error_code=Throttled"), logged);
    }
}
