package io.watchpost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.cli.ComponentOptions;
import io.watchpost.ipc.GreengrassIpcConnector;
import io.watchpost.localcore.DeviceDefenderStandIn;
import io.watchpost.localcore.IoTCorePublish;
import io.watchpost.localcore.LocalIpcServer;
import io.watchpost.localcore.RecipeRun;
import io.watchpost.runtime.ThingName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * Messages far beyond the 64 KiB a custom metric may have, up to the largest frame the IPC protocol carries (16 MiB),
 * sent to the built jar running with the recipe's JVM flags ({@code -Xmx64m}, exit on OutOfMemoryError) by another
 * component through the real IPC client, and a 12 MB message on an answer topic ({@code …/accepted}). Each is dropped
 * with one WARN naming its size, and the component keeps reporting. The child's peak RSS (VmHWM) after each message is printed, not asserted.
 */
class OversizedMessagesIT {
    private static final String TOKEN = "svcuid-5e1b9d3a7c2f4086-secret";
    private static final String THING = "oversized-it-thing";
    private static final String TOPIC = "watchpost/custom-metrics";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MIB = 1024 * 1024;
    /**
     * Reports every 2 s: the component runs as local mode's child ({@code --local-child}), whose floor is 1 s; the
     * interval comes, as for local mode's child, from the configuration the server serves.
     */
    private static final int INTERVAL_SECONDS = 2;
    /** aws-c-event-stream refuses frames above 16 MiB; headers and the JSON envelope need the rest. */
    private static final int LARGEST_CARRIED_JSON = 16 * MIB - 4096;

    @TempDir
    Path tmp;

    private LocalIpcServer server;

    @BeforeEach
    void startNucleusStandIn() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("SampleIntervalSeconds", INTERVAL_SECONDS);
        server = LocalIpcServer.start(tmp, TOKEN, config);
        DeviceDefenderStandIn.attach(server, Clock.systemUTC(), Duration.ZERO);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void messagesOfOneToSixteenMebibytesAndAHugeAnswerAreDroppedWithOneWarnEachAndReportingGoesOn() throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        Map<String, String> env = new HashMap<>(RecipeRun.ENVIRONMENT);
        env.put(GreengrassIpcConnector.TOKEN_VARIABLE, TOKEN);
        env.put(GreengrassIpcConnector.SOCKET_PATH_VARIABLE, server.socketPath().toString());
        env.put(ThingName.VARIABLE, THING);
        try (JarProcess p = JarProcess.startWithOpenStdin(work, env, RecipeRun.JVM_FLAGS,
                ComponentOptions.LOCAL_CHILD);
             Sender sender = new Sender(server.socketPath())) {
            assertTrue(p.awaitLines(l -> l.contains(" report_accepted "), 1, WAIT), p.stdout() + p.stderr());
            System.out.printf("oversized_messages baseline vmhwm_kb=%d vmrss_kb=%d%n", status(p, "VmHWM"),
                    status(p, "VmRSS"));

            int warned = 0;
            for (int size : new int[] {MIB, 8 * MIB, 10 * MIB}) {
                sender.binary(size);
                warned = awaitDropWarn(p, warned, size, "binary", TOPIC);
            }
            sender.json(LARGEST_CARRIED_JSON);
            warned = awaitDropWarn(p, warned, LARGEST_CARRIED_JSON, "json", TOPIC);

            // An answer topic: an MQTT payload travels base64-encoded, so 12 MB is about the largest frame there.
            String accepted = "$aws/things/" + THING + "/defender/metrics/json/accepted";
            server.deliverToIoTCoreSubscribers(accepted, new byte[12_000_000]);
            warned = awaitDropWarn(p, warned, 12_000_000, "answer", accepted);

            sender.binary("{\"name\":\"after_the_flood\",\"number\":7}".getBytes(StandardCharsets.UTF_8));
            assertTrue(p.awaitLines(l -> l.contains(" custom_metric_new ") && l.contains("after_the_flood"), 1, WAIT),
                    p.stdout() + p.stderr());
            int before = server.publishedToIoTCore().count();
            List<IoTCorePublish> reports = server.publishedToIoTCore().awaitCount(before + 2, WAIT);
            String last = new String(reports.get(reports.size() - 1).payload(), StandardCharsets.UTF_8);
            assertTrue(last.contains("after_the_flood"), "the component still reports, with the later metric: " + last);
            assertTrue(p.awaitLines(l -> l.contains(" report_accepted "), 3, WAIT), p.stdout());
            assertEquals(5, warned);
            assertEquals(0, p.stderrLines().stream().filter(l -> l.contains(" custom_metric_refused ")).count(),
                    "one WARN per message, from the size check alone:\n" + p.stderr());
            assertTrue(p.stderrLines().stream().noneMatch(l -> l.contains("OutOfMemory")), p.stderr());
        }
    }

    /** Waits for the next drop WARN, checks it names a size of at least the message's, prints the peak RSS. */
    private static int awaitDropWarn(JarProcess p, int warnedBefore, int size, String kind, String topic)
            throws Exception {
        boolean warned = p.awaitStderrLines(l -> l.contains(" ipc_message_dropped "), warnedBefore + 1, WAIT);
        assertTrue(warned, "no drop WARN for a " + size + "-byte " + kind + " message (process alive: "
                + isAlive(p) + "):\n" + p.stdout() + "\n" + p.stderr());
        String line = p.stderrLines().stream().filter(l -> l.contains(" ipc_message_dropped ")).toList()
                .get(warnedBefore);
        long bytes = Arrays.stream(line.split(" ")).filter(f -> f.startsWith("bytes=")).findFirst()
                .map(f -> Long.parseLong(f.substring("bytes=".length()))).orElseThrow(() -> new AssertionError(line));
        assertTrue(bytes >= size, "the WARN names the size as received: " + line);
        assertTrue(line.contains("topic=" + topic), line);
        System.out.printf("oversized_messages kind=%s message_bytes=%d frame_bytes=%d vmhwm_kb=%d vmrss_kb=%d%n",
                kind, size, bytes, status(p, "VmHWM"), status(p, "VmRSS"));
        return warnedBefore + 1;
    }

    private static boolean isAlive(JarProcess p) {
        return ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** A field of /proc/PID/status in kB (VmHWM is the peak resident set size). */
    private static long status(JarProcess p, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no " + field + " in /proc/" + p.pid() + "/status");
    }

    /** Another component on the same nucleus, publishing to the custom metrics topic. */
    private static final class Sender implements AutoCloseable {
        private final ExecutorService callbacks = Executors.newSingleThreadExecutor();
        private final GreengrassCoreIPCClientV2 client;

        Sender(Path socket) throws IOException {
            client = GreengrassCoreIPCClientV2.builder().withSocketPath(socket.toString()).withAuthToken(TOKEN)
                    .withExecutor(callbacks).build();
        }

        void binary(int size) throws Exception {
            byte[] message = new byte[size];
            Arrays.fill(message, (byte) 'x');
            binary(message);
        }

        void binary(byte[] message) throws Exception {
            client.publishToTopicAsync(new PublishToTopicRequest().withTopic(TOPIC).withPublishMessage(
                    new PublishMessage().withBinaryMessage(new BinaryMessage().withMessage(message))))
                    .get(60, TimeUnit.SECONDS);
        }

        /** A JSON message whose serialized form is {@code size} bytes. */
        void json(int size) throws Exception {
            String padding = "x".repeat(size - "{\"name\":\"big\",\"pad\":\"\"}".length());
            client.publishToTopicAsync(new PublishToTopicRequest().withTopic(TOPIC).withPublishMessage(
                    new PublishMessage().withJsonMessage(new JsonMessage().withMessage(
                            Map.of("name", "big", "pad", padding))))).get(60, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            client.close();
            callbacks.shutdownNow();
        }
    }
}
