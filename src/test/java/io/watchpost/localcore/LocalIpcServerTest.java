package io.watchpost.localcore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchpost.ipc.CoreIpc;
import io.watchpost.ipc.GreengrassIpcConnector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.aws.greengrass.GreengrassCoreIPCClientV2;
import software.amazon.awssdk.aws.greengrass.model.BinaryMessage;
import software.amazon.awssdk.aws.greengrass.model.ConfigurationUpdateEvents;
import software.amazon.awssdk.aws.greengrass.model.GetConfigurationRequest;
import software.amazon.awssdk.aws.greengrass.model.InvalidArgumentsError;
import software.amazon.awssdk.aws.greengrass.model.JsonMessage;
import software.amazon.awssdk.aws.greengrass.model.ListComponentsRequest;
import software.amazon.awssdk.aws.greengrass.model.PublishMessage;
import software.amazon.awssdk.aws.greengrass.model.PublishToIoTCoreRequest;
import software.amazon.awssdk.aws.greengrass.model.PublishToTopicRequest;
import software.amazon.awssdk.aws.greengrass.model.ReportedLifecycleState;
import software.amazon.awssdk.aws.greengrass.model.ResourceNotFoundError;
import software.amazon.awssdk.aws.greengrass.model.ServiceError;
import software.amazon.awssdk.aws.greengrass.model.SubscribeToConfigurationUpdateRequest;
import software.amazon.awssdk.aws.greengrass.model.UpdateStateRequest;

/** The local core's own behaviour, driven by the unmodified SDK client where our CoreIpc has no such call. */
class LocalIpcServerTest {
    private static final String TOKEN = "server-test-token";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    private LocalIpcServer server;
    private GreengrassCoreIPCClientV2 sdk;
    private ExecutorService sdkCallbacks;
    private final List<CoreIpc> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("SampleIntervalSeconds", 300);
        config.put("Limits", Map.of("MaxReportBytes", 131072));
        server = LocalIpcServer.start(tmp, TOKEN, config);
        sdkCallbacks = Executors.newSingleThreadExecutor();
        sdk = GreengrassCoreIPCClientV2.builder().withSocketPath(server.socketPath().toString()).withAuthToken(TOKEN)
                .withExecutor(sdkCallbacks).build();
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(CoreIpc::close);
        sdk.close();
        sdkCallbacks.shutdownNow();
        server.close();
    }

    private CoreIpc connect() {
        CoreIpc ipc = GreengrassIpcConnector.of(server.socketPath(), TOKEN, WAIT).connect();
        clients.add(ipc);
        return ipc;
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        return assertThrows(ExecutionException.class, () -> await(f)).getCause();
    }

    @Test
    void socketLivesInAPrivateDirectoryThatCloseRemoves() throws Exception {
        Path dir = server.socketPath().getParent();
        assertEquals(tmp, dir.getParent());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertTrue(Files.exists(server.socketPath()));
        server.close();
        assertFalse(Files.exists(dir));
    }

    @Test
    void refusesASocketPathTooLongForUnixSockets() throws Exception {
        Path deep = Files.createDirectories(tmp.resolve("d".repeat(60)).resolve("e".repeat(60)));
        IOException e = assertThrows(IOException.class, () -> LocalIpcServer.start(deep, TOKEN, Map.of()));
        assertTrue(e.getMessage().contains("at most 107 bytes"), e.getMessage());
    }

    @Test
    void localPubSubDeliversJsonAndBinaryMessagesAsBytes() throws Exception {
        LinkedBlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        await(connect().subscribeToTopic("watchpost/demo", received::add, () -> { }));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", "ok");
        json.put("count", 2);
        await(sdk.publishToTopicAsync(new PublishToTopicRequest().withTopic("watchpost/demo")
                .withPublishMessage(new PublishMessage().withJsonMessage(new JsonMessage().withMessage(json)))));
        byte[] asJson = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        JsonNode node = new ObjectMapper().readTree(asJson);
        assertEquals("ok", node.get("status").asText());
        assertEquals(2.0, node.get("count").asDouble());

        byte[] binary = {0, (byte) 0x80, (byte) 0xff, 42};
        await(sdk.publishToTopicAsync(new PublishToTopicRequest().withTopic("watchpost/demo")
                .withPublishMessage(new PublishMessage().withBinaryMessage(new BinaryMessage().withMessage(binary)))));
        assertArrayEquals(binary, received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));

        await(sdk.publishToTopicAsync(new PublishToTopicRequest().withTopic("watchpost/other")
                .withPublishMessage(new PublishMessage().withBinaryMessage(new BinaryMessage().withMessage(binary)))));
        assertTrue(received.poll(200, TimeUnit.MILLISECONDS) == null, "other topics are not delivered");
    }

    @Test
    void publishToTopicHandlersSeeEveryTopicWithTheMessageAsBytes() throws Exception {
        LinkedBlockingQueue<String> seen = new LinkedBlockingQueue<>();
        server.onPublishToTopic((topic, payload) -> seen.add(topic + " "
                + new String(payload, StandardCharsets.ISO_8859_1)));
        await(sdk.publishToTopicAsync(new PublishToTopicRequest().withTopic("watchpost/things/t/detect/events")
                .withPublishMessage(new PublishMessage().withJsonMessage(new JsonMessage().withMessage(
                        Map.of("violationEventType", "in-alarm"))))));
        assertEquals("watchpost/things/t/detect/events {\"violationEventType\":\"in-alarm\"}",
                seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        await(sdk.publishToTopicAsync(new PublishToTopicRequest().withTopic("other")
                .withPublishMessage(new PublishMessage().withBinaryMessage(new BinaryMessage().withMessage(
                        new byte[] {'a', (byte) 0xff})))));
        assertEquals("other a\u00ff", seen.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Test
    void getConfigurationOfALeafAndOfAMissingKey() throws Exception {
        Map<String, Object> leaf = await(sdk.getConfigurationAsync(
                new GetConfigurationRequest().withKeyPath(List.of("Limits", "MaxReportBytes")))).getValue();
        assertEquals(Map.of("MaxReportBytes", 131072.0), leaf);
        Map<String, Object> subtree = await(sdk.getConfigurationAsync(
                new GetConfigurationRequest().withKeyPath(List.of("Limits")))).getValue();
        assertEquals(Map.of("MaxReportBytes", 131072.0), subtree);
        assertInstanceOf(ResourceNotFoundError.class, failure(sdk.getConfigurationAsync(
                new GetConfigurationRequest().withKeyPath(List.of("Nope")))));
    }

    @Test
    void configurationUpdateEventsNameEachChangedKey() throws Exception {
        LinkedBlockingQueue<List<String>> paths = new LinkedBlockingQueue<>();
        var stream = sdk.subscribeToConfigurationUpdateAsync(
                new SubscribeToConfigurationUpdateRequest().withKeyPath(List.of()),
                (ConfigurationUpdateEvents e) -> paths.add(e.getConfigurationUpdateEvent().getKeyPath()),
                Optional.empty(), Optional.empty());
        await(stream.getResponse());
        server.setConfiguration(Map.of("SampleIntervalSeconds", 300, "Limits", Map.of("MaxReportBytes", 4096),
                "ReportFormat", "cbor"));
        List<List<String>> got = new ArrayList<>();
        got.add(paths.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        got.add(paths.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(got.contains(List.of("Limits", "MaxReportBytes")), got.toString());
        assertTrue(got.contains(List.of("ReportFormat")), got.toString());
        assertTrue(paths.poll(200, TimeUnit.MILLISECONDS) == null, "the unchanged key is not reported");
    }

    @Test
    void updateStateIsRecorded() throws Exception {
        await(sdk.updateStateAsync(new UpdateStateRequest().withState(ReportedLifecycleState.RUNNING)));
        assertEquals(List.of("RUNNING"), server.reportedStates());
    }

    @Test
    void unknownOperationIsServiceError() {
        assertInstanceOf(ServiceError.class, failure(sdk.listComponentsAsync(new ListComponentsRequest())));
    }

    @Test
    void publishWithoutQosIsInvalidArguments() {
        assertInstanceOf(InvalidArgumentsError.class, failure(sdk.publishToIoTCoreAsync(
                new PublishToIoTCoreRequest().withTopicName("t").withPayload(new byte[] {1}))));
        assertEquals(0, server.publishedToIoTCore().count());
    }

    @Test
    void awaitingMorePublishesThanArriveTimesOut() {
        assertThrows(java.util.concurrent.TimeoutException.class,
                () -> server.publishedToIoTCore().awaitCount(1, Duration.ofMillis(50)));
    }
}
