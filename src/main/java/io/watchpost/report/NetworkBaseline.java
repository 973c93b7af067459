package io.watchpost.report;

import io.watchpost.collect.InterfaceCounters;
import java.util.List;
import java.util.Objects;

/**
 * The interface counters at the last report Device Defender accepted. The next report's network_stats are the deltas
 * against it. It is only valid within one boot: the kernel's counters restart at every boot.
 */
public record NetworkBaseline(String bootId, List<InterfaceCounters> interfaces) {
    public NetworkBaseline {
        Objects.requireNonNull(bootId, "bootId");
        interfaces = List.copyOf(interfaces);
    }
}
