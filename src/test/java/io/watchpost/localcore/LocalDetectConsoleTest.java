package io.watchpost.localcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.collect.PortSet;
import io.watchpost.collect.RemoteAddresses;
import io.watchpost.detect.DetectEngine;
import io.watchpost.detect.DetectionSample;
import io.watchpost.detect.LoadedProfile;
import io.watchpost.detect.LoadedProfiles;
import io.watchpost.detect.ProfileLoader;
import io.watchpost.detect.StatisticalMode;
import io.watchpost.detect.ViolationEvent;
import io.watchpost.detect.ViolationEventJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's lines from events the detect package's engine raised and its writer wrote, as the component does. */
class LocalDetectConsoleTest {
    private static final String TOPIC = "watchpost/things/gw-01/detect/events";
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path dir;

    /** CLI input: ports 22 and 443 allowed (alarm after 1, clear after 2), destinations in 10/8 (suppressed). */
    private static final String PROFILE = """
            {"securityProfileName": "edge-baseline", "behaviors": [
              {"name": "allowed-tcp-ports", "metric": "aws:listening-tcp-ports",
               "criteria": {"comparisonOperator": "in-port-set", "value": {"ports": [22, 443]},
                            "consecutiveDatapointsToAlarm": 1, "consecutiveDatapointsToClear": 2}},
              {"name": "private-peers", "metric": "aws:destination-ip-addresses", "suppressAlerts": true,
               "criteria": {"comparisonOperator": "in-cidr-set", "value": {"cidrs": ["10.0.0.0/8"]},
                            "consecutiveDatapointsToAlarm": 1, "consecutiveDatapointsToClear": 1}}]}
            """;

    private List<String> eventsFor(List<DetectionSample> samples) throws Exception {
        LoadedProfiles loaded = new ProfileLoader(StatisticalMode.UNSUPPORTED).loadFile(
                Files.writeString(dir.resolve("p.json"), PROFILE));
        assertEquals(List.of(), loaded.problems());
        DetectEngine engine = new DetectEngine("gw-01", loaded.profiles().stream().map(LoadedProfile::profile).toList(),
                DetectEngine.Options.defaults("9.9.9"), new SplittableRandom(1));
        List<String> json = new ArrayList<>();
        for (DetectionSample s : samples) {
            for (ViolationEvent e : engine.evaluate(s).events()) {
                json.add(ViolationEventJson.write(e));
            }
        }
        return json;
    }

    private static DetectionSample sample(long seconds, int[] ports, int... destinations) {
        RemoteAddresses.Builder peers = RemoteAddresses.builder();
        for (int d : destinations) {
            peers.addIpv4(d);
        }
        return new DetectionSample(T0.plusSeconds(seconds), "boot-1", "/proc/net", PortSet.of(ports), PortSet.of(),
                ports.length, 0, destinations.length, peers.build(true), List.of(), Map.of());
    }

    private static int ipv4(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    @Test
    void aPortOutsideTheSetIsNamedInAlarmAndClearedAfterTwoCompliantDatapoints() throws Exception {
        List<String> events = eventsFor(List.of(
                sample(0, new int[] {22, 443, 8443}, ipv4(10, 0, 0, 5)),
                sample(10, new int[] {22, 443}, ipv4(10, 0, 0, 5)),
                sample(20, new int[] {22}, ipv4(10, 0, 0, 5))));
        assertEquals(2, events.size(), events.toString());

        String alarm = new LocalDetectConsole(System.out, TOPIC).render(events.get(0).getBytes(StandardCharsets.UTF_8));
        assertTrue(alarm.startsWith("--- detect IN-ALARM edge-baseline/allowed-tcp-ports "
                + "(aws:listening-tcp-ports in-port-set ports 22, 443) | offending ports 8443 "
                + "| value ports 22, 443, 8443"
                + " | 1 violating datapoint of 1 required | violationId "), alarm);
        assertTrue(alarm.endsWith(" | to IoT Core and local pub/sub"), alarm);

        String cleared = new LocalDetectConsole(System.out, TOPIC).render(
                events.get(1).getBytes(StandardCharsets.UTF_8));
        assertTrue(cleared.startsWith("--- detect CLEARED edge-baseline/allowed-tcp-ports "
                + "(aws:listening-tcp-ports in-port-set ports 22, 443) | value ports 22 | 2 compliant datapoints of 2"
                + " required | violationId "), cleared);
        // The cleared event carries the alarm's violation id.
        String id = alarm.replaceAll(".*violationId ([0-9a-f]{32}).*", "$1");
        assertTrue(cleared.contains("violationId " + id + " "), cleared);
    }

    @Test
    void eachEventIsPrintedOnceSuppressedOnesFromLocalPubSubOthersFromIoTCore() throws Exception {
        List<String> events = eventsFor(List.of(sample(0, new int[] {22, 8443}, ipv4(10, 1, 2, 3),
                ipv4(192, 0, 2, 7))));
        assertEquals(2, events.size(), events.toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LocalDetectConsole console = new LocalDetectConsole(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                TOPIC);
        for (String e : events) {
            byte[] payload = e.getBytes(StandardCharsets.UTF_8);
            // The component's routing: local pub/sub always, IoT Core unless suppressed; other topics are not events.
            console.fromLocalTopic(TOPIC, payload);
            if (!e.contains("\"suppressed\":true")) {
                console.fromIoTCore(TOPIC, payload);
            }
            console.fromIoTCore("$aws/things/gw-01/defender/metrics/json", payload);
            console.fromLocalTopic("other/topic", payload);
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("IN-ALARM edge-baseline/allowed-tcp-ports")
                && lines.get(0).contains("offending ports 8443 ")
                && lines.get(0).endsWith("| to IoT Core and local pub/sub"), lines.get(0));
        assertTrue(lines.get(1).startsWith("--- detect IN-ALARM edge-baseline/private-peers "
                + "(aws:destination-ip-addresses in-cidr-set addresses 10.0.0.0/8) | offending addresses 192.0.2.7"),
                lines.get(1));
        assertTrue(lines.get(1).endsWith(" | suppressed (suppressAlerts): local pub/sub only"), lines.get(1));
    }

    @Test
    void anUnreadablePayloadOnTheEventsTopicIsSaidSo() {
        String line = new LocalDetectConsole(System.out, TOPIC).render("not json".getBytes(StandardCharsets.UTF_8));
        assertEquals("--- detect event of 8 bytes on " + TOPIC + " is not a JSON object", line);
    }
}
