package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.watchpost.collect.CollectException;
import io.watchpost.config.SettingsParser;
import io.watchpost.config.ReportFormat;
import io.watchpost.ipc.IpcException;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.report.NetworkBaseline;
import io.watchpost.testing.LogCapture;
import io.watchpost.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComponentRuntimeTest {
    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    private static final Topics TOPICS = new Topics("gw-1");
    private static final String JSON_TOPIC = "$aws/things/gw-1/defender/metrics/json";
    private static final Duration INTERVAL = Duration.ofSeconds(300);
    /** 300 s after the last publish returned, plus the margin. */
    private static final Duration SPACING = ReportTiming.COMPONENT.spacing(INTERVAL);

    @TempDir
    Path stateDir;

    private MutableClock clock;
    private ManualScheduler scheduler;
    private FakeConnector connector;
    private ScriptedReportSource source;
    private LogCapture logs;
    private ComponentRuntime runtime;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(START);
        scheduler = new ManualScheduler(clock);
        connector = new FakeConnector(clock);
        source = new ScriptedReportSource();
        logs = new LogCapture(clock);
        runtime = newRuntime();
    }

    private ComponentRuntime newRuntime() {
        return new RuntimeBuilder(stateDir, connector, source, scheduler, clock, logs.log).build();
    }

    private void startAndConnect() {
        runtime.start();
        scheduler.runDue();
    }

    /** Starts, connects and lets the first (jittered) report go out. */
    private PreparedReport firstReport() {
        startAndConnect();
        scheduler.advance(Duration.ofSeconds(30));
        assertEquals(1, source.reports.size(), "first report within 30 s");
        return source.lastReport();
    }

    /** Runs the next scheduled cycle, whatever it does. */
    private void nextCycle() {
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
    }

    private PreparedReport nextReport() {
        int before = source.reports.size();
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        assertEquals(before + 1, source.reports.size(), "a report at the due time");
        return source.lastReport();
    }

    private void answer(String topic, String json) {
        connector.current().deliver(topic, json.getBytes(StandardCharsets.UTF_8));
        scheduler.runDue();
    }

    private void accept(PreparedReport r) {
        answer(TOPICS.accepted(ReportFormat.JSON),
                "{\"thingName\":\"gw-1\",\"reportId\":" + r.reportId() + ",\"status\":\"ACCEPTED\",\"timestamp\":1}");
    }

    private void reject(PreparedReport r, String code, String message) {
        answer(TOPICS.rejected(ReportFormat.JSON), "{\"thingName\":\"gw-1\",\"reportId\":" + r.reportId()
                + ",\"status\":\"REJECTED\",\"statusDetails\":{\"ErrorCode\":\"" + code + "\",\"ErrorMessage\":\""
                + message + "\"},\"timestamp\":1}");
    }

    private PersistedState savedState() {
        return new StateStore(stateDir, new LogCapture(clock).log).load();
    }

    private void configure(Map<String, Object> values) {
        connector.config.clear();
        connector.config.putAll(values);
        connector.current().configurationChanged();
        connector.current().configurationChanged(); // the nucleus sends one event per changed node
        scheduler.runDue();
    }

    private static void assertBetween(Duration d, long minMillis, long maxMillis) {
        assertTrue(d.toMillis() >= minMillis && d.toMillis() <= maxMillis,
                d.toMillis() + " ms is not within " + minMillis + ".." + maxMillis);
    }

    @Test
    void firstReportIsPublishedAfterJitterOnTheJsonMetricsTopic() {
        startAndConnect();
        Instant due = runtime.nextReportDue().orElseThrow();
        assertTrue(!due.isBefore(START.plusSeconds(5)) && !due.isAfter(START.plusSeconds(30)), "due " + due);

        scheduler.advanceTo(due.minusMillis(1));
        assertTrue(connector.current().published.isEmpty());
        scheduler.advanceTo(due);

        List<FakeCoreIpc.Published> published = connector.current().published;
        assertEquals(1, published.size());
        assertEquals(JSON_TOPIC, published.get(0).topic());
        assertEquals(0, source.lastCall().previousReportId());
        assertNull(source.lastCall().baseline());
        assertEquals(1, connector.current().openSubscriptions(JSON_TOPIC + "/accepted").size());
        assertEquals(1, connector.current().openSubscriptions(JSON_TOPIC + "/rejected").size());
        String line = logs.lines("report_published").get(0);
        assertTrue(line.contains("id=" + source.lastReport().reportId()), line);
        assertTrue(line.contains("bytes=" + source.lastReport().payload().length), line);
        assertTrue(line.contains("tcp_ports=3") && line.contains("connections=4"), line);
    }

    @Test
    void startupLogsTheEffectiveSettingsOnce() {
        connector.config.put("SampleIntervalSeconds", 600.0);
        connector.config.put("accessControl", Map.of("aws.greengrass.ipc.mqttproxy", Map.of()));
        connector.config.put("Colour", "blue");
        startAndConnect();

        assertEquals(1, logs.lines("settings_effective").size());
        assertTrue(logs.lines("settings_effective").get(0).contains("interval_s=600"));
        assertEquals(1, logs.lines("config_unknown_keys").size());
        assertTrue(logs.lines("config_unknown_keys").get(0).contains("keys=Colour"));
        assertEquals(Duration.ofSeconds(600), runtime.settings().sampleInterval());
    }

    @Test
    void acceptedAnswerAdvancesTheBaselineAndPersistsIt() {
        PreparedReport first = firstReport();
        accept(first);

        NetworkBaseline expected = first.nextBaseline().orElseThrow();
        assertEquals(expected, savedState().acceptedBaseline().orElseThrow());
        assertEquals(1, logs.lines("report_accepted").size());
        assertTrue(logs.lines("report_accepted").get(0).contains("id=" + first.reportId()));
        nextReport();
        assertEquals(expected, source.lastCall().baseline());
        assertEquals(first.reportId(), source.lastCall().previousReportId());
    }

    @Test
    void rejectedThrottledReportLeavesTheBaseline() {
        PreparedReport first = firstReport();
        accept(first);
        PreparedReport second = nextReport();
        reject(second, "Throttled", "Too many reports");

        String line = logs.lines("report_rejected").get(0);
        assertTrue(line.contains(" ERROR "), line);
        assertTrue(line.contains("id=" + second.reportId()) && line.contains("error_code=Throttled")
                && line.contains("error_message=\"Too many reports\""), line);
        nextReport();
        assertEquals(first.nextBaseline().orElseThrow(), source.lastCall().baseline());
        assertEquals(first.nextBaseline(), savedState().acceptedBaseline());
    }

    @Test
    void unansweredReportIsGivenUpAfterOneIntervalAndTheBaselineStays() {
        PreparedReport first = firstReport();
        PreparedReport second = nextReport();

        assertEquals(1, logs.lines("report_unanswered").size());
        assertTrue(logs.lines("report_unanswered").get(0).contains("id=" + first.reportId()));
        assertNull(source.lastCall().baseline());
        accept(first); // too late: it was given up
        assertTrue(logs.lines("report_accepted").get(0).contains("baseline=unchanged"));
        nextReport();
        assertNull(source.lastCall().baseline());
        assertTrue(savedState().acceptedBaseline().isEmpty());
        assertTrue(second.reportId() > first.reportId());
    }

    @Test
    void refusedAnswerSubscriptionWarnsOnceAndAdvancesTheBaselineWhenPublishSucceeds() {
        connector.refusedTopics.put(JSON_TOPIC + "/accepted",
                new IpcException(IpcException.Kind.UNAUTHORIZED, "not authorized", null));
        PreparedReport first = firstReport();
        nextReport();
        nextReport();

        assertEquals(1, logs.lines("answers_subscribe_refused").size());
        assertTrue(logs.lines("answers_subscribe_refused").get(0).contains(" WARN "));
        assertEquals(first.nextBaseline().orElseThrow(), source.calls.get(1).baseline());
        assertEquals(source.reports.get(1).nextBaseline().orElseThrow(), source.calls.get(2).baseline());
        assertEquals(source.lastReport().nextBaseline(), savedState().acceptedBaseline());
    }

    @Test
    void intervalUpdateMovesTheNextReportToOneNewIntervalAfterTheLastOne() {
        PreparedReport first = firstReport();
        Instant firstAt = source.lastCall().now();
        clock.advance(Duration.ofSeconds(100));
        configure(Map.of("SampleIntervalSeconds", 600.0));

        assertEquals(firstAt.plusSeconds(600), runtime.nextReportDue().orElseThrow());
        assertEquals(1, connector.current().published.size(), "no publish on a configuration change");
        scheduler.advanceTo(firstAt.plusSeconds(599));
        assertEquals(1, source.reports.size());
        scheduler.advanceTo(firstAt.plusSeconds(600));
        assertEquals(2, source.reports.size());
        assertTrue(source.lastReport().reportId() > first.reportId());
        assertEquals(firstAt.plusSeconds(1200), runtime.nextReportDue().orElseThrow());
    }

    @Test
    void shorterIntervalNeverBringsTheNextReportSoonerThan300sAfterTheLastPublish() {
        connector.config.put("SampleIntervalSeconds", 3600.0);
        firstReport();
        Instant firstAt = source.lastCall().now();
        clock.advance(Duration.ofSeconds(10));
        configure(Map.of("SampleIntervalSeconds", "300"));
        assertEquals(firstAt.plus(SPACING), runtime.nextReportDue().orElseThrow());

        scheduler.advanceTo(firstAt.plus(SPACING));
        Instant secondAt = source.lastCall().now();
        configure(Map.of("SampleIntervalSeconds", 3600.0));
        assertEquals(secondAt.plusSeconds(3600), runtime.nextReportDue().orElseThrow());
        // 2000 s later the 3600 s interval is cut to 300 s: that moment is past, so a jittered delay, never at once.
        clock.advance(Duration.ofSeconds(2000));
        configure(Map.of("SampleIntervalSeconds", 300.0));
        Instant due = runtime.nextReportDue().orElseThrow();
        assertTrue(!due.isBefore(clock.instant().plusSeconds(5)) && !due.isAfter(clock.instant().plusSeconds(30)),
                "due " + due);
        assertEquals(2, source.reports.size());
    }

    @Test
    void invalidIntervalUpdateKeepsThePreviousValueAndLogsKeyValueAndRule() {
        connector.config.put("SampleIntervalSeconds", 600.0);
        firstReport();
        Instant due = runtime.nextReportDue().orElseThrow();
        configure(Map.of("SampleIntervalSeconds", 120.0));

        assertEquals(Duration.ofSeconds(600), runtime.settings().sampleInterval());
        assertEquals(due, runtime.nextReportDue().orElseThrow());
        String line = logs.lines("config_invalid").get(0);
        assertTrue(line.contains(" ERROR ") && line.contains("key=SampleIntervalSeconds") && line.contains("value=120.0")
                && line.contains("rule=\"must be a whole number of seconds from 300"), line);
    }

    @Test
    void anInvalidValueIsLoggedOnceNotAgainWithEachUpdateOfAnotherKey() {
        firstReport();
        configure(Map.of("SampleIntervalSeconds", 120.0, "ReportFormat", "xml"));
        assertEquals(2, logs.lines("config_invalid").size(), logs.all());
        configure(Map.of("SampleIntervalSeconds", 120.0, "ReportFormat", "xml", "MaxCustomMetrics", 10.0));
        configure(Map.of("SampleIntervalSeconds", 120.0, "ReportFormat", "xml", "MaxCustomMetrics", 20.0));
        assertEquals(2, logs.lines("config_invalid").size(), "the same problems again:\n" + logs.all());

        configure(Map.of("SampleIntervalSeconds", 60.0, "ReportFormat", "xml", "MaxCustomMetrics", 20.0));
        assertEquals(3, logs.lines("config_invalid").size(), logs.all());
        assertTrue(logs.lines("config_invalid").get(2).contains("value=60.0"), logs.lines("config_invalid").get(2));
    }

    @Test
    void aReportHeldForMissingAnswerSubscriptionsIsReplacedByTheNextCycleAndNeverSentBlind() {
        IpcException busy = new IpcException(IpcException.Kind.SERVICE_ERROR, "MQTT connection is down", null);
        connector.refusedTopics.put(JSON_TOPIC + "/accepted", busy);
        startAndConnect();
        scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
        assertEquals(1, logs.lines("report_held").size(), logs.all());
        Instant next = runtime.nextReportDue().orElseThrow();
        scheduler.advanceTo(next.minusMillis(1));
        assertTrue(connector.current().published.isEmpty(), "held through the whole interval");

        scheduler.advanceTo(next);
        assertEquals(1, logs.lines("report_dropped").size(), logs.all());
        assertEquals(2, logs.lines("report_held").size(), "a new report, a new hold");
        connector.refusedTopics.clear();
        scheduler.advance(Duration.ofSeconds(60));
        assertEquals(1, connector.current().published.size(), logs.all());
        assertEquals(source.lastReport().reportId(), savedState().lastReportId(), "the newer report went out");
        assertTrue(logs.lines("ipc_connection_lost").isEmpty(), "a refused subscription is not a lost connection");
    }

    @Test
    void invalidIntervalAtStartUsesTheDefault() {
        connector.config.put("SampleIntervalSeconds", "soon");
        startAndConnect();

        assertEquals(Duration.ofSeconds(300), runtime.settings().sampleInterval());
        assertTrue(logs.lines("config_invalid").get(0).contains("value=\"\\\"soon\\\"\""),
                logs.lines("config_invalid").get(0));
    }

    @Test
    void procDestinationPathChangedLiveReachesTheNextPrepare() {
        firstReport();
        configure(Map.of("ProcDestinationPath", "/host_proc"));

        assertEquals(1, logs.lines("settings_changed").size());
        nextReport();
        assertEquals(Path.of("/host_proc"), source.lastCall().settings().procRoot());
    }

    @Test
    void reportFormatChangeSwitchesTopicsAndAnswerSubscriptionsFromTheNextCycle() throws Exception {
        PreparedReport first = firstReport();
        configure(Map.of("ReportFormat", "cbor"));
        FakeCoreIpc ipc = connector.current();
        // The report in flight can still be answered on the JSON topics until the next cycle.
        assertEquals(1, ipc.openSubscriptions(JSON_TOPIC + "/accepted").size());
        accept(first);

        PreparedReport second = nextReport();
        assertEquals(ReportFormat.CBOR, second.format());
        assertEquals("$aws/things/gw-1/defender/metrics/cbor", ipc.published.get(1).topic());
        assertTrue(ipc.openSubscriptions(JSON_TOPIC + "/accepted").isEmpty());
        assertTrue(ipc.openSubscriptions(JSON_TOPIC + "/rejected").isEmpty());
        assertEquals(1, ipc.openSubscriptions(TOPICS.accepted(ReportFormat.CBOR)).size());
        assertTrue(logs.lines("ipc_connection_lost").isEmpty(), "closing our own streams is not a lost connection");

        byte[] cborAnswer = new CBORMapper().writeValueAsBytes(
                Map.of("reportId", second.reportId(), "status", "ACCEPTED", "thingName", "gw-1"));
        ipc.deliver(TOPICS.accepted(ReportFormat.CBOR), cborAnswer);
        scheduler.runDue();
        assertEquals(second.nextBaseline(), savedState().acceptedBaseline());
    }

    @Test
    void droppedConnectionReconnectsWithBackoffResubscribesAndReportingResumes() {
        firstReport();
        FakeCoreIpc old = connector.current();
        connector.failures.add(new IpcException(IpcException.Kind.CONNECTION_CLOSED, "socket gone", null));
        connector.failures.add(new IpcException(IpcException.Kind.CONNECTION_CLOSED, "socket gone", null));
        old.drop();
        scheduler.runDue();
        assertEquals(1, logs.lines("ipc_connection_lost").size(), "all streams closing is one loss");
        assertTrue(old.closed);

        Instant lostAt = clock.instant();
        scheduler.advance(Duration.ofSeconds(7));
        assertEquals(4, connector.attempts, "three reconnect attempts within 1 + 2 + 4 s");
        List<Instant> at = connector.attemptTimes;
        assertBetween(Duration.between(lostAt, at.get(1)), 500, 1000);
        assertBetween(Duration.between(at.get(1), at.get(2)), 1000, 2000);
        assertBetween(Duration.between(at.get(2), at.get(3)), 2000, 4000);

        FakeCoreIpc fresh = connector.current();
        assertFalse(fresh == old);
        assertTrue(fresh.configUpdate != null, "configuration updates subscribed again");
        assertEquals(1, fresh.getConfigurationCalls);
        assertEquals(1, fresh.openSubscriptions(JSON_TOPIC + "/accepted").size());
        assertEquals(1, fresh.openSubscriptions(JSON_TOPIC + "/rejected").size());
        PreparedReport second = nextReport();
        assertEquals(1, fresh.published.size());
        accept(second);
        assertEquals(second.nextBaseline(), savedState().acceptedBaseline());
    }

    @Test
    void connectionFoundClosedAtCycleTimeIsRebuilt() {
        firstReport();
        connector.current().open = false; // no stream noticed it
        nextCycle();
        assertEquals(1, logs.lines("ipc_connection_lost").size());
        assertEquals(1, logs.lines("report_skipped").size());
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(2, connector.connections.size());
        nextReport();
        assertEquals(1, connector.current().published.size());
    }

    @Test
    void publishFailingWithServiceErrorDoesNotStopTheSchedule() {
        firstReport();
        connector.current().publishFailures.add(new IpcException(IpcException.Kind.SERVICE_ERROR, "busy", null));
        nextReport();
        assertTrue(logs.lines("report_publish_failed").get(0).contains("kind=SERVICE_ERROR"));
        nextReport();
        assertEquals(2, connector.current().published.size());
        assertTrue(logs.lines("ipc_connection_lost").isEmpty());
    }

    @Test
    void publishFailingWithConnectionClosedReconnectsAndTheNextCycleUsesTheNewConnection() {
        firstReport();
        FakeCoreIpc old = connector.current();
        old.publishFailures.add(new IpcException(IpcException.Kind.CONNECTION_CLOSED, "not open", null));
        nextCycle();
        assertEquals(1, logs.lines("ipc_connection_lost").size());
        assertTrue(old.closed);
        scheduler.advance(Duration.ofSeconds(1));
        nextReport();
        assertEquals(1, connector.current().published.size());
        assertFalse(connector.current() == old);
    }

    @Test
    void collectionExceptionDoesNotStopTheSchedule() {
        firstReport();
        source.failures.add(new CollectException(Path.of("/proc/net/tcp"), "unreadable", null));
        nextCycle();
        String failed = logs.lines("report_collect_failed").get(0);
        assertTrue(failed.contains("path=/proc/net/tcp") && failed.contains("error=unreadable"), failed);
        assertEquals(1, failed.split("/proc/net/tcp", -1).length - 1, "the path is named once: " + failed);
        assertEquals(1, connector.current().published.size());
        nextReport();
        assertEquals(2, connector.current().published.size());
    }

    @Test
    void anyThrowableInACycleDoesNotStopTheSchedule() {
        firstReport();
        source.failures.add(new IllegalStateException("encoder bug"));
        source.failures.add(new StackOverflowError("deep"));
        nextCycle();
        nextCycle();
        assertEquals(2, logs.lines("report_cycle_failed").size());
        nextReport();
        assertEquals(2, connector.current().published.size());
    }

    @Test
    void restartWithPersistedStateWaits300sAfterTheLastPublishAndKeepsIncreasingIds() {
        PreparedReport first = firstReport();
        Instant firstAt = source.lastCall().now();
        accept(first);
        runtime.shutdown();

        clock.advance(Duration.ofSeconds(60));
        scheduler = new ManualScheduler(clock);
        connector = new FakeConnector(clock);
        runtime = newRuntime();
        startAndConnect();
        assertEquals(firstAt.plus(SPACING), runtime.nextReportDue().orElseThrow());
        scheduler.advanceTo(firstAt.plus(SPACING).minusMillis(1));
        assertEquals(1, source.reports.size());
        scheduler.advanceTo(firstAt.plus(SPACING));
        assertEquals(2, source.reports.size());
        assertEquals(first.reportId(), source.lastCall().previousReportId());
        assertTrue(source.lastReport().reportId() > first.reportId());
        assertEquals(first.nextBaseline().orElseThrow(), source.lastCall().baseline());
    }

    @Test
    void lastPublishInTheFutureDelaysTheFirstReportBy300sAtMost() throws Exception {
        new StateStore(stateDir, logs.log).save(new PersistedState(5_000_000_000_000L,
                java.util.Optional.of(START.plus(Duration.ofDays(400))), java.util.Optional.empty()));
        startAndConnect();
        assertEquals(START.plus(SPACING), runtime.nextReportDue().orElseThrow());
        scheduler.advance(SPACING);
        assertEquals(5_000_000_000_000L, source.lastCall().previousReportId());
        assertTrue(source.lastReport().reportId() > 5_000_000_000_000L);
    }

    @Test
    void corruptStateFileGivesOneWarnAndAFreshStart() throws Exception {
        Files.writeString(stateDir.resolve(StateStore.FILE_NAME), "{\"format\":\"watchpost-state\",\"vers");
        firstReport();
        assertEquals(1, logs.lines("state_fresh_start").size());
        assertTrue(logs.lines("state_fresh_start").get(0).contains(" WARN "));
        assertEquals(0, source.lastCall().previousReportId());
        assertNull(source.lastCall().baseline());
    }

    @Test
    void shutdownSavesStateStopsReportingAndExitsZero() throws Exception {
        PreparedReport first = firstReport();
        accept(first);
        Files.delete(stateDir.resolve(StateStore.FILE_NAME));

        runtime.shutdown();
        assertEquals(0, runtime.exitCode().getNow(-1));
        PersistedState saved = savedState();
        assertEquals(first.reportId(), saved.lastReportId());
        assertEquals(first.nextBaseline(), saved.acceptedBaseline());
        assertTrue(connector.current().closed);
        scheduler.advance(Duration.ofHours(1));
        assertEquals(1, source.reports.size());
        runtime.shutdown(); // the hook may run twice
        assertEquals(1, logs.lines("runtime_stopped").size());
    }

    @Test
    void startupGivesUpAfterAFewAttemptsNamingTheVariable() {
        connector.alwaysFail = new IpcException(IpcException.Kind.NOT_CONFIGURED,
                "SVCUID is not set (the nucleus sets it for each component)", null);
        runtime.start();
        scheduler.advance(Duration.ofSeconds(60));

        assertEquals(ComponentRuntime.STARTUP_CONNECT_ATTEMPTS, connector.attempts);
        assertEquals(1, runtime.exitCode().getNow(-1));
        assertTrue(logs.stderr().contains("startup_failed") && logs.stderr().contains("SVCUID"), logs.stderr());
        assertEquals(1, logs.stderr().lines().filter(l -> l.contains(" ERROR startup_failed ")).count(), logs.stderr());
        assertEquals("", logs.stdout().lines().filter(l -> !l.contains(" INFO ") && !l.contains(" DEBUG "))
                .collect(java.util.stream.Collectors.joining("\n")), "WARN and ERROR go to stderr only");
        assertTrue(source.reports.isEmpty());
    }

    @Test
    void theIpcTokenNeverReachesTheLog() {
        String token = "svcuid-secret-0123456789";
        runtime = new RuntimeBuilder(stateDir, connector, source, scheduler, clock, logs.log)
                .redactor(Redactor.forEnvironment(Map.of("SVCUID", token))).build();
        connector.alwaysFail = new IpcException(IpcException.Kind.ACCESS_DENIED,
                "AccessDeniedException: token " + token + " refused (SVCUID)", null);
        runtime.start();
        scheduler.advance(Duration.ofSeconds(60));

        assertEquals(1, runtime.exitCode().getNow(-1));
        assertFalse(logs.all().contains(token), logs.all());
        assertTrue(logs.stderr().contains("SVCUID"), logs.stderr());
    }

    @Test
    void startupSucceedsWhenALaterAttemptConnects() {
        connector.failures.add(new IpcException(IpcException.Kind.ACCESS_DENIED, "token refused for SVCUID", null));
        firstReport();
        assertEquals(2, connector.attempts);
        assertFalse(runtime.exitCode().isDone());
    }
}
