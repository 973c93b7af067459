package io.watchpost.custom;

import io.watchpost.config.Settings;
import io.watchpost.log.EventLog;
import io.watchpost.testing.LogCapture;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Not a test (no surefire run picks it up): prints what one sample of the /proc built-in metrics costs on this
 * machine. Speed is measured here, not in the test run; LiveProcTest checks the values. Run after
 * {@code mvn -o -Pbench test-compile}:
 * {@code java -cp target/classes:target/test-classes io.watchpost.custom.BuiltInMetricsBench}
 */
public final class BuiltInMetricsBench {
    private static final int ROUNDS = 200;

    private BuiltInMetricsBench() {}

    public static void main(String[] args) {
        BuiltInMetrics metrics = new BuiltInMetrics(new LogCapture(Clock.systemUTC(), EventLog.Level.INFO).log);
        Settings s = LiveProcTest.procMetricsSettings();
        metrics.sample(Path.of("/proc"), s); // the first sample has no CPU baseline yet
        long start = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            metrics.sample(Path.of("/proc"), s);
        }
        long micros = (System.nanoTime() - start) / 1000 / ROUNDS;
        System.out.println("BuiltInMetrics.sample(/proc, " + s.customMetrics().size() + " metrics): " + micros
                + " µs per call over " + ROUNDS + " calls");
    }
}
