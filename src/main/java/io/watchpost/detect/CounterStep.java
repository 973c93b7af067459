package io.watchpost.detect;

import io.watchpost.collect.InterfaceCounters;
import io.watchpost.report.NetworkDeltas;
import io.watchpost.report.NetworkStats;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The traffic between two consecutive detection samples, from Detect's own baseline (the previous sample; never the
 * report's baseline, which follows Device Defender's answers). Deltas follow the report's rules (unsigned 64-bit, a
 * counter that went down contributes its new value, loopback excluded unless asked for), and {@link #kind} says
 * whether the step can be trusted inside a window.
 *
 * @param from the previous sample's time, or null when there was none
 */
record CounterStep(Instant from, NetworkStats traffic, Kind kind) {

    enum Kind {
        /** Same boot, same source, same interfaces, no counter went down. */
        CLEAN(null),
        /** No previous sample: windows start here. */
        FIRST("no earlier sample"),
        /** New boot id (or none readable): counters restarted, windows restart here. */
        REBOOT("the device rebooted (boot id changed)"),
        /** Counters read from another network namespace: nothing to subtract from, windows restart here. */
        SOURCE_CHANGED("the network source changed"),
        /** A counter went down: the window has no trustworthy sum. */
        COUNTER_RESET("a counter was reset"),
        /** An interface came or went: the window has no trustworthy sum. */
        INTERFACES_CHANGED("the set of interfaces changed");

        final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        /** Windows are re-aligned to this sample: what came before cannot be compared with what comes after. */
        boolean restartsWindows() {
            return this == FIRST || this == REBOOT || this == SOURCE_CHANGED;
        }
    }

    /** The counters Detect subtracts from: the previous sample's. */
    record Baseline(Instant time, String bootId, String networkSource, List<InterfaceCounters> interfaces) {
        Baseline {
            interfaces = List.copyOf(interfaces);
        }
    }

    static CounterStep between(Baseline previous, DetectionSample now, boolean includeLoopback) {
        NetworkStats zero = new NetworkStats(0, 0, 0, 0);
        if (previous == null) {
            return new CounterStep(null, zero, Kind.FIRST);
        }
        if (now.bootId() == null || !now.bootId().equals(previous.bootId())) {
            return new CounterStep(previous.time(), zero, Kind.REBOOT);
        }
        if (!Objects.equals(now.networkSource(), previous.networkSource())) {
            return new CounterStep(previous.time(), zero, Kind.SOURCE_CHANGED);
        }
        NetworkStats traffic = NetworkDeltas.between(previous.interfaces(), now.interfaces(), includeLoopback);
        Kind kind = !names(previous.interfaces(), includeLoopback).equals(names(now.interfaces(), includeLoopback))
                ? Kind.INTERFACES_CHANGED
                : wentDown(previous.interfaces(), now.interfaces(), includeLoopback) ? Kind.COUNTER_RESET : Kind.CLEAN;
        return new CounterStep(previous.time(), traffic, kind);
    }

    static Baseline baselineOf(DetectionSample sample) {
        return new Baseline(sample.time(), sample.bootId(), sample.networkSource(), sample.interfaces());
    }

    private static Set<String> names(List<InterfaceCounters> interfaces, boolean includeLoopback) {
        Set<String> names = new TreeSet<>();
        for (InterfaceCounters c : interfaces) {
            if (includeLoopback || !c.loopback()) {
                names.add(c.name());
            }
        }
        return names;
    }

    private static boolean wentDown(List<InterfaceCounters> before, List<InterfaceCounters> now,
                                    boolean includeLoopback) {
        for (InterfaceCounters n : now) {
            if (n.loopback() && !includeLoopback) {
                continue;
            }
            for (InterfaceCounters b : before) {
                if (b.name().equals(n.name()) && (Long.compareUnsigned(n.rxBytes(), b.rxBytes()) < 0
                        || Long.compareUnsigned(n.txBytes(), b.txBytes()) < 0
                        || Long.compareUnsigned(n.rxPackets(), b.rxPackets()) < 0
                        || Long.compareUnsigned(n.txPackets(), b.txPackets()) < 0)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The delta of one windowed device metric. */
    long of(DeviceMetric metric) {
        return switch (metric) {
            case ALL_BYTES_IN -> traffic.bytesIn();
            case ALL_BYTES_OUT -> traffic.bytesOut();
            case ALL_PACKETS_IN -> traffic.packetsIn();
            case ALL_PACKETS_OUT -> traffic.packetsOut();
            default -> throw new IllegalArgumentException(metric + " is not a counter");
        };
    }
}
