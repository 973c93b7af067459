package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.config.SettingsParser;
import io.watchpost.ipc.IpcException;
import io.watchpost.testing.LogCapture;
import io.watchpost.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custom metrics other components publish on local pub/sub reach the sink, whatever happens to the connection. */
class CustomMetricsSubscriptionTest {
    private static final String DEFAULT_TOPIC = "watchpost/custom-metrics";

    @TempDir
    Path stateDir;

    private MutableClock clock;
    private ManualScheduler scheduler;
    private FakeConnector connector;
    private ScriptedReportSource source;
    private LogCapture logs;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private Consumer<byte[]> sink = bytes -> received.add(new String(bytes, StandardCharsets.UTF_8));
    private ComponentRuntime runtime;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
        scheduler = new ManualScheduler(clock);
        connector = new FakeConnector(clock);
        source = new ScriptedReportSource();
        logs = new LogCapture(clock);
    }

    private void startAndConnect() {
        runtime = new RuntimeBuilder(stateDir, connector, source, scheduler, clock, logs.log)
                .sink(bytes -> sink.accept(bytes)).build();
        runtime.start();
        scheduler.runDue();
    }

    private void publish(String topic, String message) {
        connector.current().publishLocal(topic, message.getBytes(StandardCharsets.UTF_8));
    }

    private void configure(Map<String, Object> values) {
        connector.config.clear();
        connector.config.putAll(values);
        connector.current().configurationChanged();
        scheduler.runDue();
    }

    /** Runs cycles until {@code count} reports went out in all, asserting each due cycle publishes. */
    private void reportsUpTo(int count) {
        while (source.reports.size() < count) {
            int before = source.reports.size();
            scheduler.advanceTo(runtime.nextReportDue().orElseThrow());
            assertEquals(before + 1, source.reports.size(), "a report at the due time");
        }
    }

    private int publishedReports() {
        return connector.connections.stream().mapToInt(c -> c.published.size()).sum();
    }

    private static IpcException unauthorized(String topic) {
        return new IpcException(IpcException.Kind.UNAUTHORIZED,
                "Principal io.watchpost.DeviceDefender is not authorized to perform aws.greengrass.ipc.pubsub:"
                        + "aws.greengrass#SubscribeToTopic on resource " + topic, null);
    }

    @Test
    void messagesPublishedOnTheDefaultTopicReachTheSinkAsTheyArrive() {
        startAndConnect();

        assertEquals(1, connector.current().openLocalSubscriptions(DEFAULT_TOPIC).size());
        assertTrue(logs.lines("custom_metrics_subscribed").get(0).contains("topic=" + DEFAULT_TOPIC));
        publish(DEFAULT_TOPIC, "{\"name\":\"failed_logins\",\"number\":3}");
        publish("someone/else", "{\"name\":\"not_for_us\",\"number\":1}");
        publish(DEFAULT_TOPIC, "{\"name\":\"failed_logins\",\"number\":4}");

        // Straight to the sink on the IPC thread: nothing waits for the scheduler.
        assertEquals(List.of("{\"name\":\"failed_logins\",\"number\":3}", "{\"name\":\"failed_logins\",\"number\":4}"),
                received);
    }

    @Test
    void configuredTopicIsSubscribedFromTheStart() {
        connector.config.put("CustomMetricsTopic", "site/metrics");
        startAndConnect();

        assertEquals(1, connector.current().localSubscribeCalls);
        assertEquals(1, connector.current().openLocalSubscriptions("site/metrics").size());
        assertTrue(connector.current().openLocalSubscriptions(DEFAULT_TOPIC).isEmpty());
        assertTrue(logs.lines("custom_metrics_topic_changed").isEmpty());
        publish("site/metrics", "{\"name\":\"a\",\"number\":1}");
        assertEquals(1, received.size());
    }

    @Test
    void topicChangeClosesTheOldSubscriptionAndSubscribesToTheNewTopic() {
        startAndConnect();
        FakeCoreIpc ipc = connector.current();
        FakeCoreIpc.TopicSub old = ipc.openLocalSubscriptions(DEFAULT_TOPIC).get(0);

        configure(Map.of("CustomMetricsTopic", "site/metrics"));

        assertTrue(old.closed, "old subscription closed");
        assertEquals(1, ipc.openLocalSubscriptions("site/metrics").size());
        List<String> changed = logs.lines("custom_metrics_topic_changed");
        assertEquals(1, changed.size());
        assertTrue(changed.get(0).contains(" INFO ") && changed.get(0).contains("old=" + DEFAULT_TOPIC)
                && changed.get(0).contains("new=site/metrics"), changed.get(0));
        assertTrue(logs.lines("ipc_connection_lost").isEmpty(), "closing our own stream is not a lost connection");

        publish(DEFAULT_TOPIC, "{\"name\":\"old\",\"number\":1}");
        old.onMessage.accept("{\"name\":\"late\",\"number\":1}".getBytes(StandardCharsets.UTF_8)); // racing the close
        publish("site/metrics", "{\"name\":\"new\",\"number\":2}");
        assertEquals(List.of("{\"name\":\"new\",\"number\":2}"), received);

        configure(Map.of("CustomMetricsTopic", "site/metrics", "SampleIntervalSeconds", 600.0));
        assertEquals(2, ipc.localSubscribeCalls, "an unrelated update leaves the subscription alone");
    }

    @Test
    void reconnectSubscribesTheTopicAgain() {
        startAndConnect();
        reportsUpTo(1);
        FakeCoreIpc old = connector.current();
        old.drop();
        scheduler.advance(Duration.ofSeconds(1));

        FakeCoreIpc fresh = connector.current();
        assertFalse(fresh == old, "a new connection");
        assertEquals(1, logs.lines("ipc_connection_lost").size(), "all streams closing is one loss");
        assertEquals(1, fresh.openLocalSubscriptions(DEFAULT_TOPIC).size());
        publish(DEFAULT_TOPIC, "{\"name\":\"after_reconnect\",\"number\":1}");
        assertEquals(List.of("{\"name\":\"after_reconnect\",\"number\":1}"), received);
        reportsUpTo(2);
        assertEquals(1, fresh.published.size());
    }

    @Test
    void topicChangedWhileDisconnectedIsSubscribedOnReconnect() {
        startAndConnect();
        connector.current().drop();
        connector.config.put("CustomMetricsTopic", "site/metrics");
        scheduler.advance(Duration.ofSeconds(1));

        FakeCoreIpc fresh = connector.current();
        assertEquals(1, fresh.localSubscribeCalls);
        assertEquals(1, fresh.openLocalSubscriptions("site/metrics").size());
        assertTrue(fresh.openLocalSubscriptions(DEFAULT_TOPIC).isEmpty());
        assertTrue(logs.lines("custom_metrics_topic_changed").get(0).contains("new=site/metrics"));
    }

    @Test
    void streamClosedByTheServerCountsAsALostConnectionAndIsRebuilt() {
        startAndConnect();
        FakeCoreIpc old = connector.current();
        old.serverCloses(old.openLocalSubscriptions(DEFAULT_TOPIC).get(0));
        scheduler.runDue();

        List<String> lost = logs.lines("ipc_connection_lost");
        assertEquals(1, lost.size());
        assertTrue(lost.get(0).contains("reason=stream_closed:custom_metrics:" + DEFAULT_TOPIC), lost.get(0));
        assertTrue(old.closed);
        scheduler.advance(Duration.ofSeconds(1));
        assertEquals(1, connector.current().openLocalSubscriptions(DEFAULT_TOPIC).size());
        publish(DEFAULT_TOPIC, "{\"name\":\"x\",\"number\":1}");
        assertEquals(1, received.size());
    }

    @Test
    void refusedSubscriptionWarnsOnceNamingTheMissingPolicyAndReportsKeepFlowing() {
        connector.refusedLocalTopics.put(DEFAULT_TOPIC, unauthorized(DEFAULT_TOPIC));
        startAndConnect();
        reportsUpTo(3);
        connector.current().drop();
        scheduler.advance(Duration.ofSeconds(1));
        reportsUpTo(4);

        List<String> warned = logs.lines("custom_metrics_subscribe_refused").stream()
                .filter(l -> l.contains(" WARN ")).toList();
        assertEquals(1, warned.size(), logs.lines("custom_metrics_subscribe_refused").toString());
        String line = warned.get(0);
        assertTrue(line.contains("topic=" + DEFAULT_TOPIC) && line.contains("aws.greengrass.ipc.pubsub")
                && line.contains("aws.greengrass#SubscribeToTopic") && line.contains("resource " + DEFAULT_TOPIC), line);
        assertEquals(4, publishedReports());
        assertEquals(2, connector.connections.size(), "a refusal is not a lost connection");
        assertEquals(1, connector.connections.get(0).localSubscribeCalls, "cycles do not ask again after a refusal");
        assertTrue(logs.lines("custom_metrics_subscribe_failed").isEmpty());
    }

    @Test
    void accessControlFixedByAConfigurationUpdateStartsTheSubscription() {
        connector.refusedLocalTopics.put(DEFAULT_TOPIC, unauthorized(DEFAULT_TOPIC));
        startAndConnect();
        assertTrue(connector.current().openLocalSubscriptions(DEFAULT_TOPIC).isEmpty());

        connector.refusedLocalTopics.clear();
        configure(Map.of("accessControl", Map.of("aws.greengrass.ipc.pubsub", Map.of())));

        assertEquals(1, connector.current().openLocalSubscriptions(DEFAULT_TOPIC).size());
        publish(DEFAULT_TOPIC, "{\"name\":\"x\",\"number\":1}");
        assertEquals(1, received.size());
    }

    @Test
    void refusalOfANewTopicIsWarnedForThatTopic() {
        connector.refusedLocalTopics.put("site/metrics", unauthorized("site/metrics"));
        startAndConnect();
        configure(Map.of("CustomMetricsTopic", "site/metrics"));

        List<String> warned = logs.lines("custom_metrics_subscribe_refused");
        assertEquals(1, warned.size());
        assertTrue(warned.get(0).contains("topic=site/metrics"), warned.get(0));
        assertTrue(connector.current().openLocalSubscriptions(DEFAULT_TOPIC).isEmpty(), "old topic closed anyway");
    }

    @Test
    void subscriptionFailingForAnotherReasonIsRetriedAtTheNextCycle() {
        IpcException busy = new IpcException(IpcException.Kind.SERVICE_ERROR, "busy", null);
        connector.localSubscribeFailures.add(busy); // after the configuration read
        connector.localSubscribeFailures.add(busy); // once connected
        startAndConnect();

        assertEquals(2, logs.lines("custom_metrics_subscribe_failed").size());
        assertTrue(logs.lines("custom_metrics_subscribe_failed").get(0).contains("kind=SERVICE_ERROR"));
        assertTrue(connector.current().openLocalSubscriptions(DEFAULT_TOPIC).isEmpty());
        reportsUpTo(1);
        assertEquals(1, connector.current().openLocalSubscriptions(DEFAULT_TOPIC).size());
        assertTrue(logs.lines("custom_metrics_subscribe_refused").isEmpty());
        assertTrue(logs.lines("ipc_connection_lost").isEmpty());
        publish(DEFAULT_TOPIC, "{\"name\":\"x\",\"number\":1}");
        assertEquals(1, received.size());
    }

    @Test
    void sinkThatThrowsBreaksNeitherTheStreamNorReporting() {
        sink = bytes -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (text.startsWith("bad")) {
                throw new IllegalStateException("sink bug on " + text);
            }
            if (text.startsWith("worse")) {
                throw new AssertionError("sink error");
            }
            received.add(text);
        };
        startAndConnect();
        publish(DEFAULT_TOPIC, "bad 1");
        publish(DEFAULT_TOPIC, "worse 1");
        for (int i = 3; i <= 12; i++) {
            publish(DEFAULT_TOPIC, "bad " + i);
        }
        publish(DEFAULT_TOPIC, "good");
        scheduler.runDue();
        reportsUpTo(2);

        assertEquals(List.of("good"), received);
        FakeCoreIpc ipc = connector.current();
        assertEquals(1, ipc.openLocalSubscriptions(DEFAULT_TOPIC).size());
        assertEquals(1, connector.connections.size());
        assertTrue(logs.lines("ipc_connection_lost").isEmpty());
        assertEquals(2, publishedReports());
        // 12 failures: lines at the 1st and the 10th, so a sink failing on every message cannot flood the log.
        List<String> failed = logs.lines("custom_metrics_sink_failed");
        assertEquals(2, failed.size(), failed.toString());
        assertTrue(failed.get(0).contains(" ERROR ") && failed.get(0).contains("failures=1")
                && failed.get(0).contains("IllegalStateException: sink bug on bad 1")
                && failed.get(0).contains("topic=" + DEFAULT_TOPIC), failed.get(0));
        assertTrue(failed.get(1).contains("failures=10"), failed.get(1));
    }

    @Test
    void shutdownClosesTheSubscriptionWithoutReconnecting() {
        startAndConnect();
        FakeCoreIpc.TopicSub sub = connector.current().openLocalSubscriptions(DEFAULT_TOPIC).get(0);
        runtime.shutdown();

        assertTrue(sub.closed);
        scheduler.advance(Duration.ofMinutes(5));
        assertEquals(1, connector.connections.size());
        assertTrue(logs.lines("ipc_connection_lost").isEmpty());
    }
}
