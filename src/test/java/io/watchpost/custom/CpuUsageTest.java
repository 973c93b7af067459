package io.watchpost.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchpost.proc.CpuTimes;
import java.math.BigDecimal;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CpuUsageTest {
    private static final CpuTimes T0 = new CpuTimes(100, 0, 50, 800, 50, 0, 0, 0);

    @Test
    void busyShare_excludesIdleAndIowait() {
        // +100 user, +100 idle, +0 iowait: half busy.
        CpuTimes t1 = new CpuTimes(200, 0, 50, 900, 50, 0, 0, 0);
        assertEquals(0, new BigDecimal("50").compareTo(CpuUsage.busyPercent(T0, t1).orElseThrow()));
        // +100 iowait only: not busy.
        CpuTimes t2 = new CpuTimes(100, 0, 50, 800, 150, 0, 0, 0);
        assertEquals(0, BigDecimal.ZERO.compareTo(CpuUsage.busyPercent(T0, t2).orElseThrow()));
        // steal, irq and softirq are busy time.
        CpuTimes t3 = new CpuTimes(100, 0, 50, 800, 50, 10, 10, 20);
        assertEquals(0, new BigDecimal("100").compareTo(CpuUsage.busyPercent(T0, t3).orElseThrow()));
    }

    @Test
    void iowaitGoingBackwards_neverGivesMoreThan100() {
        CpuTimes t1 = new CpuTimes(110, 0, 50, 800, 40, 0, 0, 0); // total 0 growth: nothing
        assertEquals(Optional.empty(), CpuUsage.busyPercent(T0, t1));
        CpuTimes t2 = new CpuTimes(130, 0, 50, 800, 40, 0, 0, 0); // total +20, idle -10
        assertEquals(0, new BigDecimal("100").compareTo(CpuUsage.busyPercent(T0, t2).orElseThrow()));
    }

    @Test
    void countersGoingBack_giveNoValue() {
        assertEquals(Optional.empty(), CpuUsage.busyPercent(new CpuTimes(1000, 0, 0, 1000, 0, 0, 0, 0), T0));
    }
}
