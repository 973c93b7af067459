package io.watchpost.report;

import io.watchpost.collect.InterfaceCounters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Traffic between a baseline and the current counters, summed over interfaces. All arithmetic is unsigned 64-bit.
 *
 * <ul>
 *   <li>A counter that went down (interface reset, 32-bit counter wrap, interface removed and re-added) contributes its
 *       current value: that is the traffic since the reset, as far as the kernel still knows it.</li>
 *   <li>An interface absent from the baseline contributes its full current value (it appeared since then).</li>
 *   <li>An interface in the baseline but no longer present contributes nothing (its counters are gone).</li>
 *   <li>The sum saturates at 2^64-1 instead of wrapping, so a total can never turn small or "negative".</li>
 * </ul>
 * Counters are matched per counter, not per interface, so a wrap of one 32-bit counter does not distort the others.
 */
public final class NetworkDeltas {
    /** 2^64-1 as an unsigned long. */
    public static final long UNSIGNED_MAX = -1L;

    private NetworkDeltas() {}

    /**
     * @param baseline        counters at the last accepted report
     * @param current         counters now
     * @param includeLoopback whether loopback interfaces (flagged in {@code current}) count
     */
    public static NetworkStats between(List<InterfaceCounters> baseline, List<InterfaceCounters> current,
                                       boolean includeLoopback) {
        Map<String, InterfaceCounters> before = new HashMap<>();
        for (InterfaceCounters c : baseline) {
            before.put(c.name(), c);
        }
        long bytesIn = 0;
        long bytesOut = 0;
        long packetsIn = 0;
        long packetsOut = 0;
        for (InterfaceCounters now : current) {
            if (now.loopback() && !includeLoopback) {
                continue;
            }
            InterfaceCounters then = before.get(now.name());
            if (then == null) {
                then = new InterfaceCounters(now.name(), now.loopback(), 0, 0, 0, 0);
            }
            bytesIn = saturatingAdd(bytesIn, delta(then.rxBytes(), now.rxBytes()));
            bytesOut = saturatingAdd(bytesOut, delta(then.txBytes(), now.txBytes()));
            packetsIn = saturatingAdd(packetsIn, delta(then.rxPackets(), now.rxPackets()));
            packetsOut = saturatingAdd(packetsOut, delta(then.txPackets(), now.txPackets()));
        }
        return new NetworkStats(bytesIn, bytesOut, packetsIn, packetsOut);
    }

    /** Unsigned {@code now - then}, or {@code now} when the counter went down (it restarted from zero since). */
    static long delta(long then, long now) {
        return Long.compareUnsigned(now, then) >= 0 ? now - then : now;
    }

    /** Unsigned addition that stops at 2^64-1 rather than wrapping around. */
    static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return Long.compareUnsigned(sum, a) < 0 ? UNSIGNED_MAX : sum;
    }
}
