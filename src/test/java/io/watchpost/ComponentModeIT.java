package io.watchpost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchpost.ipc.GreengrassIpcConnector;
import io.watchpost.localcore.DeviceDefenderStandIn;
import io.watchpost.localcore.IoTCorePublish;
import io.watchpost.localcore.FaultyIpcServer;
import io.watchpost.runtime.StateStore;
import io.watchpost.runtime.ThingName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.aws.greengrass.GreengrassCoreIPCClientV2;
import software.amazon.awssdk.aws.greengrass.model.BinaryMessage;
import software.amazon.awssdk.aws.greengrass.model.JsonMessage;
import software.amazon.awssdk.aws.greengrass.model.PublishMessage;
import software.amazon.awssdk.aws.greengrass.model.PublishToTopicRequest;

/**
 * The built jar started as the recipe's Run step starts it (no arguments, the nucleus's variables, the work directory as
 * working directory) against an in-process stand-in nucleus: one report end to end, SIGTERM, and the refused token.
 */
class ComponentModeIT {
    private static final String TOKEN = "svcuid-3f9a7c1e5b2d4068-secret";
    private static final String THING = "component-it-thing";
    /**
     * The first report comes at once: the test-only property replaces the random 5–30 s start delay (and nothing else),
     * so the tests wait for log lines, not for the delay.
     */
    private static final String NO_START_DELAY = "-D" + Main.TEST_FIRST_REPORT_DELAY_PROPERTY + "=0";
    private static final Duration FIRST_REPORT_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private FaultyIpcServer server;
    private DeviceDefenderStandIn deviceDefender;
    private final CompletableFuture<DeviceDefenderStandIn.Verdict> firstVerdict = new CompletableFuture<>();

    @BeforeEach
    void startNucleusStandIn() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("SampleIntervalSeconds", 300);
        server = FaultyIpcServer.start(tmp, TOKEN, config);
        deviceDefender = DeviceDefenderStandIn.attach(server, Clock.systemUTC(), Duration.ofSeconds(300));
        deviceDefender.onVerdict(firstVerdict::complete);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, String> env(String token) {
        return Map.of(GreengrassIpcConnector.TOKEN_VARIABLE, token,
                GreengrassIpcConnector.SOCKET_PATH_VARIABLE, server.socketPath().toString(),
                ThingName.VARIABLE, THING);
    }

    @Test
    void publishesAnAcceptedReportAndStopsOnSigtermWithTheStateSaved() throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        Path stateDir = tmp.resolve("state");
        try (JarProcess p = JarProcess.start(work, env(TOKEN), List.of(NO_START_DELAY), "--state-dir",
                stateDir.toString())) {
            List<IoTCorePublish> published = server.publishedToIoTCore().awaitCount(1, FIRST_REPORT_WAIT);
            IoTCorePublish report = published.get(0);
            assertEquals("$aws/things/" + THING + "/defender/metrics/json", report.topic());
            assertEquals("1", report.qos(), "QoS 1");
            DeviceDefenderStandIn.Verdict verdict = firstVerdict.get(10, TimeUnit.SECONDS);
            assertTrue(verdict.accepted(), "the stand-in refused the report: " + verdict);
            long reportId = new ObjectMapper().readTree(report.payload()).path("header").path("report_id").asLong();
            assertEquals(reportId, verdict.reportId().orElseThrow());
            // The component saw the acceptance (so the baseline it saves is this report's).
            assertTrue(p.awaitLines(l -> l.contains(" report_accepted ") && l.contains("id=" + reportId), 1,
                    Duration.ofSeconds(20)), p.stdout());

            p.terminate();
            assertTrue(p.waitFor(Duration.ofSeconds(5)), "SIGTERM must end the component within 5 s");
            assertEquals(0, p.exitValue(), p.stdout() + "\n" + p.stderr());

            JsonNode state = new ObjectMapper().readTree(stateDir.resolve(StateStore.FILE_NAME).toFile());
            assertEquals(reportId, state.path("lastReportId").asLong());
            assertTrue(state.path("acceptedBaseline").isObject(), state.toString());
            assertFalse(Files.exists(work.resolve(StateStore.FILE_NAME)), "--state-dir replaces the working directory");
            assertTrue(p.stdout().contains("runtime_stopped"), p.stdout());
            assertFalse(p.stdout().contains(TOKEN), "token in stdout");
            assertFalse(p.stderr().contains(TOKEN), "token in stderr");
            assertEquals("", p.stderr(), "stderr is for real problems only");
        }
    }

    @Test
    void aReportInFlightAtSigtermStillGetsItsAnswer() throws Exception {
        // aws-crt stops delivering callbacks from its own shutdown hook; the component holds a CRT shutdown reference
        // until its connection is closed, so the answer to a publish in flight still arrives within the grace.
        CountDownLatch gate = server.holdPublishes();
        Path work = Files.createDirectory(tmp.resolve("work"));
        try (JarProcess p = JarProcess.start(work, env(TOKEN), List.of(NO_START_DELAY))) {
            server.publishedToIoTCore().awaitCount(1, FIRST_REPORT_WAIT);
            p.terminate();
            // The shutdown hooks (ours and aws-crt's) are running when the held answer is let go.
            assertTrue(p.awaitLines(l -> l.contains(" runtime_stopping "), 1, Duration.ofSeconds(5)), p.stdout());
            gate.countDown();
            assertTrue(p.waitFor(Duration.ofSeconds(5)), "SIGTERM must end the component within 5 s");
            assertEquals(0, p.exitValue(), p.stdout() + "\n" + p.stderr());
            assertTrue(p.stdout().contains(" report_published "), "the held publish completed: " + p.stdout());
            assertFalse(p.stdout().contains("report_publish_failed"), p.stdout());
        }
    }

    @Test
    void stateGoesToTheWorkingDirectoryWithoutStateDir() throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        try (JarProcess p = JarProcess.start(work, env(TOKEN), List.of(NO_START_DELAY))) {
            long reportId = new ObjectMapper().readTree(server.publishedToIoTCore().awaitCount(1, FIRST_REPORT_WAIT)
                    .get(0).payload()).path("header").path("report_id").asLong();
            p.terminate();
            assertTrue(p.waitFor(Duration.ofSeconds(5)), "SIGTERM must end the component within 5 s");
            assertEquals(0, p.exitValue(), p.stdout());
            JsonNode state = new ObjectMapper().readTree(work.resolve(StateStore.FILE_NAME).toFile());
            assertEquals(reportId, state.path("lastReportId").asLong());
        }
    }

    /**
     * Jackson databind costs the deployed process about 300 classes and several MB of memory, so component mode reads
     * and writes its documents with jackson-core alone. The class-load log covers every document the component reads
     * or writes: the state file at start and stop, Device Defender's answer, and custom metrics sent as binary and as
     * JSON messages by another component.
     */
    @Test
    void componentModeLoadsNoJacksonDatabindClass() throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        Files.writeString(work.resolve(StateStore.FILE_NAME),
                "{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":41}");
        Path classLog = tmp.resolve("classes.log");
        try (JarProcess p = JarProcess.start(work, env(TOKEN), List.of(NO_START_DELAY,
                "-Xlog:class+load=info:file=" + classLog))) {
            assertTrue(p.awaitLines(l -> l.contains(" runtime_started ") && l.contains("last_report_id=41"), 1,
                    Duration.ofSeconds(20)), "the state file was read: " + p.stdout());
            assertTrue(firstVerdict.get(FIRST_REPORT_WAIT.toSeconds(), TimeUnit.SECONDS).accepted());
            assertTrue(p.awaitLines(l -> l.contains(" report_accepted "), 1, Duration.ofSeconds(20)), p.stdout());
            publishCustomMetrics();
            assertTrue(p.awaitLines(l -> l.contains(" custom_metric_new "), 2, Duration.ofSeconds(20)), p.stdout());
            p.terminate();
            assertTrue(p.waitFor(Duration.ofSeconds(5)), "SIGTERM must end the component within 5 s");
            assertEquals(0, p.exitValue(), p.stdout() + "\n" + p.stderr());
        }
        List<String> loaded = Files.readAllLines(classLog);
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" io.watchpost.json.JsonValueReader ")),
                "the log covers the documents read");
        assertEquals(List.of(), loaded.stream().filter(l -> l.contains(" com.fasterxml.jackson.databind.")).toList());
    }

    /** Another component on the same nucleus publishes one binary and one JSON message to the default topic. */
    private void publishCustomMetrics() throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor();
        try (GreengrassCoreIPCClientV2 other = GreengrassCoreIPCClientV2.builder()
                .withSocketPath(server.socketPath().toString()).withAuthToken(TOKEN).withExecutor(callbacks).build()) {
            other.publishToTopicAsync(new PublishToTopicRequest().withTopic("watchpost/custom-metrics")
                    .withPublishMessage(new PublishMessage().withBinaryMessage(new BinaryMessage().withMessage(
                            "{\"name\":\"failed_logins\",\"number\":3}".getBytes(StandardCharsets.UTF_8)))))
                    .get(10, TimeUnit.SECONDS);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", "open_files");
            json.put("number_list", List.of(12, 40.5));
            other.publishToTopicAsync(new PublishToTopicRequest().withTopic("watchpost/custom-metrics")
                    .withPublishMessage(new PublishMessage().withJsonMessage(new JsonMessage().withMessage(json))))
                    .get(10, TimeUnit.SECONDS);
        } finally {
            callbacks.shutdownNow();
        }
    }

    @Test
    void aRefusedTokenEndsNonZeroAfterTheRetriesNamingSvcuidButNotTheToken() throws Exception {
        String wrong = "wrong-token-9c8b7a6f5e4d";
        Path work = Files.createDirectory(tmp.resolve("work"));
        try (JarProcess p = JarProcess.start(work, env(wrong), List.of())) {
            assertTrue(p.waitFor(Duration.ofSeconds(60)), "the start-up retries must end: " + p.stdout());
            assertNotEquals(0, p.exitValue());
            String out = p.stdout() + "\n" + p.stderr();
            assertTrue(p.stderr().contains("startup_failed"), p.stderr());
            assertTrue(out.lines().anyMatch(l -> l.contains("SVCUID")), out);
            assertFalse(out.contains(wrong), "refused token in the output:\n" + out);
            assertFalse(out.contains(TOKEN), "nucleus token in the output");
            assertEquals(0, server.publishedToIoTCore().count());
        }
    }
}
