package io.watchpost.detect;

import static io.watchpost.detect.ComparisonOperator.IN_PORT_SET;
import static io.watchpost.detect.ComparisonOperator.LESS_THAN_EQUALS;
import static io.watchpost.detect.DetectFixtures.at;
import static io.watchpost.detect.DetectFixtures.behavior;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Events as a consumer of Device Defender's alarm notifications reads them: AWS's {@code ViolationEvent} field names
 * and JSON types, checked here against the field table of
 * https://docs.aws.amazon.com/iot/latest/apireference/API_ViolationEvent.html and, where Debian's python3-botocore is
 * installed, against AWS's own API model with botocore's parameter validator.
 */
class ViolationEventJsonTest {
    private static final Set<String> AWS_FIELDS = Set.of("violationId", "thingName", "securityProfileName", "behavior",
            "metricValue", "violationEventAdditionalInfo", "violationEventType", "verificationState",
            "verificationStateDescription", "violationEventTime");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One of each transition, windowed and set-rule events among them. */
    private static List<ViolationEvent> events() {
        Behavior ports = new Behavior("allowed-tcp", "aws:listening-tcp-ports", null, new Criteria(IN_PORT_SET,
                MetricValue.ofPorts(List.of(22, 443)), null, 1, 1, null, null), true, null);
        Behavior bytes = behavior("bytes-out", "aws:all-bytes-out", LESS_THAN_EQUALS, MetricValue.ofCount(1000), 300,
                1, 1);
        DetectEngine engine = DetectFixtures.engine(ports, bytes);
        List<ViolationEvent> out = new ArrayList<>();
        for (long t = 0; t <= 600; t += 60) {
            DetectFixtures.Sample s = at(t).counters(0, t < 300 ? 100 * t : 30_000).tcp(t < 300 ? new int[] {22, 8443}
                    : new int[] {22});
            out.addAll(engine.evaluate(s.build()).events());
        }
        out.addAll(engine.replaceProfiles(List.of(), DetectFixtures.T0.plusSeconds(700)));
        return out;
    }

    @Test
    void field_names_and_types_are_awss_and_watchpost_adds_one_object() throws IOException {
        List<ViolationEvent> events = events();
        Set<String> types = new TreeSet<>();
        for (ViolationEvent e : events) {
            JsonNode n = MAPPER.readTree(ViolationEventJson.write(e));
            Set<String> names = new TreeSet<>();
            n.fieldNames().forEachRemaining(names::add);
            names.remove("watchpost");
            assertTrue(AWS_FIELDS.containsAll(names), "only AWS's fields besides watchpost: " + names);
            assertTrue(n.get("violationId").textValue().matches("[0-9a-f]{32}"));
            assertTrue(n.get("violationEventTime").isIntegralNumber(), "epoch milliseconds");
            assertEquals(e.time().toEpochMilli(), n.get("violationEventTime").longValue());
            assertEquals("gw-01", n.get("thingName").textValue());
            assertEquals("edge-baseline", n.get("securityProfileName").textValue());
            assertTrue(n.get("behavior").get("criteria").get("comparisonOperator").isTextual());
            types.add(n.get("violationEventType").textValue());
            JsonNode w = n.get("watchpost");
            assertEquals("1", w.get("version").textValue());
            assertEquals("on-device", w.get("source").textValue());
            assertEquals("static", w.get("evaluationMode").textValue());
            assertTrue(w.get("suppressed").isBoolean());
            assertTrue(w.get("violationStartTime").isIntegralNumber());
            assertEquals("9.9.9", w.get("componentVersion").textValue());
        }
        assertEquals(Set.of("in-alarm", "alarm-cleared", "alarm-invalidated"), types);
    }

    @Test
    void a_port_alarm_names_the_port_and_a_window_alarm_its_window_and_value() throws IOException {
        List<ViolationEvent> events = events();
        JsonNode ports = MAPPER.readTree(ViolationEventJson.write(events.get(0)));
        assertEquals("in-alarm", ports.get("violationEventType").textValue());
        assertEquals("[22,8443]", ports.get("metricValue").get("ports").toString());
        assertEquals("[8443]", ports.get("watchpost").get("offending").get("ports").toString());
        assertEquals(1, ports.get("watchpost").get("offendingTotal").intValue());
        assertTrue(ports.get("watchpost").get("suppressed").booleanValue());
        assertEquals("{\"violating\":1,\"compliant\":0,\"required\":1}",
                ports.get("watchpost").get("datapoints").toString());
        assertEquals("{\"name\":\"allowed-tcp\",\"metric\":\"aws:listening-tcp-ports\",\"criteria\":{"
                + "\"comparisonOperator\":\"in-port-set\",\"value\":{\"ports\":[22,443]},"
                + "\"consecutiveDatapointsToAlarm\":1,\"consecutiveDatapointsToClear\":1},\"suppressAlerts\":true}",
                ports.get("behavior").toString(), "the behavior as loaded, absent fields left out");

        JsonNode bytes = events.stream().filter(e -> e.behavior().name().equals("bytes-out")
                && e.type() == ViolationEventType.IN_ALARM).findFirst().map(ViolationEventJson::write)
                .map(ViolationEventJsonTest::tree).orElseThrow();
        JsonNode window = bytes.get("watchpost").get("window");
        assertEquals(DetectFixtures.T0.toEpochMilli(), window.get("start").longValue());
        assertEquals(DetectFixtures.T0.plusSeconds(300).toEpochMilli(), window.get("end").longValue());
        assertEquals(300, window.get("durationSeconds").intValue());
        assertEquals(24_000, window.get("value").longValue());
        assertEquals(24_000, bytes.get("metricValue").get("count").longValue());

        JsonNode invalidated = tree(ViolationEventJson.write(events.get(events.size() - 1)));
        assertEquals("alarm-invalidated", invalidated.get("violationEventType").textValue());
        assertFalse(invalidated.has("metricValue"));
        assertTrue(invalidated.get("watchpost").get("reason").textValue().contains("removed"));
    }

    @Test
    void unsigned_counts_above_two_to_the_63_are_written_as_positive_numbers() throws IOException {
        ViolationEvent e = events().get(0);
        ViolationEvent big = new ViolationEvent(e.violationId(), e.thingName(), e.securityProfileName(), e.behavior(),
                MetricValue.ofCount(-1L), e.type(), e.time(), e.details());
        assertEquals("18446744073709551615", tree(ViolationEventJson.write(big)).get("metricValue").get("count")
                .bigIntegerValue().toString());
    }

    @Test
    void awss_own_api_model_accepts_the_events_without_the_watchpost_object() throws Exception {
        String python = "/usr/bin/python3";
        Assumptions.assumeTrue(BotocoreOracle.available(),
                "python3-botocore is not installed (apt-get install python3-botocore)");
        StringBuilder lines = new StringBuilder();
        for (ViolationEvent e : events()) {
            lines.append(ViolationEventJson.write(e)).append('\n');
        }
        String script = String.join("\n",
                "import sys, json, datetime",
                "import botocore.session, botocore.validate",
                "m = botocore.session.get_session().get_service_model('iot')",
                "shape = m.shape_for('ViolationEvent')",
                "bad = 0",
                "for line in sys.stdin:",
                "    doc = json.loads(line)",
                "    doc.pop('watchpost')",
                "    doc['violationEventTime'] = datetime.datetime.fromtimestamp(",
                "        doc['violationEventTime'] / 1000, datetime.timezone.utc)",
                "    try:",
                "        botocore.validate.validate_parameters(doc, shape)",
                "    except Exception as e:",
                "        bad += 1; print(e)",
                "    if doc['violationEventType'] not in shape.members['violationEventType'].enum:",
                "        bad += 1; print('violationEventType', doc['violationEventType'])",
                "    op = m.shape_for('ComparisonOperator').enum",
                "    if doc['behavior']['criteria']['comparisonOperator'] not in op:",
                "        bad += 1; print('comparisonOperator')",
                "print('checked', bad)",
                "sys.exit(1 if bad else 0)");
        Process p = new ProcessBuilder(python, "-c", script).redirectErrorStream(true).start();
        p.getOutputStream().write(lines.toString().getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("checked 0"), out);
    }

    @Test
    void log_lines_warn_on_alarm_and_inform_on_its_end_naming_the_offending_port() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        io.watchpost.log.EventLog log = new io.watchpost.log.EventLog(new java.io.PrintStream(out, true),
                new java.io.PrintStream(err, true), java.time.Clock.systemUTC(), io.watchpost.log.EventLog.Level.INFO);
        for (ViolationEvent e : events()) {
            ViolationEventLog.log(log, e);
        }
        List<String> warnings = err.toString(StandardCharsets.UTF_8).lines().toList(); // WARN goes to stderr
        List<String> infos = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(warnings.get(0).contains(" WARN detect_in_alarm ") && warnings.get(0).contains("behavior=allowed-tcp")
                && warnings.get(0).contains("8443") && warnings.get(0).contains("suppressed=true"), warnings.get(0));
        assertTrue(infos.stream().anyMatch(l -> l.contains(" INFO detect_alarm_cleared ")), infos.toString());
        assertTrue(infos.stream().anyMatch(l -> l.contains(" INFO detect_alarm_invalidated ")
                && l.contains("removed")), infos.toString());
        assertTrue(infos.stream().noneMatch(l -> l.contains("detect_in_alarm")), infos.toString());
    }

    private static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
