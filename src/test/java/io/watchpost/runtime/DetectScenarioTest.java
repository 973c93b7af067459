package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchpost.collect.CollectException;
import io.watchpost.collect.NetworkCollector;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.collect.ProcNetworkCollector;
import io.watchpost.config.SettingsParser;
import io.watchpost.detect.LearningHistory;
import io.watchpost.ipc.GreengrassIpcConnector;
import io.watchpost.localcore.DeviceDefenderStandIn;
import io.watchpost.localcore.FaultyIpcServer;
import io.watchpost.localcore.IoTCorePublish;
import io.watchpost.pipeline.CollectingReportSource;
import io.watchpost.runtime.ProcRootFixture.Counters;
import io.watchpost.testing.LogCapture;
import io.watchpost.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.aws.greengrass.GreengrassCoreIPCClientV2;
import software.amazon.awssdk.aws.greengrass.model.SubscribeToTopicRequest;

/**
 * On-device Detect in the running component, on the real stack: the product's IPC client against the in-process
 * {@link FaultyIpcServer}, the real pipeline reading a proc root the test rewrites (a process opening and closing a
 * port), and a second real IPC client standing for another component subscribed to the events topic. Time is virtual
 * ({@link ManualScheduler} + {@link MutableClock}); real waits are only for IPC round trips.
 */
class DetectScenarioTest {
    private static final String THING = "gw-1";
    private static final String TOKEN = "detect-token-9f1c2e77";
    private static final String EVENTS_TOPIC = "watchpost/things/gw-1/detect/events";
    private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");
    private static final Duration REAL_WAIT = Duration.ofSeconds(10);
    private static final Duration DETECT_INTERVAL = Duration.ofSeconds(60);
    private static final int ALLOWED_PORT = 47000;
    private static final int NEW_PORT = 8080;
    private static final String PROFILE = """
            {"securityProfileName": "gateway-ports",
             "behaviors": [{"name": "allowed-tcp-ports", "metric": "aws:listening-tcp-ports",
                            "criteria": {"comparisonOperator": "in-port-set", "value": {"ports": [47000]},
                                         "consecutiveDatapointsToAlarm": 1, "consecutiveDatapointsToClear": 2}}]}
            """;

    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private final List<JsonNode> localEvents = new CopyOnWriteArrayList<>();
    private MutableClock clock;
    private ManualScheduler scheduler;
    private LogCapture logs;
    private FaultyIpcServer server;
    private ProcRootFixture proc;
    private Path stateDir;
    private Map<String, Object> config;
    private ComponentRuntime runtime;

    @BeforeEach
    void startLocalCore() throws IOException {
        clock = new MutableClock(START);
        scheduler = new ManualScheduler(clock);
        logs = new LogCapture(clock);
        proc = ProcRootFixture.create(tmp.resolve("proc"), new Counters(5_000_000, 40_000, 3_000_000, 30_000));
        proc.listenOn(ALLOWED_PORT);
        stateDir = Files.createDirectories(tmp.resolve("state"));
        Path profile = Files.writeString(tmp.resolve("gateway-ports.json"), PROFILE);
        config = new LinkedHashMap<>();
        config.put(SettingsParser.SAMPLE_INTERVAL_SECONDS, 300);
        config.put(SettingsParser.PROC_DESTINATION_PATH, proc.root().toString());
        config.put(SettingsParser.SECURITY_PROFILES, List.of(profile.toString()));
        config.put(SettingsParser.DETECT_INTERVAL_SECONDS, DETECT_INTERVAL.toSeconds());
        server = FaultyIpcServer.start(tmp, TOKEN, config);
        DeviceDefenderStandIn.attach(server, clock, DeviceDefenderStandIn.DEFAULT_MIN_SPACING);
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (runtime != null) {
            runtime.shutdown();
        }
        for (AutoCloseable c : closeAfter) {
            c.close();
        }
        server.close();
    }

    @Test
    void newPortRaisesOneAlarmOnBothTopicsAndClosingItClearsAfterTwoCompliantSamples() throws Exception {
        subscribeAsAnotherComponent();
        start();
        detectSample();
        assertEquals(List.of(), events(), "the allowed port alone raises nothing");

        proc.listenOn(ALLOWED_PORT, NEW_PORT);
        detectSample();

        List<JsonNode> raised = awaitEvents(1);
        JsonNode inAlarm = raised.get(0);
        assertViolationEventShape(inAlarm);
        assertEquals("in-alarm", inAlarm.path("violationEventType").asText());
        assertEquals(json.readTree("{\"ports\":[8080]}"), inAlarm.path("watchpost").path("offending"), inAlarm
                .toString());
        assertTrue(contains(inAlarm.path("metricValue").path("ports"), NEW_PORT), inAlarm.toString());
        awaitLocalEvents(1);
        assertEquals(inAlarm, localEvents.get(0), "the same event on local publish/subscribe");
        assertEquals("1", iotCoreEvents().get(0).qos(), "QoS 1");
        String warn = logs.lines("detect_in_alarm").get(0);
        assertTrue(warn.contains(" WARN ") && warn.contains("8080"), warn);

        proc.listenOn(ALLOWED_PORT);
        detectSample();
        assertEquals(1, events().size(), "one compliant datapoint of two does not clear");
        detectSample();

        JsonNode cleared = awaitEvents(2).get(1);
        assertViolationEventShape(cleared);
        assertEquals("alarm-cleared", cleared.path("violationEventType").asText());
        assertEquals(inAlarm.path("violationId"), cleared.path("violationId"));
        awaitLocalEvents(2);
        assertTrue(logs.lines("detect_alarm_cleared").get(0).contains(" INFO "), logs.all());
    }

    @Test
    void anAlarmRaisedWhileTheNucleusIsDownIsPublishedAfterTheReconnect() throws Exception {
        start();
        detectSample();
        server.stop();
        await(() -> !logs.lines("ipc_connection_lost").isEmpty(), "the runtime sees the nucleus go");

        proc.listenOn(ALLOWED_PORT, NEW_PORT);
        detectSample();
        assertEquals(1, logs.lines("detect_in_alarm").size(), "evaluated while disconnected\n" + logs.all());
        assertEquals(List.of(), events());
        assertTrue(savedDetectState().contains("in-alarm"), "the unpublished event is in the state file");

        server.restart();
        long deadline = System.nanoTime() + REAL_WAIT.toNanos();
        while (logs.lines("ipc_connected").size() < 2 && System.nanoTime() < deadline) {
            scheduler.advance(Duration.ofMillis(500));
            scheduler.runDueUntil(() -> logs.lines("ipc_connected").size() >= 2, Duration.ofMillis(50));
        }
        JsonNode event = awaitEvents(1).get(0);
        assertEquals("in-alarm", event.path("violationEventType").asText());
        assertEquals(json.readTree("{\"ports\":[8080]}"), event.path("watchpost").path("offending"));
    }

    @Test
    void withPublishMetricsReportsFalseNoReportGoesOutButEventsDo() throws Exception {
        config.put(SettingsParser.PUBLISH_METRICS_REPORTS, false);
        server.setConfiguration(config);
        start();
        proc.listenOn(ALLOWED_PORT, NEW_PORT);
        for (int i = 0; i < 6; i++) {
            detectSample();
        }
        awaitEvents(1);
        assertTrue(server.publishedToIoTCore().all().stream().noneMatch(p -> p.topic().contains("/defender/")),
                "no report to Device Defender in 6 minutes");
    }

    @Test
    void aRestartKeepsTheAlarmWithoutAnnouncingItAgainAndClearsItWithTheSameViolationId() throws Exception {
        start();
        detectSample();
        proc.listenOn(ALLOWED_PORT, NEW_PORT);
        detectSample();
        JsonNode inAlarm = awaitEvents(1).get(0);

        runtime.shutdown();
        clock.advance(Duration.ofSeconds(20));
        scheduler = new ManualScheduler(clock);
        start();
        detectSample();
        detectSample();
        assertEquals(1, events().size(), "the alarm still in force is not announced again");

        proc.listenOn(ALLOWED_PORT);
        detectSample();
        detectSample();
        JsonNode cleared = awaitEvents(2).get(1);
        assertEquals("alarm-cleared", cleared.path("violationEventType").asText());
        assertEquals(inAlarm.path("violationId"), cleared.path("violationId"));
    }

    @Test
    void anAlarmIsInvalidatedAfterInvalidateAfterSecondsWithoutAnyCollection() throws Exception {
        config.put(SettingsParser.INVALIDATE_AFTER_SECONDS, 120);
        server.setConfiguration(config);
        start();
        detectSample();
        proc.listenOn(ALLOWED_PORT, NEW_PORT);
        detectSample();
        JsonNode inAlarm = awaitEvents(1).get(0);

        Files.move(proc.root(), tmp.resolve("proc-gone"));
        for (int i = 0; i < 3; i++) {
            detectSample();
        }

        assertFalse(logs.lines("report_collect_failed").isEmpty(), logs.all());
        JsonNode invalidated = awaitEvents(2).get(1);
        assertEquals("alarm-invalidated", invalidated.path("violationEventType").asText());
        assertEquals(inAlarm.path("violationId"), invalidated.path("violationId"));
    }

    @Test
    void removingTheProfileLiveInvalidatesTheAlarm() throws Exception {
        start();
        detectSample();
        proc.listenOn(ALLOWED_PORT, NEW_PORT);
        detectSample();
        JsonNode inAlarm = awaitEvents(1).get(0);

        config.put(SettingsParser.SECURITY_PROFILES, List.of());
        server.setConfiguration(config);
        await(() -> !runtime.settings().detect().enabled(), "the update is in force");

        JsonNode invalidated = awaitEvents(2).get(1);
        assertEquals("alarm-invalidated", invalidated.path("violationEventType").asText());
        assertEquals(inAlarm.path("violationId"), invalidated.path("violationId"));
    }

    @Test
    void aSuppressedBehaviorGoesToLocalPubSubOnlyAndTheLearningHistoryIsSavedForSuggestProfile() throws Exception {
        Map<String, Object> suppressed = json.readValue("""
                {"securityProfileName": "quiet",
                 "behaviors": [{"name": "few-listeners", "metric": "aws:num-listening-tcp-ports",
                                "criteria": {"comparisonOperator": "less-than-equals", "value": {"count": 1}},
                                "suppressAlerts": true}]}
                """, Map.class);
        config.put(SettingsParser.SECURITY_PROFILES, List.of(suppressed));
        server.setConfiguration(config);
        subscribeAsAnotherComponent();
        start();
        detectSample();
        proc.listenOn(ALLOWED_PORT, NEW_PORT);
        detectSample();

        awaitLocalEvents(1);
        JsonNode local = localEvents.get(0);
        assertEquals("in-alarm", local.path("violationEventType").asText());
        assertTrue(local.path("watchpost").path("suppressed").asBoolean(), local.toString());
        assertEquals(List.of(), events(), "a suppressed behavior's events never reach IoT Core");

        runtime.shutdown();
        LearningHistory history = LearningHistory.load(stateDir);
        assertTrue(history.samples() >= 2, "samples: " + history.samples());
        assertTrue(history.tcpPorts().containsKey(NEW_PORT), history.tcpPorts().toString());
    }

    @Test
    void followingTheReportIntervalEachReportCycleIsTheDetectSampleWithOneCollection() throws Exception {
        config.remove(SettingsParser.DETECT_INTERVAL_SECONDS);
        server.setConfiguration(config);
        start();
        assertEquals(Duration.ofSeconds(300), runtime.settings().detectInterval());
        reportCycle();
        proc.listenOn(ALLOWED_PORT, NEW_PORT);
        reportCycle();

        awaitEvents(1);
        assertEquals(2, reports().size());
        assertEquals(2, collections.size(), "one collection per cycle serves the report and Detect: " + collections);
    }

    @Test
    void detectTicksBetweenReportsNeverAddASecondCollectionAtAReport() throws Exception {
        start();
        for (int i = 0; i < 12; i++) {
            detectSample();
        }
        assertTrue(reports().size() >= 2, "reports went on: " + reports().size());
        for (int i = 1; i < collections.size(); i++) {
            Duration gap = Duration.between(collections.get(i - 1), collections.get(i));
            assertTrue(gap.compareTo(DETECT_INTERVAL.dividedBy(2)) >= 0, "two collections " + gap + " apart: "
                    + collections);
        }
        assertTrue(collections.size() <= 13, "about one collection per Detect interval: " + collections);
    }

    @Test
    void aCorruptDetectPartOfTheStateStartsDetectFreshAndKeepsTheReportState() throws Exception {
        Files.writeString(stateDir.resolve(StateStore.FILE_NAME), """
                {"format": "watchpost-state", "version": 2, "lastReportId": 1764575000000,
                 "detect": {"engine": {"format": "something else"}, "pending": 42}}
                """);
        start();
        assertEquals(2, logs.lines("detect_state_fresh_start").size(), logs.all());
        assertTrue(logs.lines("detect_state_fresh_start").stream().allMatch(l -> l.contains(" WARN ")), logs.all());
        assertTrue(logs.lines("state_fresh_start").stream().noneMatch(l -> l.contains("reason=invalid")), logs.all());

        proc.listenOn(ALLOWED_PORT, NEW_PORT);
        detectSample();
        awaitEvents(1);
        assertTrue(new StateStore(stateDir, new LogCapture(clock).log).load().lastReportId() >= 1764575000000L);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The proc root is read through this, so the test sees each collection's (virtual) time. */
    private final List<Instant> collections = new CopyOnWriteArrayList<>();

    private NetworkCollector countingCollector() {
        NetworkCollector real = new ProcNetworkCollector(logs.log);
        return new NetworkCollector() {
            @Override
            public NetworkSnapshot collect(Path procRoot, int retainLimit) throws CollectException {
                collections.add(clock.instant());
                return real.collect(procRoot, retainLimit);
            }

            @Override
            public NetworkSnapshot collect(Path procRoot, int ports, int connections) throws CollectException {
                collections.add(clock.instant());
                return real.collect(procRoot, ports, connections);
            }
        };
    }

    private List<IoTCorePublish> reports() {
        return server.publishedToIoTCore().all().stream().filter(p -> p.topic().contains("/defender/metrics/"))
                .toList();
    }

    private void reportCycle() throws InterruptedException {
        int before = reports().size();
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        await(() -> reports().size() > before, "a report published");
    }

    private void start() throws InterruptedException {
        CollectingReportSource source = new CollectingReportSource(countingCollector());
        runtime = new RuntimeBuilder(stateDir, GreengrassIpcConnector.of(server.socketPath(), TOKEN,
                Duration.ofSeconds(5)), source, scheduler, clock, logs.log).thing(THING).seed(11).build();
        runtime.start();
        await(() -> runtime.nextReportDue().isPresent(), "connected and the first report scheduled");
    }

    /** One Detect interval of virtual time: one Detect sample (a tick of its own or the report cycle's). */
    private void detectSample() throws InterruptedException {
        scheduler.advance(DETECT_INTERVAL);
        scheduler.runDueUntil(() -> false, Duration.ofMillis(20));
    }

    private List<IoTCorePublish> iotCoreEvents() {
        return server.publishedToIoTCore().all().stream().filter(p -> p.topic().equals(EVENTS_TOPIC)).toList();
    }

    private List<JsonNode> events() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (IoTCorePublish p : iotCoreEvents()) {
            out.add(json.readTree(p.payload()));
        }
        return out;
    }

    private List<JsonNode> awaitEvents(int n) throws Exception {
        await(() -> iotCoreEvents().size() >= n, n + " events on IoT Core");
        List<JsonNode> all = events();
        assertEquals(n, all.size(), "exactly " + n + " events: " + all);
        return all;
    }

    private void awaitLocalEvents(int n) throws InterruptedException {
        await(() -> localEvents.size() >= n, n + " events on local publish/subscribe");
        assertEquals(n, localEvents.size(), localEvents.toString());
    }

    /** AWS IoT Device Defender's ViolationEvent field names and types, plus the watchpost object. */
    private static void assertViolationEventShape(JsonNode e) {
        assertTrue(e.path("violationId").asText().matches("[0-9a-f]{32}"), e.toString());
        assertEquals(THING, e.path("thingName").asText());
        assertEquals("gateway-ports", e.path("securityProfileName").asText());
        assertTrue(e.path("violationEventTime").isIntegralNumber(), "epoch milliseconds: " + e);
        JsonNode behavior = e.path("behavior");
        assertEquals("allowed-tcp-ports", behavior.path("name").asText());
        assertEquals("aws:listening-tcp-ports", behavior.path("metric").asText());
        assertEquals("in-port-set", behavior.path("criteria").path("comparisonOperator").asText());
        assertTrue(e.path("metricValue").path("ports").isArray(), e.toString());
        assertTrue(e.path("watchpost").isObject(), e.toString());
        assertFalse(e.path("watchpost").path("suppressed").asBoolean(true), e.toString());
    }

    private static boolean contains(JsonNode array, int port) {
        for (JsonNode p : array) {
            if (p.asInt() == port) {
                return true;
            }
        }
        return false;
    }

    private String savedDetectState() {
        return new StateStore(stateDir, new LogCapture(clock).log).load().detect().map(Object::toString).orElse("");
    }

    private void subscribeAsAnotherComponent() throws Exception {
        GreengrassCoreIPCClientV2 client = OtherComponent.connect(server, TOKEN, closeAfter);
        client.subscribeToTopicAsync(new SubscribeToTopicRequest().withTopic(EVENTS_TOPIC), message -> {
            try {
                localEvents.add(json.readTree(message.getBinaryMessage().getMessage()));
            } catch (IOException e) {
                throw new IllegalStateException(new String(message.getBinaryMessage().getMessage(),
                        StandardCharsets.UTF_8), e);
            }
        }, java.util.Optional.empty(), java.util.Optional.empty()).getResponse().get(REAL_WAIT.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        assertTrue(scheduler.runDueUntil(condition, REAL_WAIT), "timed out waiting: " + what + "\n" + logs.all());
    }
}
