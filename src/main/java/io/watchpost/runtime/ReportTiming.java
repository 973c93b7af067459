package io.watchpost.runtime;

import io.watchpost.config.Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * The schedule's floors: the least time between two publishes, the margin kept on top of it, and the random delay
 * range of the first report (also used when an interval change finds its new due time already passed).
 *
 * <p>{@link #COMPONENT} is what Device Defender requires of a device: at most one report per
 * {@link Settings#MIN_SAMPLE_INTERVAL} (it answers {@code Throttled} otherwise;
 * <a href="https://docs.aws.amazon.com/iot/latest/developerguide/detect-device-side-metrics.html">device-side
 * metrics</a>), and a first report 5–30 s after the
 * connection so a fleet restarted together spreads out. {@link #LOCAL} is local mode's component child, which talks
 * to a stand-in that throttles at the local interval and shows results within seconds.
 *
 * <p>Spacing is measured from the instant the previous publish call <em>returned</em>: the broker has the message by
 * then, and the next one reaches it no earlier than its call is made, so two publishes as the broker receives them are
 * at least the spacing apart. The margin absorbs clock adjustments and delivery jitter between the two.
 *
 * @param minSpacing    least time between two publishes; {@link Duration#ZERO} means "the sample interval"
 * @param margin        added to the spacing
 * @param firstDelayMin the first report comes at least this long after the first connection
 * @param firstDelayMax and at most this long
 */
public record ReportTiming(Duration minSpacing, Duration margin, Duration firstDelayMin, Duration firstDelayMax) {
    /** The deployed component: 300 s apart plus 2 s, the first report 5–30 s after connecting. */
    public static final ReportTiming COMPONENT = new ReportTiming(Settings.MIN_SAMPLE_INTERVAL, Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(30));
    /** Local mode's child: one sample interval apart plus 250 ms, the first report 1–2 s after connecting. */
    public static final ReportTiming LOCAL = new ReportTiming(Duration.ZERO, Duration.ofMillis(250),
            Duration.ofSeconds(1), Duration.ofSeconds(2));

    public ReportTiming {
        Objects.requireNonNull(minSpacing, "minSpacing");
        Objects.requireNonNull(margin, "margin");
        Objects.requireNonNull(firstDelayMin, "firstDelayMin");
        Objects.requireNonNull(firstDelayMax, "firstDelayMax");
        if (minSpacing.isNegative() || margin.isNegative() || firstDelayMin.isNegative()) {
            throw new IllegalArgumentException("report timing must not be negative: " + minSpacing + ", " + margin
                    + ", " + firstDelayMin);
        }
        if (firstDelayMax.compareTo(firstDelayMin) < 0) {
            throw new IllegalArgumentException("first report delay range is empty: " + firstDelayMin + " to "
                    + firstDelayMax);
        }
    }

    /** The same floors with a fixed first-report delay (the test-only start delay of component mode). */
    public ReportTiming withFirstDelay(Duration delay) {
        return new ReportTiming(minSpacing, margin, delay, delay);
    }

    /** The least time from one publish's return to the next publish's call, margin included. */
    public Duration spacing(Duration sampleInterval) {
        return (minSpacing.isZero() ? sampleInterval : minSpacing).plus(margin);
    }
}
