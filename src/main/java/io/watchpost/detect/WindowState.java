package io.watchpost.detect;

import java.time.Duration;
import java.time.Instant;

/**
 * One windowed behavior's current tumbling window. Windows are {@code durationSeconds} long, aligned to the first
 * sample (and re-aligned after a reboot); a sample belongs to the window its time falls in, and the sample whose time
 * reaches the window's end closes it. The closed window's datapoint is, for a byte or packet counter, the sum of the
 * step deltas that ended inside it; for any other number, the last value sampled inside it (what a report sent at the
 * window's end would carry). A window with a counter reset, an interface change, or a gap between samples longer than
 * the window yields no datapoint.
 */
final class WindowState {
    final int durationSeconds;
    Instant start;
    /** Counter windows: unsigned sum of the step deltas, saturating. */
    long sum;
    /** Other windows: the last value sampled. */
    Measurement latest;
    int samples;
    /** Why this window cannot give a datapoint, or null. */
    String broken;

    WindowState(int durationSeconds) {
        this.durationSeconds = durationSeconds;
    }

    /** The outcome of adding one sample: a closed window's datapoint, or why there is none this time. */
    record Outcome(Measurement value, DetectWindow window, String noDatapoint) {
    }

    /**
     * @param step  the counter step ending at this sample
     * @param delta this behavior's share of the step, for a counter window
     * @param value this sample's value, for any other window (null for counters)
     */
    Outcome add(Instant time, CounterStep step, long delta, Measurement value) {
        Duration length = Duration.ofSeconds(durationSeconds);
        if (start == null || step.kind().restartsWindows()) {
            String why = start == null || step.kind() == CounterStep.Kind.FIRST
                    ? "the first window runs until " + time.plus(length)
                    : "window restarted: " + step.kind().reason;
            open(time);
            if (value != null) {
                latest = value;
                samples = 1;
            }
            return new Outcome(null, null, why);
        }
        Outcome closed = null;
        Instant end = start.plus(length);
        if (!time.isBefore(end)) {
            DetectWindow window = new DetectWindow(start, end, durationSeconds);
            if (broken != null) {
                closed = new Outcome(null, window, "window " + window.start() + "–" + window.end() + ": " + broken);
            } else if (samples == 0) {
                closed = new Outcome(null, window, "window " + window.start() + "–" + window.end()
                        + " had no sample");
            } else {
                closed = new Outcome(latest != null ? latest : new Measurement.Count(sum), window, null);
            }
            long elapsed = Duration.between(start, time).getSeconds() / durationSeconds;
            open(start.plus(length.multipliedBy(elapsed)));
        }
        if (step.from() != null && Duration.between(step.from(), time).getSeconds() > durationSeconds) {
            broken = "no sample for longer than the window";
        } else if (value == null && step.kind() != CounterStep.Kind.CLEAN && broken == null) {
            broken = step.kind().reason;
        }
        samples++;
        if (value == null) {
            long s = sum + delta;
            sum = Long.compareUnsigned(s, sum) < 0 ? -1L : s;
        } else {
            latest = value;
        }
        return closed != null ? closed
                : new Outcome(null, null, "window " + start + "–" + start.plus(length) + " still open");
    }

    private void open(Instant at) {
        start = at;
        sum = 0;
        latest = null;
        samples = 0;
        broken = null;
    }
}
