package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.watchpost.collect.ProcNetworkCollector;
import io.watchpost.config.SettingsParser;
import io.watchpost.custom.CustomMetricInbox;
import io.watchpost.config.ReportFormat;
import io.watchpost.ipc.GreengrassIpcConnector;
import io.watchpost.localcore.DeviceDefenderStandIn;
import io.watchpost.localcore.DeviceDefenderStandIn.ForcedAnswer;
import io.watchpost.localcore.DeviceDefenderStandIn.Verdict;
import io.watchpost.localcore.IoTCorePublish;
import io.watchpost.localcore.IpcFault;
import io.watchpost.localcore.FaultyIpcServer;
import io.watchpost.localcore.LocalIpcServer;
import io.watchpost.pipeline.CollectingReportSource;
import io.watchpost.report.CustomMetricValue;
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
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
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
 * Issue 3's scenarios against the real stack: the product's IPC client (GreengrassIpcConnector over the SDK's
 * GreengrassCoreIPCClientV2) talks to the in-process {@link LocalIpcServer} with the {@link DeviceDefenderStandIn}
 * judging every report, and reports come from the real pipeline (CollectingReportSource over ProcNetworkCollector)
 * reading a proc root on disk whose {@code net/dev} counters the test rewrites between cycles.
 *
 * <p>Issue 3's list, by test: 1 first report; 2 accepted; 3 throttled; 4 unanswered; 5 refused accepted topic;
 * 6 sample interval; 7 proc root; 8 dropped connection, stopped and restarted server; 9 ServiceError; 10 wrong token;
 * 11 corrupt state; 12 restart with state; 13 CBOR; then custom metrics from another component, and a few more.
 *
 * <p>Time is virtual ({@link ManualScheduler} + {@link MutableClock}, shared with the stand-in's throttling clock): no
 * test waits for an interval. Real waits are only for IPC round trips, each bounded by {@link #REAL_WAIT}.
 */
class RealStackScenarioTest {
    private static final String THING = "gw-1";
    private static final String TOKEN = "scenario-token-5b81c0de";
    private static final Topics TOPICS = new Topics(THING);
    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    private static final Duration REAL_WAIT = Duration.ofSeconds(10);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** 300 s after the last publish returned, plus the margin (the interval is 300 s). */
    private static final Duration SPACING = ReportTiming.COMPONENT.spacing(Duration.ofSeconds(300));
    private static final Counters BOOT_COUNTERS = new Counters(5_000_000, 40_000, 3_000_000, 30_000);

    @TempDir
    Path tmp;

    private final ObjectMapper json = new ObjectMapper();
    private final CBORMapper cbor = new CBORMapper();
    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private MutableClock clock;
    private ManualScheduler scheduler;
    private LogCapture logs;
    private FaultyIpcServer server;
    private DeviceDefenderStandIn deviceDefender;
    private ProcRootFixture proc;
    private Path stateDir;
    private Map<String, Object> config;
    private ComponentRuntime runtime;

    /** One report as the local core received it. */
    private record Sent(String topic, JsonNode doc, long reportId) {
        JsonNode networkStats() {
            return doc.path("metrics").path("network_stats");
        }

        /** network_stats as {bytes_in, packets_in, bytes_out, packets_out}, to compare with counter increases. */
        Counters traffic() {
            JsonNode ns = networkStats();
            assertFalse(ns.isMissingNode(), "report " + reportId + " has network_stats: " + doc);
            return new Counters(ns.path("bytes_in").longValue(), ns.path("packets_in").longValue(),
                    ns.path("bytes_out").longValue(), ns.path("packets_out").longValue());
        }
    }

    @BeforeEach
    void startLocalCore() throws IOException {
        clock = new MutableClock(START);
        scheduler = new ManualScheduler(clock);
        logs = new LogCapture(clock);
        proc = ProcRootFixture.create(tmp.resolve("proc"), BOOT_COUNTERS);
        stateDir = Files.createDirectories(tmp.resolve("state"));
        config = new LinkedHashMap<>();
        config.put(SettingsParser.SAMPLE_INTERVAL_SECONDS, 300);
        config.put(SettingsParser.PROC_DESTINATION_PATH, proc.root().toString());
        server = FaultyIpcServer.start(tmp, TOKEN, config);
        deviceDefender = DeviceDefenderStandIn.attach(server, clock, DeviceDefenderStandIn.DEFAULT_MIN_SPACING);
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

    // ------------------------------------------------------------------------------------------------ scenarios

    @Test
    void firstReportGoesToTheJsonMetricsTopicWithAValidDocumentAndIsAccepted() throws Exception {
        runtime = newRuntime(TOKEN);
        startRuntime();

        Sent first = reportAnswered();

        assertEquals(TOPICS.metrics(ReportFormat.JSON), first.topic());
        assertEquals("$aws/things/gw-1/defender/metrics/json", first.topic());
        IoTCorePublish raw = server.publishedToIoTCore().all().get(0);
        assertEquals("1", raw.qos(), "QoS 1 (AT_LEAST_ONCE)");
        JsonNode header = first.doc().path("header");
        assertEquals("1.0", header.path("version").asText());
        assertTrue(first.reportId() >= START.toEpochMilli(), "report_id is epoch millis: " + first.reportId());
        // The captured host listens on 47000 (0.0.0.0) and 47014 on 192.0.2.2, which fib_trie gives to eth0.
        JsonNode tcp = first.doc().path("metrics").path("listening_tcp_ports");
        assertTrue(contains(tcp.path("ports"), "{\"port\":47000}"), tcp.toString());
        assertTrue(contains(tcp.path("ports"), "{\"port\":47014,\"interface\":\"eth0\"}"),
                tcp.toString());
        assertEquals(tcp.path("ports").size(), tcp.path("total").intValue());
        assertTrue(first.networkStats().isMissingNode(), "no baseline yet, so no network_stats: " + first.doc());

        Verdict verdict = deviceDefender.verdicts().get(0);
        assertTrue(verdict.accepted(), verdict.toString());
        assertEquals(first.reportId(), verdict.reportId().orElseThrow());
        assertEquals(1, logs.lines("report_accepted").size());
        assertTrue(logs.lines("report_accepted").get(0).contains("baseline=advanced"), logs.all());
        PersistedState saved = savedState();
        assertEquals(first.reportId(), saved.lastReportId());
        assertEquals(BOOT_COUNTERS.rxBytes(), saved.acceptedBaseline().orElseThrow().interfaces().stream()
                .filter(i -> i.name().equals("eth0")).findFirst().orElseThrow().rxBytes());
    }

    @Test
    void acceptedReportAdvancesTheBaselineSoTheNextReportCountsOnlyNewTraffic() throws Exception {
        runtime = newRuntime(TOKEN);
        startRuntime();
        assertAccepted(reportAnswered());

        proc.addTraffic(1_000, 10, 2_000, 20);
        Sent second = reportAnswered();

        assertEquals(new Counters(1_000, 10, 2_000, 20), second.traffic());
        assertAccepted(second);
    }

    @Test
    void throttledRejectionKeepsTheBaselineSoTheNextReportCoversBothIntervals() throws Exception {
        runtime = newRuntime(TOKEN);
        startRuntime();
        assertAccepted(reportAnswered());

        proc.addTraffic(1_000, 10, 2_000, 20);
        deviceDefender.forceNextAnswer(ForcedAnswer.throttled());
        Sent throttled = reportAnswered();
        assertFalse(deviceDefender.verdicts().get(1).accepted());
        String rejected = logLineWithId("report_rejected", throttled.reportId());
        assertTrue(rejected.contains("error_code=Throttled") && rejected.contains("baseline=unchanged"), rejected);

        proc.addTraffic(300, 3, 400, 4);
        Sent third = reportAnswered();

        assertEquals(new Counters(1_300, 13, 2_400, 24), third.traffic());
        assertAccepted(third);
    }

    @Test
    void unansweredReportIsGivenUpAndTheNextReportCoversBothIntervals() throws Exception {
        runtime = newRuntime(TOKEN);
        startRuntime();
        assertAccepted(reportAnswered());

        proc.addTraffic(1_000, 10, 2_000, 20);
        deviceDefender.forceNextAnswer(ForcedAnswer.noAnswer());
        Sent silent = reportAnswered();
        assertFalse(deviceDefender.verdicts().get(1).answered());

        proc.addTraffic(300, 3, 400, 4);
        Sent third = reportAnswered();

        String givenUp = logs.lines("report_unanswered").get(0);
        assertTrue(givenUp.contains(" WARN ") && givenUp.contains("id=" + silent.reportId()), givenUp);
        assertEquals(1, logs.lines("report_unanswered").size());
        assertEquals(new Counters(1_300, 13, 2_400, 24), third.traffic());
        assertAccepted(third);
    }

    @Test
    void refusedAcceptedTopicWarnsOnceAndAdvancesTheBaselineWhenThePublishSucceeds() throws Exception {
        server.denySubscriptions(TOPICS.accepted(ReportFormat.JSON));
        runtime = newRuntime(TOKEN);
        startRuntime();

        Sent first = reportAnswered();
        assertTrue(logLineWithId("baseline_advanced", first.reportId()).contains("basis=publish_succeeded"),
                logs.all());
        proc.addTraffic(1_000, 10, 2_000, 20);
        Sent second = reportAnswered();

        assertEquals(new Counters(1_000, 10, 2_000, 20), second.traffic());
        assertTrue(logLineWithId("baseline_advanced", second.reportId()).contains("basis=publish_succeeded"));
        List<String> warnings = logs.lines("answers_subscribe_refused");
        assertEquals(1, warnings.size(), logs.all());
        assertTrue(warnings.get(0).contains(" WARN ") && warnings.get(0).contains(TOPICS.accepted(ReportFormat.JSON)),
                warnings.get(0));
        assertTrue(logs.lines("report_accepted").isEmpty(), "acceptances cannot be seen");
    }

    /**
     * During an MQTT outage the nucleus spools a publish but refuses the answer subscriptions at once: a report sent
     * then is accepted unseen, and the next one covers its interval again. So the report is held, the subscriptions
     * are retried with backoff, and the report goes out only once both answer topics are in place.
     */
    @Test
    void answerSubscriptionsFailingForAWhileHoldTheReportUntilTheyAreInPlace() throws Exception {
        server.failSubscriptions(TOPICS.metrics(ReportFormat.JSON) + "/+", IpcFault.SERVICE_ERROR);
        runtime = newRuntime(TOKEN);
        startRuntime();
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        assertEquals(1, logs.lines("report_held").size(), logs.all());
        for (int i = 0; i < 12; i++) {
            scheduler.advance(Duration.ofSeconds(10)); // two minutes of retries, all refused
        }
        assertEquals(0, server.publishedToIoTCore().count(), "nothing published without the answer subscriptions");
        assertEquals(1, logs.lines("report_held").size(), "held is logged once per outage");
        assertEquals(1, logs.lines("answers_subscribe_failed").stream().filter(l -> l.contains(" WARN ")).count(),
                "the failing subscription is logged once per outage:\n" + logs.all());
        assertTrue(logs.lines("answers_subscribe_failed").size() > 3, "retried with backoff: " + logs.all());

        server.clearSubscriptionFaults();
        await(() -> {
            scheduler.advance(Duration.ofSeconds(5));
            return server.publishedToIoTCore().count() == 1;
        }, "the held report is published once the subscriptions work");
        assertEquals(2, logs.lines("answers_subscribed").size(), logs.all());
        assertEquals(1, logs.lines("report_released").size(), logs.all());
        long id = json.readTree(server.publishedToIoTCore().all().get(0).payload()).path("header").path("report_id")
                .longValue();
        await(() -> logs.lines("report_accepted").stream().anyMatch(l -> l.contains(" id=" + id + " ")),
                "the runtime saw Device Defender's answer");
        assertTrue(logLineWithId("report_accepted", id).contains("baseline=advanced"), logs.all());

        proc.addTraffic(1_000, 10, 2_000, 20);
        Sent second = reportAnswered();
        assertEquals(new Counters(1_000, 10, 2_000, 20), second.traffic(), "the next report counts only new bytes");
        assertAccepted(second);
    }

    @Test
    void sampleIntervalUpdatesFromTheServerRescheduleAndAnInvalidOneKeepsThePrevious() throws Exception {
        runtime = newRuntime(TOKEN);
        startRuntime();
        Instant firstCycle = runtime.nextReportDue().orElseThrow();
        assertAccepted(reportAnswered());
        assertEquals(firstCycle.plus(SPACING), runtime.nextReportDue().orElseThrow());

        pushConfiguration(SettingsParser.SAMPLE_INTERVAL_SECONDS, 900);
        await(() -> runtime.settings().sampleInterval().equals(Duration.ofSeconds(900)), "interval 900 s in force");
        assertEquals(firstCycle.plusSeconds(900), runtime.nextReportDue().orElseThrow());
        assertEquals(1, logs.lines("report_rescheduled").size(), logs.all());

        pushConfiguration(SettingsParser.SAMPLE_INTERVAL_SECONDS, 60);
        await(() -> !logs.lines("config_invalid").isEmpty(), "the invalid interval is reported");
        String error = logs.lines("config_invalid").get(0);
        assertTrue(error.contains(" ERROR ") && error.contains("key=SampleIntervalSeconds")
                && error.contains("value=60")
                && error.contains("from 300 to 172800"), error);
        assertEquals(Duration.ofSeconds(900), runtime.settings().sampleInterval(), "previous value kept");
        assertEquals(firstCycle.plusSeconds(900), runtime.nextReportDue().orElseThrow(), "schedule unchanged");

        scheduler.advanceTo(firstCycle.plusSeconds(899));
        assertEquals(1, server.publishedToIoTCore().count(), "nothing before the new interval");
        Sent second = reportAnswered();
        assertEquals(firstCycle.plusSeconds(900).toEpochMilli(), second.reportId());
        assertAccepted(second);
    }

    @Test
    void procDestinationPathChangedLiveIsReadByTheNextReportWhichResetsTheBaseline() throws Exception {
        runtime = newRuntime(TOKEN);
        startRuntime();
        Sent first = reportAnswered();
        assertTrue(first.doc().path("metrics").path("listening_tcp_ports").toString().contains("47000"));

        ProcRootFixture other = ProcRootFixture.create(tmp.resolve("proc-b"), BOOT_COUNTERS.plus(700, 7, 800, 8));
        other.listenOnlyOn(8883);
        pushConfiguration(SettingsParser.PROC_DESTINATION_PATH, other.root().toString());
        await(() -> runtime.settings().procRoot().equals(other.root()), "new proc root in force");
        Sent second = reportAnswered();

        JsonNode tcp = second.doc().path("metrics").path("listening_tcp_ports");
        assertEquals("[{\"port\":8883}]", tcp.path("ports").toString());
        // Same boot id (one host, other mount point), but another network directory: the counters of the first root
        // are no baseline for it, so no network_stats rather than a delta across two namespaces.
        assertTrue(second.networkStats().isMissingNode(), second.doc().toString());
        assertAccepted(second);
        List<String> reset = logs.lines("network_baseline_reset");
        assertEquals(1, reset.size(), logs.all());
        assertTrue(reset.get(0).contains("reason=proc_root_changed")
                && reset.get(0).contains("to=" + other.root().resolve("1/net").toAbsolutePath()), reset.get(0));

        // The accepted second report is the new baseline: from now on, exact deltas within the new root.
        other.addTraffic(1_000, 10, 2_000, 20);
        Sent third = reportAnswered();
        assertEquals(new Counters(1_000, 10, 2_000, 20), third.traffic());
        assertAccepted(third);
        assertEquals(1, logs.lines("network_baseline_reset").size(), logs.all());
    }

    @Test
    void droppedConnectionIsRebuiltResubscribedAndTheNextReportIsAccepted() throws Exception {
        runtime = newRuntime(TOKEN);
        startRuntime();
        assertAccepted(reportAnswered());

        server.dropConnections();
        await(() -> !logs.lines("ipc_connection_lost").isEmpty(), "the runtime sees the connection go");
        awaitReconnected(2);

        proc.addTraffic(1_000, 10, 2_000, 20);
        Sent second = reportAnswered();
        assertEquals(new Counters(1_000, 10, 2_000, 20), second.traffic());
        assertAccepted(second);
        assertEquals(1, server.openConnections());
    }

    @Test
    void stoppedAndRestartedServerIsReconnectedAndTheNextReportIsAccepted() throws Exception {
        runtime = newRuntime(TOKEN);
        startRuntime();
        assertAccepted(reportAnswered());

        server.stop();
        await(() -> !logs.lines("ipc_connection_lost").isEmpty(), "the runtime sees the nucleus go");
        // Two reconnect attempts against a socket nobody listens on.
        scheduler.advance(Duration.ofSeconds(1));
        scheduler.advance(Duration.ofSeconds(2));
        assertFalse(logs.lines("ipc_connect_failed").isEmpty(), logs.all());
        server.restart();
        awaitReconnected(2);

        proc.addTraffic(1_000, 10, 2_000, 20);
        Sent second = reportAnswered();
        assertEquals(new Counters(1_000, 10, 2_000, 20), second.traffic());
        assertAccepted(second);
    }

    @Test
    void publishAnsweredWithServiceErrorIsLoggedAndTheNextCycleStillPublishes() throws Exception {
        runtime = newRuntime(TOKEN);
        startRuntime();
        assertAccepted(reportAnswered());

        proc.addTraffic(1_000, 10, 2_000, 20);
        server.failNextPublishes(1, IpcFault.SERVICE_ERROR);
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        String failed = logs.lines("report_publish_failed").get(0);
        assertTrue(failed.contains(" ERROR ") && failed.contains("kind=SERVICE_ERROR")
                && failed.contains("topic=" + TOPICS.metrics(ReportFormat.JSON)), failed);
        assertEquals(1, server.publishedToIoTCore().count(), "the failed publish never reached IoT Core");

        proc.addTraffic(300, 3, 400, 4);
        Sent third = reportAnswered();
        assertEquals(new Counters(1_300, 13, 2_400, 24), third.traffic());
        assertAccepted(third);
        assertTrue(logs.lines("ipc_connection_lost").isEmpty(), "a ServiceError is not a lost connection");
    }

    @Test
    void publishThatTimesOutStaysInFlightUntilTheNextCycleGivesItUp() throws Exception {
        runtime = newRuntime(TOKEN, Duration.ofSeconds(1), message -> { }, Map::of);
        startRuntime();
        assertAccepted(reportAnswered());

        proc.addTraffic(1_000, 10, 2_000, 20);
        server.stallPublishes(true);
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow()); // blocks for the 1 s call timeout
        server.stallPublishes(false);
        String failed = logs.lines("report_publish_failed").get(0);
        assertTrue(failed.contains("kind=TIMEOUT"), failed);
        long stalledId = savedState().lastReportId();

        proc.addTraffic(300, 3, 400, 4);
        Sent third = reportAnswered();

        assertTrue(logs.lines("report_unanswered").get(0).contains("id=" + stalledId), logs.all());
        assertTrue(third.reportId() > stalledId);
        assertEquals(new Counters(1_300, 13, 2_400, 24), third.traffic());
        assertAccepted(third);
        assertTrue(logs.lines("ipc_connection_lost").isEmpty(), "a timeout is not a lost connection");
    }

    @Test
    void nucleusThatComesUpDuringTheStartRetriesIsConnectedAndReportedTo() throws Exception {
        server.stop();
        runtime = newRuntime(TOKEN);
        runtime.start();
        scheduler.runDue();
        scheduler.advance(Duration.ofSeconds(1)); // the first retry finds no socket either
        assertEquals(2, logs.lines("ipc_connect_failed").size(), logs.all());
        server.restart();

        awaitReconnected(1);
        assertFalse(runtime.exitCode().isDone(), "still running");
        assertAccepted(reportAnswered());
    }

    @Test
    void wrongTokenFailsTheStartAfterItsRetriesWithoutLoggingTheToken() throws Exception {
        String wrongToken = "wrong-token-d3adb33f-visible";
        runtime = newRuntime(wrongToken);
        // Everything the SDK and the CRT log, at every level (production forwards WARNING and above to the event log).
        List<String> sdkLines = new CopyOnWriteArrayList<>();
        Logger sdk = Logger.getLogger("software.amazon.awssdk");
        Level sdkLevel = sdk.getLevel();
        Handler capture = new Handler() {
            private final SimpleFormatter format = new SimpleFormatter();

            @Override
            public void publish(LogRecord record) {
                sdkLines.add(format.format(record));
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        capture.setLevel(Level.ALL);
        sdk.setLevel(Level.ALL);
        sdk.addHandler(capture);
        try {
            runtime.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!runtime.exitCode().isDone() && System.nanoTime() < deadline) {
                scheduler.advance(Duration.ofMillis(500));
            }
        } finally {
            sdk.removeHandler(capture);
            sdk.setLevel(sdkLevel);
        }

        assertEquals(1, runtime.exitCode().getNow(-1), logs.all());
        assertEquals(ComponentRuntime.STARTUP_CONNECT_ATTEMPTS, logs.lines("ipc_connect_failed").size(), logs.all());
        assertTrue(logs.stderr().contains("startup_failed"), logs.stderr());
        assertFalse(logs.all().contains(wrongToken), logs.all());
        assertFalse(logs.all().contains(TOKEN), logs.all());
        assertFalse(sdkLines.isEmpty(), "the SDK's log was captured");
        assertTrue(sdkLines.stream().noneMatch(l -> l.contains(wrongToken)), String.join("", sdkLines));
        assertEquals(0, server.publishedToIoTCore().count());
    }

    @Test
    void corruptStateFileGivesOneWarningAndAFreshStartThatReports() throws Exception {
        Files.writeString(stateDir.resolve(StateStore.FILE_NAME),
                "{\"format\":\"watchpost-state\",\"version\":1,\"las"); // cut off mid-write
        runtime = newRuntime(TOKEN);
        startRuntime();

        List<String> warnings = logs.lines("state_fresh_start");
        assertEquals(1, warnings.size(), logs.all());
        assertTrue(warnings.get(0).contains(" WARN ") && warnings.get(0).contains("reason=invalid"), warnings.get(0));
        Sent first = reportAnswered();
        assertAccepted(first);
        assertEquals(first.reportId(), savedState().lastReportId(), "the state file is whole again");
    }

    @Test
    void restartWithPersistedStateContinuesWithoutASpikeAndWaitsForTheGap() throws Exception {
        runtime = newRuntime(TOKEN);
        startRuntime();
        assertAccepted(reportAnswered());
        proc.addTraffic(1_000, 10, 2_000, 20);
        Sent beforeRestart = reportAnswered();
        assertAccepted(beforeRestart);
        Instant lastPublish = Instant.ofEpochMilli(beforeRestart.reportId());

        proc.addTraffic(300, 3, 400, 4);
        clock.advance(Duration.ofSeconds(40));
        runtime.shutdown();
        assertEquals(0, runtime.exitCode().getNow(-1));

        clock.advance(Duration.ofSeconds(20)); // the process is down for a while
        scheduler = new ManualScheduler(clock);
        runtime = newRuntime(TOKEN);
        startRuntime();
        assertEquals(lastPublish.plus(SPACING), runtime.nextReportDue().orElseThrow(),
                "the first report after the restart keeps 300 s (and the margin) from the last publish");
        scheduler.advanceTo(lastPublish.plus(SPACING).minusMillis(1));
        assertEquals(2, server.publishedToIoTCore().count(), "nothing published within 300 s of the last publish");

        Sent afterRestart = reportAnswered();
        assertTrue(afterRestart.reportId() > beforeRestart.reportId());
        assertEquals(new Counters(300, 3, 400, 4), afterRestart.traffic(), "only the bytes since the last accepted");
        assertAccepted(afterRestart);
    }

    @Test
    void reportFormatChangedToCborLiveGoesToTheCborTopicAndIsAcceptedInCbor() throws Exception {
        runtime = newRuntime(TOKEN);
        startRuntime();
        assertAccepted(reportAnswered());

        pushConfiguration(SettingsParser.REPORT_FORMAT, "cbor");
        await(() -> runtime.settings().reportFormat() == ReportFormat.CBOR, "cbor in force");
        proc.addTraffic(1_000, 10, 2_000, 20);
        Sent second = reportAnswered();

        assertEquals("$aws/things/gw-1/defender/metrics/cbor", second.topic());
        assertEquals(new Counters(1_000, 10, 2_000, 20), second.traffic());
        Verdict verdict = deviceDefender.verdicts().get(1);
        assertEquals(ReportFormat.CBOR, verdict.format());
        assertTrue(verdict.accepted(), verdict.toString());
        assertAccepted(second);
        assertTrue(logs.lines("answers_subscribed").stream()
                .anyMatch(l -> l.contains(TOPICS.accepted(ReportFormat.CBOR))), logs.all());
        assertTrue(logs.lines("ipc_connection_lost").isEmpty(),
                "closing the JSON answer streams is no lost connection");
    }

    @Test
    void customMetricFromAnotherComponentReachesTheReportAndAnInvalidOneIsDropped() throws Exception {
        CustomMetricInbox inbox = new CustomMetricInbox(logs.log, clock, () -> 50);
        runtime = newRuntime(TOKEN, inbox, inbox::snapshot);
        startRuntime();
        GreengrassCoreIPCClientV2 otherComponent = otherComponent();

        publishLocally(otherComponent, "{\"name\":\"failed_logins\",\"number\":3}");
        await(() -> inbox.snapshot().containsKey("failed_logins"), "the inbox has the metric");
        publishLocally(otherComponent, "{\"name\":\"failed_logins\",\"number\":\"three\"}");
        await(() -> !logs.lines("custom_metric_refused").isEmpty(), "the invalid message is refused");

        Sent first = reportAnswered();
        assertEquals("{\"failed_logins\":[{\"number\":3}]}", first.doc().path("custom_metrics").toString(),
                first.doc().toString());
        assertAccepted(first);
        String refused = logs.lines("custom_metric_refused").get(0);
        assertTrue(refused.contains(" WARN ") && refused.contains("failed_logins")
                && refused.contains("not a JSON number"), refused);
    }

    @Test
    void customMetricSentAsAJsonMessageKeepsTheNumberAsWritten() throws Exception {
        CustomMetricInbox inbox = new CustomMetricInbox(logs.log, clock, () -> 50);
        runtime = newRuntime(TOKEN, inbox, inbox::snapshot);
        startRuntime();
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("name", "failed_logins");
        message.put("number", 3);

        otherComponent().publishToTopicAsync(new PublishToTopicRequest().withTopic("watchpost/custom-metrics")
                .withPublishMessage(new PublishMessage().withJsonMessage(new JsonMessage().withMessage(message))))
                .get(REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        await(() -> inbox.snapshot().containsKey("failed_logins"), "the inbox has the metric");

        Sent first = reportAnswered();
        assertEquals("{\"failed_logins\":[{\"number\":3}]}", first.doc().path("custom_metrics").toString(),
                first.doc().toString());
        assertAccepted(first);
    }

    @Test
    void configurationChangedWhileTheNucleusWasDownIsReadAtReconnect() throws Exception {
        runtime = newRuntime(TOKEN);
        startRuntime();
        Instant firstCycle = runtime.nextReportDue().orElseThrow();
        assertAccepted(reportAnswered());

        server.stop();
        await(() -> !logs.lines("ipc_connection_lost").isEmpty(), "the runtime sees the nucleus go");
        pushConfiguration(SettingsParser.SAMPLE_INTERVAL_SECONDS, 900); // a deployment while nobody listens
        server.restart();
        awaitReconnected(2);

        assertEquals(Duration.ofSeconds(900), runtime.settings().sampleInterval());
        assertEquals(firstCycle.plusSeconds(900), runtime.nextReportDue().orElseThrow());
        assertAccepted(reportAnswered());
    }

    @Test
    void customMetricsFollowATopicChangeAndAReconnect() throws Exception {
        CustomMetricInbox inbox = new CustomMetricInbox(logs.log, clock, () -> 50);
        runtime = newRuntime(TOKEN, inbox, inbox::snapshot);
        startRuntime();
        GreengrassCoreIPCClientV2 otherComponent = otherComponent();

        pushConfiguration(SettingsParser.CUSTOM_METRICS_TOPIC, "site/metrics");
        await(() -> logs.lines("custom_metrics_subscribed").size() == 2, "subscribed to the new topic");
        assertTrue(logs.lines("ipc_connection_lost").isEmpty(), "closing the old topic's stream is no lost connection");
        publishLocally(otherComponent, "watchpost/custom-metrics", "{\"name\":\"old_topic\",\"number\":1}");
        publishLocally(otherComponent, "site/metrics", "{\"name\":\"new_topic\",\"number\":2}");
        await(() -> inbox.snapshot().containsKey("new_topic"), "the message on the new topic arrives");

        server.dropConnections();
        await(() -> !logs.lines("ipc_connection_lost").isEmpty(), "the runtime sees the connection go");
        awaitReconnected(2);
        publishLocally(otherComponent(), "site/metrics", "{\"name\":\"after_reconnect\",\"number\":4}");
        await(() -> inbox.snapshot().containsKey("after_reconnect"), "the message after the reconnect arrives");

        Sent first = reportAnswered();
        assertEquals("{\"after_reconnect\":[{\"number\":4}],\"new_topic\":[{\"number\":2}]}",
                first.doc().path("custom_metrics").toString());
        assertAccepted(first);
        assertTrue(logs.lines("custom_metrics_subscribed").get(2).contains("topic=site/metrics"), logs.all());
    }

    @Test
    void shortKeysInCborWithEveryCustomMetricTypeWithinATightBudgetOverABusyCapturedHostAreAccepted() throws Exception {
        Path busy = copyCapture("many-interfaces", tmp.resolve("busy"));
        config.put(SettingsParser.PROC_DESTINATION_PATH, busy.toString());
        config.put(SettingsParser.REPORT_FORMAT, "cbor");
        config.put(SettingsParser.KEY_NAMES, "short");
        config.put(SettingsParser.MAX_REPORT_BYTES, SettingsParser.MIN_REPORT_BYTES);
        server.setConfiguration(config);
        CustomMetricInbox inbox = new CustomMetricInbox(logs.log, clock, () -> 50);
        runtime = newRuntime(TOKEN, inbox, inbox::snapshot);
        startRuntime();
        GreengrassCoreIPCClientV2 otherComponent = otherComponent();
        publishLocally(otherComponent, "{\"name\":\"failed_logins\",\"number\":3}");
        publishLocally(otherComponent, "{\"name\":\"open_files\",\"number_list\":[12,40.5]}");
        publishLocally(otherComponent, "{\"name\":\"wifi_ssids\",\"string_list\":[\"home\",\"lab-2\"]}");
        publishLocally(otherComponent, "{\"name\":\"peers\",\"ip_list\":[\"192.0.2.7\",\"2001:db8::1\"]}");
        await(() -> inbox.snapshot().size() == 4, "all four custom metrics arrived");

        Sent first = reportAnswered();

        assertEquals(TOPICS.metrics(ReportFormat.CBOR), first.topic());
        assertEquals(json.readTree("{\"failed_logins\":[{\"number\":3}],\"open_files\":[{\"number_list\":[12,40.5]}],"
                + "\"peers\":[{\"ip_list\":[\"192.0.2.7\",\"2001:db8::1\"]}],"
                + "\"wifi_ssids\":[{\"string_list\":[\"home\",\"lab-2\"]}]}"), first.doc().path("cmet"),
                first.doc().toString());
        byte[] payload = server.publishedToIoTCore().all().get(0).payload();
        assertTrue(payload.length <= SettingsParser.MIN_REPORT_BYTES, payload.length + " bytes");
        assertTrue(first.doc().path("met").path("tp").path("pts").size() > 0, first.doc().toString());
        assertAccepted(first);
    }

    // ------------------------------------------------------------------------------------------------ harness

    private ComponentRuntime newRuntime(String token) {
        return newRuntime(token, message -> { }, Map::of);
    }

    private ComponentRuntime newRuntime(String token, Consumer<byte[]> sink,
                                        Supplier<Map<String, CustomMetricValue>> customMetrics) {
        return newRuntime(token, CALL_TIMEOUT, sink, customMetrics);
    }

    private ComponentRuntime newRuntime(String token, Duration callTimeout, Consumer<byte[]> sink,
                                        Supplier<Map<String, CustomMetricValue>> customMetrics) {
        CollectingReportSource source = new CollectingReportSource(new ProcNetworkCollector(logs.log),
                settings -> customMetrics.get());
        return new RuntimeBuilder(stateDir, GreengrassIpcConnector.of(server.socketPath(), token, callTimeout), source,
                scheduler, clock, logs.log).thing(THING).sink(sink).seed(11).build();
    }

    /** Starts the runtime and lets it connect, read the configuration and subscribe, up to the first report's time. */
    private void startRuntime() throws InterruptedException {
        runtime.start();
        await(() -> runtime.nextReportDue().isPresent(), "connected and the first report scheduled");
    }

    /**
     * Runs the next report cycle, then waits until the stand-in judged the report and, when it answered, until the
     * runtime handled the answer.
     */
    private Sent reportAnswered() throws Exception {
        int published = server.publishedToIoTCore().count();
        int judged = deviceDefender.verdicts().size();
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        assertEquals(published + 1, server.publishedToIoTCore().count(), "one report published\n" + logs.all());
        IoTCorePublish raw = server.publishedToIoTCore().all().get(published);
        JsonNode doc = (raw.topic().endsWith("/cbor") ? cbor : json).readTree(raw.payload());
        JsonNode id = doc.has("hed") ? doc.path("hed").path("rid") : doc.path("header").path("report_id");
        Sent sent = new Sent(raw.topic(), doc, id.longValue());
        await(() -> deviceDefender.verdicts().size() > judged, "the stand-in judged the report");
        Verdict verdict = deviceDefender.verdicts().get(judged);
        // With the accepted topic refused, the stand-in's acceptance goes to nobody.
        boolean answerVisible = !verdict.accepted() || logs.lines("answers_subscribe_refused").isEmpty();
        if (verdict.answered() && answerVisible) {
            String event = verdict.accepted() ? "report_accepted" : "report_rejected";
            await(() -> logs.lines(event).stream().anyMatch(l -> l.contains(" id=" + sent.reportId() + " ")),
                    "the runtime handled the answer to " + sent.reportId());
        }
        return sent;
    }

    /** Whether a JSON array holds an element equal to {@code element} (objects compare regardless of key order). */
    private boolean contains(JsonNode array, String element) throws IOException {
        JsonNode wanted = json.readTree(element);
        for (JsonNode item : array) {
            if (item.equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private void assertAccepted(Sent sent) {
        Verdict verdict = deviceDefender.verdicts().stream()
                .filter(v -> v.reportId().orElse(-1L) == sent.reportId()).findFirst().orElseThrow();
        assertTrue(verdict.accepted(), verdict.toString());
        if (logs.lines("answers_subscribe_refused").isEmpty()) {
            assertTrue(logLineWithId("report_accepted", sent.reportId()).contains("baseline=advanced"), logs.all());
        }
        assertEquals(sent.reportId(), savedState().lastReportId());
    }

    private String logLineWithId(String event, long id) {
        return logs.lines(event).stream().filter(l -> l.contains(" id=" + id + " ") || l.endsWith(" id=" + id))
                .findFirst().orElseThrow(() -> new AssertionError("no " + event + " for " + id + "\n" + logs.all()));
    }

    private PersistedState savedState() {
        return new StateStore(stateDir, new LogCapture(clock).log).load();
    }

    /** What a deployment does: a new configuration whose changed keys the server pushes as update events. */
    private void pushConfiguration(String key, Object value) {
        config.put(key, value);
        server.setConfiguration(config);
    }

    /**
     * Moves virtual time in reconnect-sized steps until the runtime connected {@code n} times in all, and checks that
     * the new connection subscribed the answers (accepted and rejected) and the custom metrics topic again.
     */
    private void awaitReconnected(int n) throws InterruptedException {
        int answers = logs.lines("answers_subscribed").size();
        int custom = logs.lines("custom_metrics_subscribed").size();
        long deadline = System.nanoTime() + REAL_WAIT.toNanos();
        while (logs.lines("ipc_connected").size() < n && System.nanoTime() < deadline) {
            scheduler.advance(Duration.ofMillis(500));
            scheduler.runDueUntil(() -> logs.lines("ipc_connected").size() >= n, Duration.ofMillis(50));
        }
        assertEquals(n, logs.lines("ipc_connected").size(), logs.all());
        assertEquals(answers + 2, logs.lines("answers_subscribed").size(), "answers subscribed again");
        assertEquals(custom + 1, logs.lines("custom_metrics_subscribed").size(), "custom metrics subscribed again");
    }

    private GreengrassCoreIPCClientV2 otherComponent() throws IOException {
        return OtherComponent.connect(server, TOKEN, closeAfter);
    }

    private static void publishLocally(GreengrassCoreIPCClientV2 client, String message) throws Exception {
        publishLocally(client, "watchpost/custom-metrics", message);
    }

    private static void publishLocally(GreengrassCoreIPCClientV2 client, String topic, String message)
            throws Exception {
        client.publishToTopicAsync(new PublishToTopicRequest().withTopic(topic)
                .withPublishMessage(new PublishMessage().withBinaryMessage(
                        new BinaryMessage().withMessage(message.getBytes(StandardCharsets.UTF_8)))))
                .get(REAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A verbatim copy of a captured proc root from the test resources. */
    private static Path copyCapture(String name, Path target) throws Exception {
        Path source = Path.of(RealStackScenarioTest.class.getResource("/io/watchpost/proc/" + name).toURI());
        try (var files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return target;
    }

    private void await(BooleanSupplier condition, String what) throws InterruptedException {
        assertTrue(scheduler.runDueUntil(condition, REAL_WAIT), "timed out waiting: " + what + "\n" + logs.all());
    }
}
