package io.watchpost.detect;

import static io.watchpost.detect.ComparisonOperator.LESS_THAN_EQUALS;
import static io.watchpost.detect.DetectFixtures.at;
import static io.watchpost.detect.DetectFixtures.behavior;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AWS's consecutive-datapoint rule as a table: each character of {@code datapoints} is one sample (V violating,
 * C compliant, - no datapoint), each of {@code events} what that sample emitted (I in-alarm, C alarm-cleared,
 * . nothing).
 */
class AlarmStateMachineTest {
    static Stream<Arguments> streaks() {
        return Stream.of(
                Arguments.of(1, 1, "VCVC", "ICIC"),
                Arguments.of(1, 1, "VVVV", "I..."),
                Arguments.of(1, 1, "CCCC", "...."),
                Arguments.of(3, 1, "VVCVVV", ".....I"),
                Arguments.of(2, 3, "VVCCVCCC", ".I.....C"),
                Arguments.of(3, 1, "VV-V", "...I"),
                Arguments.of(3, 1, "VV-C-V", "......"),
                Arguments.of(1, 2, "VC-C", "I..C"),
                Arguments.of(1, 2, "VCVCC", "I...C"),
                Arguments.of(10, 10, "VVVVVVVVVV", ".........I"),
                Arguments.of(10, 10, "VVVVVVVVVVCCCCCCCCCC", ".........I.........C"),
                Arguments.of(2, 2, "VVCCVVCC", ".I.C.I.C"));
    }

    @ParameterizedTest(name = "toAlarm {0}, toClear {1}: {2} -> {3}")
    @MethodSource("streaks")
    void consecutive_datapoints(int toAlarm, int toClear, String datapoints, String events) {
        DetectEngine engine = DetectFixtures.engine(behavior("cpu", "cpu_usage", LESS_THAN_EQUALS,
                MetricValue.ofNumber(new BigDecimal("75")), null, toAlarm, toClear));
        StringBuilder seen = new StringBuilder();
        String alarmId = null;
        for (int i = 0; i < datapoints.length(); i++) {
            DetectFixtures.Sample s = at(10L * i);
            char d = datapoints.charAt(i);
            if (d != '-') {
                s.number("cpu_usage", d == 'V' ? "90" : "10");
            }
            List<ViolationEvent> out = engine.evaluate(s.build()).events();
            assertTrue(out.size() <= 1);
            if (out.isEmpty()) {
                seen.append('.');
                continue;
            }
            ViolationEvent e = out.get(0);
            if (e.type() == ViolationEventType.IN_ALARM) {
                seen.append('I');
                assertNotEquals(alarmId, e.violationId(), "a new alarm has a new violation id");
                alarmId = e.violationId();
                assertEquals(toAlarm, e.details().violating());
                assertEquals(toAlarm, e.details().required());
            } else {
                seen.append('C');
                assertEquals(alarmId, e.violationId(), "the clear carries the alarm's violation id");
                assertEquals(toClear, e.details().compliant());
                assertEquals(new BigDecimal("10"), e.metricValue().number());
            }
            assertTrue(e.violationId().matches("[0-9a-f]{32}"), e.violationId());
        }
        assertEquals(events, seen.toString());
    }

    @Test
    void invalidated_after_invalidate_after_seconds_without_a_datapoint_not_one_second_earlier() {
        DetectEngine engine = DetectFixtures.engine(behavior("cpu", "cpu_usage", LESS_THAN_EQUALS,
                MetricValue.ofNumber(new BigDecimal("75"))));
        ViolationEvent alarm = engine.evaluate(at(0).number("cpu_usage", "99").build()).events().get(0);
        assertEquals(List.of(), engine.evaluate(at(172_799).build()).events());
        DetectResult r = engine.evaluate(at(172_800).build());
        assertEquals(1, r.events().size());
        ViolationEvent inv = r.events().get(0);
        assertEquals(ViolationEventType.ALARM_INVALIDATED, inv.type());
        assertEquals(alarm.violationId(), inv.violationId());
        assertNull(inv.metricValue());
        assertFalse(r.verdicts().get(0).inAlarm());
        // back to NORMAL: the next violation is a new alarm
        ViolationEvent again = engine.evaluate(at(172_810).number("cpu_usage", "99").build()).events().get(0);
        assertEquals(ViolationEventType.IN_ALARM, again.type());
        assertNotEquals(alarm.violationId(), again.violationId());
    }

    @Test
    void invalidation_also_runs_when_no_sample_could_be_collected() {
        DetectEngine engine = DetectFixtures.engine(new DetectEngine.Options(false, false, 1, 1,
                Duration.ofSeconds(600), "v"), behavior("cpu", "cpu_usage", LESS_THAN_EQUALS,
                MetricValue.ofNumber(new BigDecimal("75"))));
        engine.evaluate(at(0).number("cpu_usage", "99").build());
        assertEquals(List.of(), engine.invalidateStale(DetectFixtures.T0.plusSeconds(599)));
        assertEquals(ViolationEventType.ALARM_INVALIDATED,
                engine.invalidateStale(DetectFixtures.T0.plusSeconds(600)).get(0).type());
        assertEquals(List.of(), engine.invalidateStale(DetectFixtures.T0.plusSeconds(1200)), "only once");
    }

    @Test
    void suppress_alerts_still_evaluates_and_marks_its_events_suppressed() {
        Behavior b = new Behavior("cpu", "cpu_usage", null, new Criteria(LESS_THAN_EQUALS,
                MetricValue.ofNumber(new BigDecimal("75")), null, null, null, null, null), true, null);
        DetectEngine engine = DetectFixtures.engine(b);
        ViolationEvent in = engine.evaluate(at(0).number("cpu_usage", "99").build()).events().get(0);
        assertTrue(in.details().suppressed());
        ViolationEvent out = engine.evaluate(at(10).number("cpu_usage", "1").build()).events().get(0);
        assertEquals(ViolationEventType.ALARM_CLEARED, out.type());
        assertTrue(out.details().suppressed());
    }

    @Test
    void live_swap_keeps_equal_behaviors_and_invalidates_changed_or_removed_alarms() {
        Behavior cpu = behavior("cpu", "cpu_usage", LESS_THAN_EQUALS, MetricValue.ofNumber(new BigDecimal("75")));
        Behavior mem = behavior("mem", "memory_usage", LESS_THAN_EQUALS, MetricValue.ofNumber(new BigDecimal("5")));
        Behavior disk = behavior("disk", "disk_used_percent", LESS_THAN_EQUALS,
                MetricValue.ofNumber(new BigDecimal("90")));
        DetectEngine engine = DetectFixtures.engine(cpu, mem, disk);
        List<ViolationEvent> raised = engine.evaluate(at(0).number("cpu_usage", "99").number("memory_usage", "9")
                .number("disk_used_percent", "95").build()).events();
        assertEquals(3, raised.size());

        // cpu: an equal record (loaded again); mem: threshold changed; disk: removed
        Behavior cpuAgain = behavior("cpu", "cpu_usage", LESS_THAN_EQUALS, MetricValue.ofNumber(new BigDecimal("75")));
        Behavior memChanged = behavior("mem", "memory_usage", LESS_THAN_EQUALS,
                MetricValue.ofNumber(new BigDecimal("50")));
        List<ViolationEvent> swap = engine.replaceProfiles(List.of(DetectFixtures.profile(cpuAgain, memChanged)),
                DetectFixtures.T0.plusSeconds(5));
        assertEquals(2, swap.size());
        assertEquals(List.of("mem", "disk"), swap.stream().map(e -> e.behavior().name()).toList());
        assertTrue(swap.stream().allMatch(e -> e.type() == ViolationEventType.ALARM_INVALIDATED));
        assertEquals(mem, swap.get(0).behavior(), "the event carries the behavior the alarm was raised on");
        assertEquals(raised.get(1).violationId(), swap.get(0).violationId());

        DetectResult next = engine.evaluate(at(10).number("cpu_usage", "99").number("memory_usage", "9").build());
        assertEquals(List.of(), next.events(), "cpu is still in alarm (no re-announcement), mem complies now");
        assertTrue(next.verdicts().get(0).inAlarm());
        assertFalse(next.verdicts().get(1).inAlarm());
    }

    @Test
    void unsupported_behaviors_never_alarm() {
        List<Behavior> unsupported = new ArrayList<>();
        unsupported.add(behavior("cloud", "aws:num-messages-sent", LESS_THAN_EQUALS, MetricValue.ofCount(1)));
        unsupported.add(new Behavior("dim", "aws:num-established-tcp-connections",
                new MetricDimension("TopicFilter", "IN"), new Criteria(LESS_THAN_EQUALS, MetricValue.ofCount(1),
                null, null, null, null, null), null, null));
        unsupported.add(new Behavior("ml", "aws:num-established-tcp-connections", null,
                new Criteria(null, null, null, null, null, null, "HIGH"), null, null));
        unsupported.add(new Behavior("stat", "aws:num-established-tcp-connections", null,
                new Criteria(LESS_THAN_EQUALS, null, 300, null, null, "p90", null), null, null));
        unsupported.add(behavior("bytes-without-duration", "aws:all-bytes-out", LESS_THAN_EQUALS,
                MetricValue.ofCount(1)));
        DetectEngine engine = DetectFixtures.engine(unsupported.toArray(Behavior[]::new));
        DetectResult r = engine.evaluate(at(0).established(1000).build());
        assertEquals(List.of(), r.events());
        for (BehaviorVerdict v : r.verdicts()) {
            assertEquals(BehaviorVerdict.Status.UNSUPPORTED, v.status(), v.behavior().name());
            assertEquals(EvaluationMode.UNSUPPORTED, v.mode());
            assertTrue(v.note() != null && !v.note().isBlank());
        }
    }

    @Test
    void self_baseline_learns_then_alarms_against_this_devices_own_percentile() {
        Behavior stat = new Behavior("est-p90", "aws:num-established-tcp-connections", null,
                new Criteria(LESS_THAN_EQUALS, null, null, null, null, "p90", null), null, null);
        DetectEngine engine = DetectFixtures.engine(new DetectEngine.Options(false, true, 10, 20,
                DetectEngine.DEFAULT_INVALIDATE_AFTER, "v"), stat);
        for (int i = 0; i < 10; i++) {
            // learning: even a huge value raises nothing
            DetectResult r = engine.evaluate(at(10L * i).established(i == 3 ? 10_000 : 10 + i).build());
            assertEquals(BehaviorVerdict.Status.LEARNING, r.verdicts().get(0).status());
            assertEquals(List.of(), r.events());
        }
        // history 10..19 with 10,000 at i=3: p90 (nearest rank 9 of 10) is 19
        DetectResult ok = engine.evaluate(at(100).established(19).build());
        assertEquals(BehaviorVerdict.Status.COMPLIANT, ok.verdicts().get(0).status());
        assertEquals(0, new BigDecimal("19").compareTo(ok.verdicts().get(0).threshold()));
        DetectResult bad = engine.evaluate(at(110).established(500).build());
        ViolationEvent e = bad.events().get(0);
        assertEquals(EvaluationMode.SELF_BASELINE, e.details().evaluationMode());
        assertEquals(11, e.details().baselineDatapoints());
        assertEquals("self-baseline", e.details().evaluationMode().wireName());
    }

    @Test
    void self_baseline_average_is_the_mean_and_the_ring_keeps_the_newest() {
        SelfBaseline b = new SelfBaseline(4);
        for (double v : new double[] {100, 1, 2, 3, 6}) {
            b.add(v);
        }
        assertEquals(4, b.size());
        assertEquals(0, new BigDecimal("3").compareTo(b.threshold(-1)));
        assertEquals(0, new BigDecimal("1").compareTo(b.threshold(0)));
        assertEquals(0, new BigDecimal("6").compareTo(b.threshold(100)));
        assertEquals(0, new BigDecimal("2").compareTo(b.threshold(50)));
        assertTrue(SelfBaseline.percentile("p99.99").isPresent());
        assertTrue(SelfBaseline.percentile("Average").isPresent());
        assertTrue(SelfBaseline.percentile("p95").isEmpty(), "p95 is not in the API's statistic pattern");
    }
}
