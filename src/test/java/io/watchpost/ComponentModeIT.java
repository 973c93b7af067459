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
import io.watchpost.localcore.LocalIpcServer;
import io.watchpost.runtime.StateStore;
import io.watchpost.runtime.ThingName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar started as the recipe's Run step starts it (no arguments, the nucleus's variables, the work directory as
 * working directory) against an in-process stand-in nucleus: one report end to end, SIGTERM, and the refused token.
 */
class ComponentModeIT {
    private static final String TOKEN = "svcuid-3f9a7c1e5b2d4068-secret";
    private static final String THING = "component-it-thing";
    /** The first report comes 5–30 s after the connection. */
    private static final Duration FIRST_REPORT_WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private LocalIpcServer server;
    private DeviceDefenderStandIn deviceDefender;
    private final CompletableFuture<DeviceDefenderStandIn.Verdict> firstVerdict = new CompletableFuture<>();

    @BeforeEach
    void startNucleusStandIn() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("SampleIntervalSeconds", 300);
        server = LocalIpcServer.start(tmp, TOKEN, config);
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
        try (JarProcess p = JarProcess.start(work, env(TOKEN), List.of(), "--state-dir", stateDir.toString())) {
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
    void stateGoesToTheWorkingDirectoryWithoutStateDir() throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        try (JarProcess p = JarProcess.start(work, env(TOKEN), List.of())) {
            long reportId = new ObjectMapper().readTree(server.publishedToIoTCore().awaitCount(1, FIRST_REPORT_WAIT)
                    .get(0).payload()).path("header").path("report_id").asLong();
            p.terminate();
            assertTrue(p.waitFor(Duration.ofSeconds(5)), "SIGTERM must end the component within 5 s");
            assertEquals(0, p.exitValue(), p.stdout());
            JsonNode state = new ObjectMapper().readTree(work.resolve(StateStore.FILE_NAME).toFile());
            assertEquals(reportId, state.path("lastReportId").asLong());
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
