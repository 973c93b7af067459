package io.watchpost.collect;

import java.util.List;
import java.util.Objects;

/**
 * Everything one collection read from a proc root.
 *
 * @param bootId         {@code sys/kernel/random/boot_id}, or null when unreadable (then no baseline can be trusted)
 * @param networkSource  the directory the tables and counters were read from (e.g. {@code /host/proc/1/net}): two
 *                       proc roots of one host share the boot id but may show different network namespaces, so a
 *                       baseline is only valid for the source it was read from
 * @param tcpListeners   TCP sockets in LISTEN, IPv4 and IPv6
 * @param udpListeners   unconnected UDP sockets, IPv4 and IPv6
 * @param established    TCP sockets in ESTABLISHED, IPv4 and IPv6
 * @param interfaces     counters of every interface in {@code net/dev}, loopback flagged
 * @param malformedLines lines skipped because they could not be parsed, over all files
 * @param tcpPorts       every port of {@code tcpListeners}, also those the bounded list does not keep
 * @param udpPorts       every port of {@code udpListeners}, also those the bounded list does not keep
 * @param destinations   the distinct remote addresses of every established connection (not only the kept ones),
 *                       bounded: {@link RemoteAddresses#complete()} is false past the bound
 */
public record NetworkSnapshot(String bootId, String networkSource, Bounded<PortBinding> tcpListeners,
                              Bounded<PortBinding> udpListeners, Bounded<TcpConnection> established,
                              List<InterfaceCounters> interfaces, int malformedLines, PortSet tcpPorts,
                              PortSet udpPorts, RemoteAddresses destinations) {
    public NetworkSnapshot {
        Objects.requireNonNull(networkSource, "networkSource");
        Objects.requireNonNull(tcpPorts, "tcpPorts");
        Objects.requireNonNull(udpPorts, "udpPorts");
        Objects.requireNonNull(destinations, "destinations");
        interfaces = List.copyOf(interfaces);
    }
}
