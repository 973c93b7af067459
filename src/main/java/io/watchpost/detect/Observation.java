package io.watchpost.detect;

import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.report.NetworkStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What one collection shows about the device's behaviour, as the learning history ({@link LearningHistory}) takes it.
 *
 * @param time         when it was collected
 * @param tcpPorts     distinct listening TCP port numbers
 * @param udpPorts     distinct listening UDP port numbers
 * @param listeningTcp {@code aws:num-listening-tcp-ports}: listening TCP bindings, as the report counts them
 * @param listeningUdp {@code aws:num-listening-udp-ports}
 * @param established  {@code aws:num-established-tcp-connections}
 * @param destinations remote addresses of established connections ({@code a.b.c.d} or IPv6 text)
 * @param traffic      bytes and packets since the previous observation, or null when there is none to trust (first
 *                     sample, counter reset, reboot)
 * @param custom       custom metric values by name (built-in and received), possibly empty
 */
public record Observation(Instant time, List<Integer> tcpPorts, List<Integer> udpPorts, int listeningTcp,
                          int listeningUdp, int established, List<String> destinations, NetworkStats traffic,
                          Map<String, CustomMetricValue> custom) {
    public Observation {
        Objects.requireNonNull(time, "time");
        tcpPorts = List.copyOf(tcpPorts);
        udpPorts = List.copyOf(udpPorts);
        destinations = List.copyOf(destinations);
        custom = Map.copyOf(custom);
    }

    /**
     * From one collection: ports and counts from the listeners, destinations from the established connections the
     * snapshot kept (all of them when the collector was given a limit above their number).
     */
    public static Observation of(Instant time, NetworkSnapshot snapshot, NetworkStats traffic,
                                 Map<String, CustomMetricValue> custom) {
        TreeSet<String> destinations = new TreeSet<>();
        for (TcpConnection c : snapshot.established().kept()) {
            String remote = c.remoteAddress();
            String host = remote.substring(0, remote.lastIndexOf(':'));
            destinations.add(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        }
        return new Observation(time, ports(snapshot.tcpListeners().kept()), ports(snapshot.udpListeners().kept()),
                snapshot.tcpListeners().total(), snapshot.udpListeners().total(), snapshot.established().total(),
                new ArrayList<>(destinations), traffic, custom);
    }

    private static List<Integer> ports(List<PortBinding> bindings) {
        TreeSet<Integer> ports = new TreeSet<>();
        bindings.forEach(b -> ports.add(b.port()));
        return new ArrayList<>(ports);
    }
}
