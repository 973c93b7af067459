package io.watchpost.report;

import java.time.Instant;

/**
 * Device Defender discards a report whose id it has seen before for the thing, so ids must only ever go up, even when
 * the wall clock steps back (NTP correction, RTC-less boot). The id is epoch milliseconds, as AWS recommends.
 */
public final class ReportIds {
    private ReportIds() {}

    /** {@code now} in epoch milliseconds, or {@code previous + 1} when the clock is not ahead of the last id. */
    public static long next(long previous, Instant now) {
        long millis = now.toEpochMilli();
        if (millis > previous) {
            return millis;
        }
        if (previous == Long.MAX_VALUE) {
            throw new IllegalStateException("report_id space exhausted: previous id is Long.MAX_VALUE");
        }
        return previous + 1;
    }
}
