package io.watchpost.localcore;

import io.watchpost.localcore.DeviceDefenderStandIn.Verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.watchpost.config.ReportFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalReportConsoleTest {
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final Map<String, Object> REPORT = Map.of("header", Map.of("report_id", 42, "version", "1.0"),
            "metrics", Map.of("listening_tcp_ports", Map.of("total", 0)));
    private static final String TOPIC = "$aws/things/t/defender/metrics/";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static Verdict accepted(ReportFormat format) {
        return new Verdict("t", format, Optional.of(42L), true, null, null, NOW, true);
    }

    @Test
    void acceptedJsonReportIsSummarisedFromItsPayloadPrettyPrintedAndJudged() throws Exception {
        Map<String, Object> report = Map.of("header", Map.of("report_id", 42, "version", "1.0"), "metrics", Map.of(
                "listening_tcp_ports", Map.of("ports", List.of(Map.of("port", 22), Map.of("port", 80)), "total", 3),
                "listening_udp_ports", Map.of("ports", List.of(Map.of("port", 53), Map.of("port", 68)), "total", 2),
                "tcp_connections", Map.of("established_connections", Map.of("connections",
                        List.of(Map.of("remote_addr", "10.0.0.1:443")), "total", 5))));
        byte[] payload = new ObjectMapper().writeValueAsBytes(report);
        IoTCorePublish received = new IoTCorePublish(TOPIC + "json", payload, "1");
        LocalReportConsole console = new LocalReportConsole(out, () -> Optional.of(received));

        console.verdict(accepted(ReportFormat.JSON));

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals("--- report 42 | " + payload.length + " bytes json | tcp ports 3, udp ports 2, connections 5"
                + " (5 entries left out to fit the size limit) | network_stats no (no accepted baseline yet)",
                lines.get(0));
        assertEquals("{", lines.get(1));
        assertTrue(lines.contains("  \"header\" : {"), lines.toString());
        assertEquals("--- verdict ACCEPTED (report 42)", lines.get(lines.size() - 1));
    }

    @Test
    void shortNamesAreCountedAlikeWithNetworkStatsAndCustomMetrics() throws Exception {
        Map<String, Object> report = Map.of("hed", Map.of("rid", 42, "v", "1.0"), "met", Map.of(
                "tp", Map.of("pts", List.of(Map.of("pt", 22)), "t", 1),
                "ns", Map.of("bi", 1, "bo", 2, "pi", 3, "po", 4),
                "tc", Map.of("ec", Map.of("cs", List.of(Map.of("rad", "10.0.0.1:443")), "t", 1))),
                "cmet", Map.of("cpu_usage", List.of(Map.of("number", 0.5))));
        byte[] payload = new CBORMapper().writeValueAsBytes(report);
        LocalReportConsole console = new LocalReportConsole(out, Optional::empty);

        String text = console.render(accepted(ReportFormat.CBOR),
                Optional.of(new IoTCorePublish(TOPIC + "cbor", payload, "1")));

        assertTrue(text.startsWith("--- report 42 | " + payload.length + " bytes cbor | tcp ports 1, udp ports 0,"
                + " connections 1, custom metrics 1 | network_stats yes\n{\n"), text);
    }

    @Test
    void cborIsDecodedAndARejectionShowsCodeAndMessage() throws Exception {
        byte[] payload = new CBORMapper().writeValueAsBytes(REPORT);
        LocalReportConsole console = new LocalReportConsole(out, Optional::empty);
        String text = console.render(new Verdict("t", ReportFormat.CBOR, Optional.of(42L), false, "Throttled",
                "at most one report per 300 s", NOW, true), Optional.of(new IoTCorePublish(TOPIC + "cbor", payload, "1")));

        assertTrue(text.startsWith("--- report 42 | " + payload.length + " bytes cbor | tcp ports 0, udp ports 0,"
                + " connections 0 | network_stats no (no accepted baseline yet)\n{\n"), text);
        assertTrue(text.contains("\"report_id\" : 42"), text);
        assertTrue(text.endsWith("--- verdict REJECTED (report 42) ErrorCode=Throttled"
                + " ErrorMessage=at most one report per 300 s\n"), text);
    }

    @Test
    void anUnreadablePayloadIsSaidNotThrown() {
        LocalReportConsole console = new LocalReportConsole(out, Optional::empty);
        String text = console.render(new Verdict("t", ReportFormat.JSON, Optional.empty(), false, "InvalidPayload",
                "Malformed metrics report", NOW, true), Optional.of(new IoTCorePublish(TOPIC + "json",
                "{not json".getBytes(StandardCharsets.UTF_8), "1")));
        assertTrue(text.startsWith("--- report without a readable report_id | 9 bytes json\n"
                + "(payload of 9 bytes is not readable json: "), text);
        assertTrue(text.contains("--- verdict REJECTED (report without a readable report_id) ErrorCode=InvalidPayload"),
                text);
    }
}
