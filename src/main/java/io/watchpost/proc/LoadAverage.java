package io.watchpost.proc;

import java.math.BigDecimal;

/**
 * The first three fields of {@code /proc/loadavg}: the run-queue length (runnable plus uninterruptible tasks) averaged
 * over 1, 5 and 15 minutes, exactly as the kernel prints them (two decimals).
 */
public record LoadAverage(BigDecimal one, BigDecimal five, BigDecimal fifteen) {
}
