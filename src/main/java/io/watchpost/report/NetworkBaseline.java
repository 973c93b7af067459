package io.watchpost.report;

import io.watchpost.collect.InterfaceCounters;
import java.util.List;
import java.util.Objects;

/**
 * The interface counters at the last report Device Defender accepted. The next report's network_stats are the deltas
 * against it. It is only valid within one boot (the kernel's counters restart at every boot) and for the network
 * directory it was read from (another proc root may show another network namespace); see {@link BaselineFit}.
 *
 * @param bootId        the boot the counters belong to
 * @param networkSource the directory {@code dev} was read from, e.g. {@code /host/proc/1/net}
 * @param interfaces    the counters of every interface, loopback included
 */
public record NetworkBaseline(String bootId, String networkSource, List<InterfaceCounters> interfaces) {
    public NetworkBaseline {
        Objects.requireNonNull(bootId, "bootId");
        Objects.requireNonNull(networkSource, "networkSource");
        interfaces = List.copyOf(interfaces);
    }
}
