package io.watchpost.runtime;

import io.watchpost.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * The schedule's floors: the least time between two publishes, and the random delay range of the first report (also
 * used when an interval change finds its new due time already passed).
 *
 * <p>{@link #COMPONENT} is what Device Defender requires of a device (300 s, 5–30 s of jitter so a fleet restarted
 * together spreads out). Local mode talks to a stand-in and may go faster to show results within seconds.
 *
 * @param minSpacing    no cycle runs sooner than this after the last publish, including one before a restart
 * @param firstDelayMin the first report comes at least this long after the first connection
 * @param firstDelayMax and at most this long
 */
public record ReportTiming(Duration minSpacing, Duration firstDelayMin, Duration firstDelayMax) {
    /** The component's timing (docs/runtime.md "Schedule"). */
    public static final ReportTiming COMPONENT =
            new ReportTiming(Settings.MIN_SAMPLE_INTERVAL, Duration.ofSeconds(5), Duration.ofSeconds(30));

    public ReportTiming {
        Objects.requireNonNull(minSpacing, "minSpacing");
        Objects.requireNonNull(firstDelayMin, "firstDelayMin");
        Objects.requireNonNull(firstDelayMax, "firstDelayMax");
        if (minSpacing.isNegative() || firstDelayMin.isNegative()) {
            throw new IllegalArgumentException("report timing must not be negative: " + minSpacing + ", "
                    + firstDelayMin);
        }
        if (firstDelayMax.compareTo(firstDelayMin) < 0) {
            throw new IllegalArgumentException("first report delay range is empty: " + firstDelayMin + " to "
                    + firstDelayMax);
        }
    }
}
