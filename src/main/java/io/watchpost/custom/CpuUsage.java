package io.watchpost.custom;

import io.watchpost.proc.CpuTimes;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Optional;

/** CPU usage between two samples of /proc/stat, the way top and psutil compute it. */
public final class CpuUsage {
    private CpuUsage() {
    }

    /**
     * busy / total × 100 over the interval, where total is the growth of all eight counters and busy is total minus
     * the growth of idle + iowait. iowait can go backwards on some kernels, so busy is kept within 0..total.
     *
     * @return empty when no time passed between the samples (or the counters went back: another boot)
     */
    public static Optional<BigDecimal> busyPercent(CpuTimes earlier, CpuTimes later) {
        long total = later.total() - earlier.total();
        if (total <= 0) {
            return Optional.empty();
        }
        long idle = later.idleTotal() - earlier.idleTotal();
        long busy = Math.min(total, Math.max(0, total - idle));
        return Optional.of(BigDecimal.valueOf(busy).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(total), MathContext.DECIMAL128));
    }
}
