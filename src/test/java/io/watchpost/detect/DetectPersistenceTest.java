package io.watchpost.detect;

import static io.watchpost.detect.ComparisonOperator.IN_PORT_SET;
import static io.watchpost.detect.ComparisonOperator.LESS_THAN_EQUALS;
import static io.watchpost.detect.DetectFixtures.at;
import static io.watchpost.detect.DetectFixtures.behavior;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.watchpost.json.JsonValueReader;
import io.watchpost.json.JsonValues;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Detect's state through the state file's JSON text and back into a new engine, as across a component restart: an
 * alarm keeps its violation id and is not announced again, streaks and windows continue, a behavior changed while
 * stopped is invalidated, and a corrupt state starts Detect fresh with a reason for the WARN.
 */
class DetectPersistenceTest {
    private static final Behavior PORTS = behavior("ports", "aws:listening-tcp-ports", IN_PORT_SET,
            MetricValue.ofPorts(List.of(22)));
    private static final Behavior BYTES = behavior("bytes", "aws:all-bytes-out", LESS_THAN_EQUALS,
            MetricValue.ofCount(1_000), 300, 2, 1);

    /** Through text, as the state file holds it, read back with the component's own reader. */
    private static Object roundTrip(Map<String, Object> state) throws IOException {
        String text = JsonValues.toJson(state);
        try (JsonParser p = new JsonFactory().createParser(text)) {
            return JsonValueReader.readWhole(p, JsonValueReader.Floats.BINARY).orElseThrow();
        }
    }

    @Test
    void restart_neither_re_announces_nor_forgets_an_alarm() throws IOException {
        DetectEngine before = DetectFixtures.engine(PORTS);
        ViolationEvent raised = before.evaluate(at(0).tcp(22, 8443).build()).events().get(0);
        Object saved = roundTrip(before.exportState());

        DetectEngine after = DetectFixtures.engine(PORTS);
        DetectEngine.Imported imported = after.importState(saved, DetectFixtures.T0.plusSeconds(30));
        assertNull(imported.problem());
        assertEquals(List.of(), imported.events());
        DetectResult still = after.evaluate(at(60).tcp(22, 8443).build());
        assertEquals(List.of(), still.events(), "still in alarm: nothing announced again");
        assertTrue(still.verdicts().get(0).inAlarm());
        ViolationEvent cleared = after.evaluate(at(120).tcp(22).build()).events().get(0);
        assertEquals(ViolationEventType.ALARM_CLEARED, cleared.type());
        assertEquals(raised.violationId(), cleared.violationId());
        assertEquals(raised.details().violationStartTime(), cleared.details().violationStartTime());
    }

    @Test
    void streaks_and_windows_continue_across_a_restart() throws IOException {
        DetectEngine before = DetectFixtures.engine(BYTES);
        for (long t = 0; t <= 360; t += 60) {
            before.evaluate(at(t).counters(0, 10 * t).build()); // [0,300) violating: streak 1 of 2
        }
        Object saved = roundTrip(before.exportState());
        DetectEngine after = DetectFixtures.engine(BYTES);
        assertNull(after.importState(saved, DetectFixtures.T0.plusSeconds(400)).problem());
        DetectResult r = null;
        for (long t = 420; t <= 600; t += 60) {
            r = after.evaluate(at(t).counters(0, 10 * t).build());
        }
        BehaviorVerdict v = r.verdicts().get(0);
        assertEquals(new DetectWindow(DetectFixtures.T0.plusSeconds(300), DetectFixtures.T0.plusSeconds(600), 300),
                v.window(), "the window kept its alignment");
        assertEquals(3_000, v.judgement().value().count(), "deltas from the persisted detection baseline");
        assertEquals(ViolationEventType.IN_ALARM, r.events().get(0).type(), "streak 2 of 2 across the restart");
    }

    @Test
    void an_alarm_whose_behavior_changed_while_stopped_is_invalidated_at_import() throws IOException {
        DetectEngine before = DetectFixtures.engine(PORTS);
        ViolationEvent raised = before.evaluate(at(0).tcp(22, 8443).build()).events().get(0);
        Object saved = roundTrip(before.exportState());
        Behavior widened = behavior("ports", "aws:listening-tcp-ports", IN_PORT_SET,
                MetricValue.ofPorts(List.of(22, 8443)));
        DetectEngine after = DetectFixtures.engine(widened);
        DetectEngine.Imported imported = after.importState(saved, DetectFixtures.T0.plusSeconds(30));
        assertEquals(1, imported.events().size());
        ViolationEvent inv = imported.events().get(0);
        assertEquals(ViolationEventType.ALARM_INVALIDATED, inv.type());
        assertEquals(raised.violationId(), inv.violationId());
        assertTrue(inv.details().reason().contains("changed"), inv.details().reason());
        assertEquals(List.of(), after.evaluate(at(60).tcp(22, 8443).build()).events(), "complies with the new set");
    }

    @Test
    void a_removed_behavior_in_alarm_is_invalidated_at_import_by_name() throws IOException {
        DetectEngine before = DetectFixtures.engine(PORTS);
        before.evaluate(at(0).tcp(22, 8443).build());
        Object saved = roundTrip(before.exportState());
        DetectEngine after = DetectFixtures.engine(behavior("other", "aws:num-established-tcp-connections",
                LESS_THAN_EQUALS, MetricValue.ofCount(5)));
        ViolationEvent inv = after.importState(saved, DetectFixtures.T0).events().get(0);
        assertEquals("ports", inv.behavior().name());
        assertEquals("aws:listening-tcp-ports", inv.behavior().metric());
    }

    @Test
    void a_sample_without_boot_id_saves_no_baseline_and_the_state_still_restores() throws IOException {
        DetectEngine before = DetectFixtures.engine(PORTS, BYTES);
        ViolationEvent raised = before.evaluate(at(0).boot(null).tcp(22, 8443).counters(0, 0).build()).events()
                .get(0);
        Object saved = roundTrip(before.exportState());
        DetectEngine after = DetectFixtures.engine(PORTS, BYTES);
        assertNull(after.importState(saved, DetectFixtures.T0).problem());
        ViolationEvent cleared = after.evaluate(at(60).tcp(22).counters(0, 0).build()).events().get(0);
        assertEquals(raised.violationId(), cleared.violationId());
    }

    @Test
    void self_baseline_history_survives_a_restart() throws IOException {
        Behavior stat = new Behavior("p50", "cpu_usage", null,
                new Criteria(LESS_THAN_EQUALS, null, null, null, null, "p50", null), null, null);
        DetectEngine.Options options = DetectEngine.Options.defaults("v").withSelfBaseline(true);
        DetectEngine before = DetectFixtures.engine(new DetectEngine.Options(false, true, 3, 10,
                options.invalidateAfter(), "v"), stat);
        for (int i = 0; i < 3; i++) {
            before.evaluate(at(10L * i).number("cpu_usage", String.valueOf(10 + i)).build());
        }
        Object saved = roundTrip(before.exportState());
        DetectEngine after = DetectFixtures.engine(new DetectEngine.Options(false, true, 3, 10,
                options.invalidateAfter(), "v"), stat);
        assertNull(after.importState(saved, DetectFixtures.T0).problem());
        BehaviorVerdict v = after.evaluate(at(40).number("cpu_usage", "50").build()).verdicts().get(0);
        assertEquals(BehaviorVerdict.Status.VIOLATING, v.status(), "no second learning phase");
        assertEquals(0, new BigDecimal("11").compareTo(v.threshold()));
    }

    @Test
    void corrupt_or_out_of_range_state_starts_detect_fresh_with_a_reason() throws IOException {
        DetectEngine before = DetectFixtures.engine(PORTS);
        before.evaluate(at(0).tcp(22, 8443).build());
        String good = JsonValues.toJson(before.exportState());
        List<String> broken = List.of(
                good.replace("\"violating\":1", "\"violating\":11"),
                good.replaceAll("\"violationId\":\"[0-9a-f]+\"", "\"violationId\":\"XYZ\""),
                good.replace("\"watchpost-detect\"", "\"something-else\""),
                good.replace("\"version\":1", "\"version\":99"),
                good.replace("\"behaviors\":[", "\"behaviors\":{\"x\":[").replace("]}", "]}}"),
                "[]", "\"text\"");
        for (String text : broken) {
            Object value;
            try (JsonParser p = new JsonFactory().createParser(text)) {
                value = JsonValueReader.read(p, JsonValueReader.Floats.BINARY).orElse(null);
            } catch (IOException e) {
                value = "unparseable";
            }
            DetectEngine after = DetectFixtures.engine(PORTS);
            DetectEngine.Imported imported = after.importState(value, DetectFixtures.T0);
            assertNotNull(imported.problem(), text);
            assertTrue(imported.problem().contains("starting Detect fresh"), imported.problem());
            // fresh: the ongoing violation is announced as a new alarm
            assertEquals(ViolationEventType.IN_ALARM,
                    after.evaluate(at(60).tcp(22, 8443).build()).events().get(0).type(), text);
        }
    }

    @Test
    void pending_events_are_bounded_persisted_and_drained_in_order() throws IOException {
        PendingEvents q = new PendingEvents(3);
        for (int i = 1; i <= 5; i++) {
            q.add(new PendingEvents.Pending("{\"n\":" + i + "}", i == 4));
        }
        assertEquals(3, q.size());
        assertEquals(2, q.dropped());
        PendingEvents restored = PendingEvents.restore(roundTrip(q.exportState()), 3);
        assertEquals(2, restored.dropped());
        StringBuilder order = new StringBuilder();
        while (restored.oldest().isPresent()) {
            PendingEvents.Pending p = restored.oldest().get();
            order.append(p.payload()).append(p.localOnly() ? "L" : "").append(' ');
            restored.removeOldest();
        }
        assertEquals("{\"n\":3} {\"n\":4}L {\"n\":5} ", order.toString());
        assertEquals(2, restored.takeDropped());
        assertEquals(0, restored.dropped());

        PendingEvents smaller = PendingEvents.restore(roundTrip(q.exportState()), 2);
        assertEquals(2, smaller.size());
        assertEquals(3, smaller.dropped(), "the oldest that no longer fit are counted as dropped");
        assertEquals("{\"n\":4}", smaller.oldest().orElseThrow().payload());
        assertTrue(assertThrowsIllegal(Map.of("format", "nope")));
    }

    private static boolean assertThrowsIllegal(Object state) {
        try {
            PendingEvents.restore(state, 3);
            return false;
        } catch (IllegalArgumentException e) {
            return e.getMessage().contains("format");
        }
    }
}
