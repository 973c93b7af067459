package io.watchpost.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.localcore.IoTCorePublish;
import io.watchpost.localcore.IpcFault;
import io.watchpost.localcore.FaultyIpcServer;
import io.watchpost.localcore.LocalIpcServer;
import io.watchpost.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
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

/** The real SDK client over a real Unix socket against the in-process local core. */
class GreengrassCoreIpcTest {
    private static final String TOKEN = "tok-4f1c2a9e-secret-value";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    private FaultyIpcServer server;
    private final List<CoreIpc> clients = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("SampleIntervalSeconds", 300);
        config.put("ProcDestinationPath", "/proc");
        server = FaultyIpcServer.start(tmp, TOKEN, config);
    }

    @AfterEach
    void closeAll() {
        clients.forEach(CoreIpc::close);
        server.close();
    }

    private CoreIpc connect() {
        CoreIpc ipc = GreengrassIpcConnector.of(server.socketPath(), TOKEN, WAIT).connect();
        clients.add(ipc);
        return ipc;
    }

    private CoreIpc connect(LogCapture logs) {
        CoreIpc ipc = GreengrassIpcConnector.of(server.socketPath(), TOKEN, WAIT, logs.log).connect();
        clients.add(ipc);
        return ipc;
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static IpcException failure(CompletableFuture<?> future) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        return assertInstanceOf(IpcException.class, e.getCause());
    }

    @Test
    void connectsWithTheRightToken() {
        CoreIpc ipc = connect();
        assertTrue(ipc.isOpen());
        assertEquals(1, server.openConnections());
    }

    @Test
    void connectsFromTheEnvironmentTheNucleusSets() throws Exception {
        Map<String, String> env = Map.of(GreengrassIpcConnector.SOCKET_PATH_VARIABLE, server.socketPath().toString(),
                GreengrassIpcConnector.TOKEN_VARIABLE, TOKEN);
        CoreIpc ipc = GreengrassIpcConnector.fromEnvironment(env, WAIT).connect();
        clients.add(ipc);
        await(ipc.publishToIoTCore("t/1", new byte[] {1}));
        assertEquals(1, server.publishedToIoTCore().count());
    }

    @Test
    void wrongTokenIsAccessDeniedAndTheTokenAppearsNowhere() {
        String wrong = "WRONG-token-0d9e8f7a6b5c";
        IpcException e = assertThrows(IpcException.class,
                () -> GreengrassIpcConnector.of(server.socketPath(), wrong, WAIT).connect());
        assertEquals(IpcException.Kind.ACCESS_DENIED, e.kind());
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t + " " + t.getMessage();
            assertFalse(text.contains(wrong), "token leaked in " + t);
            assertFalse(text.contains(TOKEN), "server token leaked in " + t);
        }
    }

    @Test
    void aRefusedTokenFromTheEnvironmentNamesSvcuidButNotTheValue() {
        String wrong = "WRONG-token-77aa66bb55cc";
        Map<String, String> env = Map.of(GreengrassIpcConnector.SOCKET_PATH_VARIABLE, server.socketPath().toString(),
                GreengrassIpcConnector.TOKEN_VARIABLE, wrong);
        IpcException e = assertThrows(IpcException.class,
                () -> GreengrassIpcConnector.fromEnvironment(env, WAIT).connect());
        assertEquals(IpcException.Kind.ACCESS_DENIED, e.kind());
        assertTrue(e.getMessage().contains("the nucleus refused the auth token from environment variable SVCUID"),
                e.getMessage());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
    }

    @Test
    void missingOrEmptyVariablesAreNamed() {
        Map<String, String> noSocket = Map.of(GreengrassIpcConnector.TOKEN_VARIABLE, TOKEN);
        IpcException e1 = assertThrows(IpcException.class,
                () -> GreengrassIpcConnector.fromEnvironment(noSocket, WAIT).connect());
        assertEquals(IpcException.Kind.NOT_CONFIGURED, e1.kind());
        assertTrue(e1.getMessage().contains(GreengrassIpcConnector.SOCKET_PATH_VARIABLE), e1.getMessage());

        Map<String, String> emptyToken = new HashMap<>();
        emptyToken.put(GreengrassIpcConnector.SOCKET_PATH_VARIABLE, server.socketPath().toString());
        emptyToken.put(GreengrassIpcConnector.TOKEN_VARIABLE, "");
        IpcException e2 = assertThrows(IpcException.class,
                () -> GreengrassIpcConnector.fromEnvironment(emptyToken, WAIT).connect());
        assertEquals(IpcException.Kind.NOT_CONFIGURED, e2.kind());
        assertTrue(e2.getMessage().contains("SVCUID"), e2.getMessage());
        assertTrue(e2.getMessage().contains("empty"), e2.getMessage());
    }

    @Test
    void noSocketFileIsConnectionClosed() {
        IpcException e = assertThrows(IpcException.class,
                () -> GreengrassIpcConnector.of(tmp.resolve("nothing.socket"), TOKEN, WAIT).connect());
        assertEquals(IpcException.Kind.CONNECTION_CLOSED, e.kind());
    }

    @Test
    void publishIsQos1WithTheExactBytes() throws Exception {
        CoreIpc ipc = connect();
        byte[] payload = {0, 1, 2, (byte) 0xff, '{', '}'};
        await(ipc.publishToIoTCore("$aws/things/t1/defender/metrics/cbor", payload));
        List<IoTCorePublish> seen = server.publishedToIoTCore().awaitCount(1, WAIT);
        assertEquals("$aws/things/t1/defender/metrics/cbor", seen.get(0).topic());
        assertArrayEquals(payload, seen.get(0).payload());
        assertEquals("1", seen.get(0).qos());
    }

    @Test
    void subscriptionReceivesPushedMessagesThatMatchItsFilter() throws Exception {
        CoreIpc ipc = connect();
        LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        await(ipc.subscribeToIoTCore("$aws/things/+/defender/metrics/json/#", received::add, () -> { }));
        server.deliverToIoTCoreSubscribers("$aws/things/other/shadow/get", new byte[] {9});
        server.deliverToIoTCoreSubscribers("$aws/things/t1/defender/metrics/json/accepted",
                "{\"status\":\"ACCEPTED\"}".getBytes(StandardCharsets.UTF_8));
        byte[] got = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("{\"status\":\"ACCEPTED\"}", new String(got, StandardCharsets.UTF_8));
        assertTrue(received.isEmpty(), "a non-matching topic must not be delivered");
    }

    @Test
    void anOversizedAnswerIsDroppedBeforeDecodingWithOneWarnAndTheStreamGoesOn() throws Exception {
        LogCapture logs = new LogCapture(Clock.systemUTC());
        CoreIpc ipc = connect(logs);
        LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        CountDownLatch closed = new CountDownLatch(1);
        String topic = "$aws/things/t1/defender/metrics/json/accepted";
        await(ipc.subscribeToIoTCore(topic, received::add, closed::countDown));
        byte[] largest = new byte[MessageSizeLimits.IOT_CORE_MESSAGE_BYTES];
        server.deliverToIoTCoreSubscribers(topic, new byte[MIB]);
        server.deliverToIoTCoreSubscribers(topic, largest);
        server.deliverToIoTCoreSubscribers(topic, "{\"status\":\"ACCEPTED\"}".getBytes(StandardCharsets.UTF_8));

        assertEquals(largest.length, received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).length,
                "a message of the largest allowed size is delivered");
        byte[] next = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("{\"status\":\"ACCEPTED\"}", new String(next, StandardCharsets.UTF_8));
        assertTrue(received.isEmpty());
        assertEquals(1, closed.getCount(), "the stream stays open");
        List<String> warned = logs.lines("ipc_message_dropped");
        assertEquals(1, warned.size(), logs.all());
        assertTrue(warned.get(0).contains(" WARN ") && warned.get(0).contains("topic=" + topic), warned.get(0));
        assertTrue(framedBytes(warned.get(0)) > MIB, warned.get(0));
    }

    @Test
    void anOversizedLocalMessageIsDroppedBeforeDecodingBinaryOrJson() throws Exception {
        LogCapture logs = new LogCapture(Clock.systemUTC());
        CoreIpc ipc = connect(logs);
        LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        await(ipc.subscribeToTopic("watchpost/custom-metrics", received::add, () -> { }));
        ExecutorService callbacks = Executors.newSingleThreadExecutor();
        try (GreengrassCoreIPCClientV2 other = GreengrassCoreIPCClientV2.builder()
                .withSocketPath(server.socketPath().toString()).withAuthToken(TOKEN).withExecutor(callbacks).build()) {
            byte[] largest = new byte[MessageSizeLimits.LOCAL_MESSAGE_BYTES];
            for (byte[] message : List.of(new byte[MIB], largest)) {
                other.publishToTopicAsync(new PublishToTopicRequest().withTopic("watchpost/custom-metrics")
                        .withPublishMessage(new PublishMessage().withBinaryMessage(
                                new BinaryMessage().withMessage(message)))).get(10, TimeUnit.SECONDS);
            }
            other.publishToTopicAsync(new PublishToTopicRequest().withTopic("watchpost/custom-metrics")
                    .withPublishMessage(new PublishMessage().withJsonMessage(new JsonMessage().withMessage(
                            Map.of("name", "big", "pad", "x".repeat(MIB)))))).get(10, TimeUnit.SECONDS);
            other.publishToTopicAsync(new PublishToTopicRequest().withTopic("watchpost/custom-metrics")
                    .withPublishMessage(new PublishMessage().withBinaryMessage(
                            new BinaryMessage().withMessage(new byte[] {'{', '}'})))).get(10, TimeUnit.SECONDS);
            assertEquals(largest.length, received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).length);
            assertEquals("{}", new String(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS),
                    StandardCharsets.UTF_8));
        } finally {
            callbacks.shutdownNow();
        }
        List<String> warned = logs.lines("ipc_message_dropped");
        assertEquals(2, warned.size(), logs.all());
        assertTrue(warned.stream().allMatch(l -> framedBytes(l) > MIB), warned.toString());
    }

    /** The {@code bytes=} of a drop line. */
    private static long framedBytes(String line) {
        return Long.parseLong(Arrays.stream(line.split(" ")).filter(f -> f.startsWith("bytes=")).findFirst()
                .orElseThrow(() -> new AssertionError(line)).substring("bytes=".length()));
    }

    @Test
    void configurationNumbersArriveAsDouble() throws Exception {
        Map<String, Object> config = await(connect().getConfiguration());
        assertEquals(300.0, config.get("SampleIntervalSeconds"));
        assertEquals("/proc", config.get("ProcDestinationPath"));
    }

    @Test
    void configurationUpdateIsPushedToTheCallback() throws Exception {
        CoreIpc ipc = connect();
        CountDownLatch updated = new CountDownLatch(1);
        await(ipc.subscribeToConfigurationUpdate(updated::countDown, () -> { }));
        server.setConfiguration(Map.of("SampleIntervalSeconds", 600, "ProcDestinationPath", "/proc"));
        assertTrue(updated.await(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertEquals(600.0, await(ipc.getConfiguration()).get("SampleIntervalSeconds"));
    }

    @Test
    void deniedSubscriptionIsUnauthorized() {
        server.denySubscriptions("$aws/things/+/defender/metrics/#");
        IpcException e = failure(connect().subscribeToIoTCore("$aws/things/t1/defender/metrics/json/rejected",
                b -> { }, () -> { }));
        assertEquals(IpcException.Kind.UNAUTHORIZED, e.kind());
    }

    @Test
    void serviceErrorOnPublishIsServiceError() throws Exception {
        CoreIpc ipc = connect();
        server.failNextPublishes(1, IpcFault.SERVICE_ERROR);
        IpcException e = failure(ipc.publishToIoTCore("t/1", new byte[] {1}));
        assertEquals(IpcException.Kind.SERVICE_ERROR, e.kind());
        await(ipc.publishToIoTCore("t/1", new byte[] {2}));
        assertEquals(1, server.publishedToIoTCore().count(), "only the second publish went through");
    }

    @Test
    void unansweredPublishTimesOut() {
        CoreIpc ipc = GreengrassIpcConnector.of(server.socketPath(), TOKEN, Duration.ofMillis(300)).connect();
        clients.add(ipc);
        server.stallPublishes(true);
        IpcException e = failure(ipc.publishToIoTCore("t/1", new byte[] {1}));
        assertEquals(IpcException.Kind.TIMEOUT, e.kind());
    }

    @Test
    void droppedConnectionClosesSubscriptionsAndFailsCallsUntilReconnect() throws Exception {
        CoreIpc ipc = connect();
        CountDownLatch closed = new CountDownLatch(1);
        await(ipc.subscribeToIoTCore("a/b", b -> { }, closed::countDown));
        server.dropConnections();
        assertTrue(closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "onClosed must fire");
        IpcException e = failure(ipc.publishToIoTCore("t/1", new byte[] {1}));
        assertEquals(IpcException.Kind.CONNECTION_CLOSED, e.kind());
        assertFalse(ipc.isOpen());

        CoreIpc again = connect();
        await(again.publishToIoTCore("t/1", new byte[] {1}));
        assertEquals(1, server.publishedToIoTCore().count());
    }

    @Test
    void serverRestartOnTheSamePathAcceptsNewConnections() throws Exception {
        CoreIpc ipc = connect();
        Path before = server.socketPath();
        server.restart();
        assertEquals(before, server.socketPath());
        IpcException e = failure(ipc.publishToIoTCore("t/1", new byte[] {1}));
        assertEquals(IpcException.Kind.CONNECTION_CLOSED, e.kind());
        await(connect().publishToIoTCore("t/1", new byte[] {1}));
        assertEquals(1, server.publishedToIoTCore().count());
    }

    @Test
    void closingClientAndServerLeavesNoThreadsBehind() throws Exception {
        CoreIpc ipc = connect();
        await(ipc.subscribeToIoTCore("a/b", b -> { }, () -> { }));
        await(ipc.publishToIoTCore("a/b", new byte[] {1}));
        ipc.close();
        server.close();
        assertFalse(ipc.isOpen());
        List<Thread> ours = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("local-ipc-server") || t.getName().equals("watchpost-ipc-callbacks"))
                .toList();
        for (Thread t : ours) {
            t.join(WAIT.toMillis()); // a terminated pool's worker may still be unwinding
        }
        assertEquals(List.of(), ours.stream().filter(Thread::isAlive).map(Thread::getName).toList());
    }

    @Test
    void stoppedServerRefusesConnections() {
        server.stop();
        IpcException e = assertThrows(IpcException.class, this::connect);
        assertEquals(IpcException.Kind.CONNECTION_CLOSED, e.kind());
    }
}
