package io.watchpost.detect;

import static io.watchpost.detect.ComparisonOperator.LESS_THAN_EQUALS;
import static io.watchpost.detect.DetectFixtures.at;
import static io.watchpost.detect.DetectFixtures.behavior;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Byte and packet behaviors: one datapoint per tumbling window of durationSeconds, the sum of the deltas inside it
 * from Detect's own baseline; windows with a counter reset, an interface change, a reboot or a gap give none, and the
 * streak pauses across them.
 */
class WindowedMetricTest {
    private static final Behavior BYTES_OUT = behavior("bytes-out", "aws:all-bytes-out", LESS_THAN_EQUALS,
            MetricValue.ofCount(1_000), 300, 2, 1);

    /** Samples every 60 s from 0 to {@code lastSecond}; eth0's tx counter at second t is {@code tx.apply(t)}. */
    private static List<DetectResult> run(DetectEngine engine, long lastSecond, LongFunction<DetectFixtures.Sample> s) {
        List<DetectResult> out = new ArrayList<>();
        for (long t = 0; t <= lastSecond; t += 60) {
            out.add(engine.evaluate(s.apply(t).build()));
        }
        return out;
    }

    private static BehaviorVerdict v(List<DetectResult> results, long second) {
        return results.get((int) (second / 60)).verdicts().get(0);
    }

    @Test
    void window_value_is_the_sum_of_deltas_inside_it_and_loopback_is_left_out() {
        DetectEngine engine = DetectFixtures.engine(BYTES_OUT);
        // 3 bytes/s on eth0 from 1,000,000; loopback grows by 1 per second and never counts
        List<DetectResult> r = run(engine, 600, t -> at(t).counters(0, 1_000_000 + 3 * t));
        for (long t = 0; t < 300; t += 60) {
            assertEquals(BehaviorVerdict.Status.NO_DATAPOINT, v(r, t).status(), "window [0,300) still open at " + t);
        }
        BehaviorVerdict first = v(r, 300);
        assertEquals(BehaviorVerdict.Status.COMPLIANT, first.status(), first.note());
        // steps ending at 60..240 fall in [0,300): 240 s x 3 bytes
        assertEquals(720, first.judgement().value().count());
        assertEquals(new DetectWindow(DetectFixtures.T0, DetectFixtures.T0.plusSeconds(300), 300), first.window());
        BehaviorVerdict second = v(r, 600);
        // steps ending at 300..540: 300 s x 3 bytes
        assertEquals(900, second.judgement().value().count());
    }

    @Test
    void streak_pauses_across_a_window_with_a_counter_reset_and_alarms_on_the_next_violating_window() {
        DetectEngine engine = DetectFixtures.engine(BYTES_OUT);
        // 10 bytes/s (3,000 per window: violating); the counter drops to 0 at 660 s (inside window [600,900))
        List<DetectResult> r = run(engine, 1200, t -> at(t).counters(0, t < 660 ? 10 * t : 10 * (t - 660)));
        assertEquals(BehaviorVerdict.Status.VIOLATING, v(r, 300).status());   // streak 1 of 2
        assertEquals(List.of(), r.get(5).events());
        assertEquals(BehaviorVerdict.Status.VIOLATING, v(r, 600).status());   // streak 2: in alarm
        assertEquals(ViolationEventType.IN_ALARM, r.get(10).events().get(0).type());
        BehaviorVerdict reset = v(r, 900);
        assertEquals(BehaviorVerdict.Status.NO_DATAPOINT, reset.status());
        assertTrue(reset.note().contains("counter was reset"), reset.note());
        assertTrue(reset.inAlarm(), "no datapoint neither clears nor resets");
        assertEquals(BehaviorVerdict.Status.VIOLATING, v(r, 1200).status());
    }

    @Test
    void a_window_with_a_reset_does_not_reset_the_streak_towards_an_alarm() {
        DetectEngine engine = DetectFixtures.engine(BYTES_OUT);
        // violating from the start; reset at 330 s inside window [300,600)
        List<DetectResult> r = run(engine, 900, t -> at(t).counters(0, t < 330 ? 10 * t : 10 * (t - 330)));
        assertEquals(BehaviorVerdict.Status.VIOLATING, v(r, 300).status());  // 1
        assertEquals(BehaviorVerdict.Status.NO_DATAPOINT, v(r, 600).status()); // paused
        assertEquals(BehaviorVerdict.Status.VIOLATING, v(r, 900).status());  // 2: in alarm
        assertEquals(ViolationEventType.IN_ALARM, r.get(15).events().get(0).type());
    }

    @Test
    void reboot_restarts_the_window_at_the_first_sample_of_the_new_boot() {
        DetectEngine engine = DetectFixtures.engine(BYTES_OUT);
        List<DetectResult> r = run(engine, 1200, t -> t < 420 ? at(t).counters(0, 10 * t)
                : at(t).boot("boot-2").counters(0, 10 * (t - 420)));
        assertEquals(BehaviorVerdict.Status.VIOLATING, v(r, 300).status());
        BehaviorVerdict rebooted = v(r, 420);
        assertTrue(rebooted.note().contains("rebooted"), rebooted.note());
        // the new window is [420,720): nothing closes at 600
        assertEquals(BehaviorVerdict.Status.NO_DATAPOINT, v(r, 600).status());
        BehaviorVerdict after = v(r, 720);
        assertEquals(new DetectWindow(DetectFixtures.T0.plusSeconds(420), DetectFixtures.T0.plusSeconds(720), 300),
                after.window());
        assertEquals(2_400, after.judgement().value().count()); // steps ending 480..660: 240 s x 10
        assertEquals(ViolationEventType.IN_ALARM, r.get(12).events().get(0).type(), "streak 2 across the reboot");
    }

    @Test
    void an_interface_that_appears_inside_a_window_gives_it_no_datapoint() {
        DetectEngine engine = DetectFixtures.engine(BYTES_OUT);
        List<DetectResult> r = run(engine, 600, t -> t < 360 ? at(t).counters(0, t)
                : at(t).counters(0, t).counters("wwan0", 0, t));
        assertEquals(BehaviorVerdict.Status.COMPLIANT, v(r, 300).status());
        BehaviorVerdict changed = v(r, 600);
        assertEquals(BehaviorVerdict.Status.NO_DATAPOINT, changed.status());
        assertTrue(changed.note().contains("interfaces changed"), changed.note());
    }

    @Test
    void include_loopback_counts_loopback_traffic() {
        DetectEngine engine = DetectFixtures.engine(new DetectEngine.Options(true, false, 1, 1,
                Duration.ofDays(2), "v"), BYTES_OUT);
        List<DetectResult> r = run(engine, 300, t -> at(t).counters(0, 0));
        // loopback's tx grows 1 byte per second in the fixture: 240 bytes in [0,300)
        assertEquals(240, v(r, 300).judgement().value().count());
    }

    @Test
    void a_gap_longer_than_the_window_gives_no_datapoint() {
        DetectEngine engine = DetectFixtures.engine(BYTES_OUT);
        engine.evaluate(at(0).counters(0, 0).build());
        engine.evaluate(at(60).counters(0, 60).build());
        BehaviorVerdict v = engine.evaluate(at(1000).counters(0, 1000).build()).verdicts().get(0);
        assertEquals(BehaviorVerdict.Status.COMPLIANT, v.status(), "[0,300) closes with its one step");
        BehaviorVerdict next = engine.evaluate(at(1200).counters(0, 1200).build()).verdicts().get(0);
        assertEquals(BehaviorVerdict.Status.NO_DATAPOINT, next.status());
        assertTrue(next.note().contains("longer than the window"), next.note());
        assertNull(next.judgement());
    }

    @Test
    void counters_near_two_to_the_64_wrap_as_unsigned() {
        DetectEngine engine = DetectFixtures.engine(BYTES_OUT);
        long start = -100L; // 2^64 - 100
        engine.evaluate(at(0).counters(0, start).build());
        engine.evaluate(at(60).counters(0, start + 50).build());
        BehaviorVerdict v = engine.evaluate(at(300).counters(0, start + 90).build()).verdicts().get(0);
        assertEquals(50, v.judgement().value().count());
        assertEquals(BehaviorVerdict.Status.COMPLIANT, v.status());
    }

    @Test
    void a_count_metric_with_duration_seconds_takes_the_last_value_of_each_window() {
        Behavior b = behavior("est", "aws:num-established-tcp-connections", LESS_THAN_EQUALS,
                MetricValue.ofCount(5), 300, 1, 1);
        DetectEngine engine = DetectFixtures.engine(b);
        List<DetectResult> r = run(engine, 300, t -> at(t).established(t == 240 ? 9 : 1));
        BehaviorVerdict v = v(r, 300);
        assertEquals(9, v.judgement().value().count());
        assertEquals(BehaviorVerdict.Status.VIOLATING, v.status());
    }
}
