package io.watchpost.localcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.watchpost.ipc.CoreIpc;
import io.watchpost.ipc.GreengrassIpcConnector;
import io.watchpost.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stand-in judged through the whole path: real SDK client → Unix socket → local core → answer topics. */
class DeviceDefenderStandInTest {
    private static final String TOKEN = "dd-test-token";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String JSON_TOPIC = "$aws/things/gw-1/defender/metrics/json";
    private static final String CBOR_TOPIC = "$aws/things/gw-1/defender/metrics/cbor";
    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(T0);
    private FaultyIpcServer server;
    private DeviceDefenderStandIn standIn;
    private CoreIpc ipc;
    private final LinkedBlockingQueue<byte[]> accepted = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<byte[]> rejected = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<DeviceDefenderStandIn.Verdict> verdicts = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        server = FaultyIpcServer.start(tmp, TOKEN, Map.of());
        standIn = DeviceDefenderStandIn.attach(server, clock, DeviceDefenderStandIn.DEFAULT_MIN_SPACING);
        standIn.onVerdict(verdicts::add);
        ipc = GreengrassIpcConnector.of(server.socketPath(), TOKEN, WAIT).connect();
    }

    @AfterEach
    void stop() {
        ipc.close();
        server.close();
    }

    private void listen(String topic) throws Exception {
        ipc.subscribeToIoTCore(topic + "/accepted", accepted::add, () -> { }).get(10, TimeUnit.SECONDS);
        ipc.subscribeToIoTCore(topic + "/rejected", rejected::add, () -> { }).get(10, TimeUnit.SECONDS);
    }

    private void publish(String topic, byte[] payload) throws Exception {
        ipc.publishToIoTCore(topic, payload).get(10, TimeUnit.SECONDS);
    }

    private static byte[] longReport(long reportId) {
        return ("{\"header\":{\"report_id\":" + reportId + ",\"version\":\"1.0\"},\"metrics\":{"
                + "\"listening_tcp_ports\":{\"ports\":[{\"interface\":\"eth0\",\"port\":22}],\"total\":1},"
                + "\"network_stats\":{\"bytes_in\":100,\"bytes_out\":200,\"packets_in\":3,\"packets_out\":4},"
                + "\"tcp_connections\":{\"established_connections\":{\"connections\":["
                + "{\"local_port\":22,\"remote_addr\":\"192.168.1.20:51000\"}],\"total\":1}}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode next(LinkedBlockingQueue<byte[]> queue, ObjectMapper mapper) throws Exception {
        byte[] bytes = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(bytes != null, "no answer from the stand-in");
        return mapper.readTree(bytes);
    }

    @Test
    void acceptsValidLongJsonReportAndAnswersInJson() throws Exception {
        listen(JSON_TOPIC);
        publish(JSON_TOPIC, longReport(1001));
        JsonNode answer = next(accepted, new ObjectMapper());
        assertEquals("gw-1", answer.get("thingName").asText());
        assertEquals(1001, answer.get("reportId").asLong());
        assertEquals("ACCEPTED", answer.get("status").asText());
        assertEquals(T0.toEpochMilli(), answer.get("timestamp").asLong());
        assertTrue(rejected.isEmpty());
    }

    @Test
    void acceptsHandWrittenShortCborReportAndAnswersInCbor() throws Exception {
        // {"hed":{"rid":1000,"v":"1.0"},"met":{"tp":{"pts":[{"pt":22}],"t":1}}} written out byte by byte.
        byte[] report = HexFormat.of().parseHex("a2" + "63686564" + "a2" + "63726964" + "1903e8" + "6176" + "63312e30"
                + "636d6574" + "a1" + "627470" + "a2" + "63707473" + "81" + "a1" + "627074" + "16" + "6174" + "01");
        listen(CBOR_TOPIC);
        publish(CBOR_TOPIC, report);
        byte[] raw = accepted.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(raw != null, "no answer");
        assertEquals(0xa0, raw[0] & 0xe0, "the answer on a cbor topic is a CBOR map, not JSON");
        JsonNode answer = new CBORMapper().readTree(raw);
        assertEquals("ACCEPTED", answer.get("status").asText());
        assertEquals(1000, answer.get("reportId").asLong());
    }

    @Test
    void acceptsShortJsonAndLongCborToo() throws Exception {
        listen(JSON_TOPIC);
        publish(JSON_TOPIC, "{\"hed\":{\"rid\":5,\"v\":\"1.0\"},\"met\":{\"ns\":{\"bi\":1}}}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals("ACCEPTED", next(accepted, new ObjectMapper()).get("status").asText());

        listen(CBOR_TOPIC);
        clock.advance(Duration.ofSeconds(300));
        publish(CBOR_TOPIC, new CBORMapper().writeValueAsBytes(new ObjectMapper().readTree(longReport(6))));
        assertEquals("ACCEPTED", next(accepted, new CBORMapper()).get("status").asText());
    }

    @Test
    void rejectsMalformedReportWithInvalidPayload() throws Exception {
        listen(JSON_TOPIC);
        publish(JSON_TOPIC, "{\"header\":{\"report_id\":7,\"version\":\"1.0\"},\"custom_metrics\":{\"cpu\":{\"number\":1}}}"
                .getBytes(StandardCharsets.UTF_8));
        JsonNode answer = next(rejected, new ObjectMapper());
        assertEquals("REJECTED", answer.get("status").asText());
        assertEquals("InvalidPayload", answer.get("statusDetails").get("ErrorCode").asText());
        assertTrue(answer.get("statusDetails").get("ErrorMessage").asText().contains("custom_metrics.cpu"));
        assertEquals(7, answer.get("reportId").asLong());
    }

    @Test
    void rejectsNonJsonAndOversizedPayloads() throws Exception {
        listen(JSON_TOPIC);
        publish(JSON_TOPIC, "not json".getBytes(StandardCharsets.UTF_8));
        JsonNode answer = next(rejected, new ObjectMapper());
        assertEquals("InvalidPayload", answer.get("statusDetails").get("ErrorCode").asText());
        assertFalse(answer.has("reportId"));

        byte[] big = new byte[DeviceDefenderStandIn.MAX_PAYLOAD_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        publish(JSON_TOPIC, big);
        assertTrue(next(rejected, new ObjectMapper()).get("statusDetails").get("ErrorMessage").asText()
                .contains("131072"));
    }

    @Test
    void rejectsTooEarlyReportAsThrottledAndAcceptsOnceSpacingPassed() throws Exception {
        listen(JSON_TOPIC);
        publish(JSON_TOPIC, longReport(1));
        assertEquals("ACCEPTED", next(accepted, new ObjectMapper()).get("status").asText());

        clock.advance(Duration.ofSeconds(299));
        publish(JSON_TOPIC, longReport(2));
        JsonNode throttled = next(rejected, new ObjectMapper());
        assertEquals("Throttled", throttled.get("statusDetails").get("ErrorCode").asText());

        clock.advance(Duration.ofSeconds(1));
        publish(JSON_TOPIC, longReport(3));
        assertEquals(3, next(accepted, new ObjectMapper()).get("reportId").asLong());
    }

    @Test
    void rejectsReportIdThatDoesNotIncrease() throws Exception {
        listen(JSON_TOPIC);
        publish(JSON_TOPIC, longReport(50));
        next(accepted, new ObjectMapper());
        clock.advance(Duration.ofSeconds(600));
        publish(JSON_TOPIC, longReport(50));
        JsonNode answer = next(rejected, new ObjectMapper());
        assertEquals("InvalidPayload", answer.get("statusDetails").get("ErrorCode").asText());
        assertTrue(answer.get("statusDetails").get("ErrorMessage").asText().contains("report_id"));
    }

    @Test
    void forcedAnswersOverrideTheVerdict() throws Exception {
        listen(JSON_TOPIC);
        standIn.forceNextAnswer(DeviceDefenderStandIn.ForcedAnswer.noAnswer());
        standIn.forceNextAnswer(DeviceDefenderStandIn.ForcedAnswer.throttled());
        publish(JSON_TOPIC, longReport(10));
        DeviceDefenderStandIn.Verdict silent = verdicts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertFalse(silent.answered());
        publish(JSON_TOPIC, longReport(11));
        JsonNode answer = next(rejected, new ObjectMapper());
        assertEquals("Throttled", answer.get("statusDetails").get("ErrorCode").asText());
        assertEquals(11, answer.get("reportId").asLong());
        assertTrue(accepted.isEmpty(), "the unanswered report got no accepted message");
        assertEquals(2, standIn.verdicts().size());
    }

    @Test
    void ignoredPublishesGetNoVerdict() throws Exception {
        listen(JSON_TOPIC);
        server.ignorePublishes(true);
        publish(JSON_TOPIC, longReport(1));
        server.ignorePublishes(false);
        publish(JSON_TOPIC, longReport(2));
        assertEquals(2, next(accepted, new ObjectMapper()).get("reportId").asLong());
        assertEquals(1, standIn.verdicts().size());
        // The answer can overtake the server's own record of the publish: wait for the record, bounded.
        server.publishedToIoTCore().awaitCount(2, WAIT);
        assertEquals(2, server.publishedToIoTCore().count());
    }

    @Test
    void verdictsCarryTheDetailsLocalModePrints() throws Exception {
        publish(JSON_TOPIC, longReport(99));
        DeviceDefenderStandIn.Verdict v = verdicts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals("gw-1", v.thingName());
        assertEquals(99L, v.reportId().orElseThrow());
        assertTrue(v.accepted());
        assertNull(v.errorCode());
        assertEquals(T0, v.at());
    }

    @Test
    void otherTopicsAreNotJudged() throws Exception {
        publish("$aws/things/gw-1/shadow/update", "{}".getBytes(StandardCharsets.UTF_8));
        publish(JSON_TOPIC, longReport(1));
        assertEquals(JSON_TOPIC.split("/")[2], verdicts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS).thingName());
        assertEquals(1, standIn.verdicts().size());
    }
}
