package io.watchpost.detect;

import io.watchpost.collect.InterfaceCounters;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.collect.PortSet;
import io.watchpost.collect.RemoteAddresses;
import io.watchpost.report.CustomMetricValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What Detect evaluates from one collection: the values of every device-side metric, the custom metrics by name, and
 * the interface counters the windowed metrics take their deltas from.
 *
 * @param time                 when the sample was taken
 * @param bootId               the kernel's boot id, or null when unreadable (then no window can be trusted)
 * @param networkSource        where the counters were read from: counters of two sources are never subtracted
 * @param tcpPorts             {@code aws:listening-tcp-ports}
 * @param udpPorts             {@code aws:listening-udp-ports}
 * @param tcpListeners         {@code aws:num-listening-tcp-ports}: distinct (port, interface) listeners, all counted
 * @param udpListeners         {@code aws:num-listening-udp-ports}
 * @param establishedTcp       {@code aws:num-established-tcp-connections}: all counted, not only those kept
 * @param destinations         {@code aws:destination-ip-addresses}: distinct remote addresses of ALL established
 *                             connections ({@link RemoteAddresses#complete()} false past the collector's bound)
 * @param interfaces           cumulative counters per interface, loopback flagged
 * @param custom               custom metric values by configured name
 */
public record DetectionSample(Instant time, String bootId, String networkSource, PortSet tcpPorts, PortSet udpPorts,
                              int tcpListeners, int udpListeners, int establishedTcp, RemoteAddresses destinations,
                              List<InterfaceCounters> interfaces, Map<String, CustomMetricValue> custom) {
    public DetectionSample {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(tcpPorts, "tcpPorts");
        Objects.requireNonNull(udpPorts, "udpPorts");
        Objects.requireNonNull(destinations, "destinations");
        interfaces = List.copyOf(interfaces);
        custom = Map.copyOf(custom);
    }

    /** The sample of one collection: ports, counts and destinations as the collector gathered them (all of them). */
    public static DetectionSample of(NetworkSnapshot snapshot, Map<String, CustomMetricValue> custom, Instant time) {
        return new DetectionSample(time, snapshot.bootId(), snapshot.networkSource(), snapshot.tcpPorts(),
                snapshot.udpPorts(), snapshot.tcpListeners().total(), snapshot.udpListeners().total(),
                snapshot.established().total(), snapshot.destinations(), snapshot.interfaces(), custom);
    }
}
