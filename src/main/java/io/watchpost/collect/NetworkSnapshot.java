package io.watchpost.collect;

import java.util.List;

/**
 * Everything one collection read from a proc root.
 *
 * @param bootId         {@code sys/kernel/random/boot_id}, or null when unreadable (then no baseline can be trusted)
 * @param tcpListeners   TCP sockets in LISTEN, IPv4 and IPv6
 * @param udpListeners   unconnected UDP sockets, IPv4 and IPv6
 * @param established    TCP sockets in ESTABLISHED, IPv4 and IPv6
 * @param interfaces     counters of every interface in {@code net/dev}, loopback flagged
 * @param malformedLines lines skipped because they could not be parsed, over all files
 */
public record NetworkSnapshot(String bootId, Bounded<PortBinding> tcpListeners, Bounded<PortBinding> udpListeners,
                              Bounded<TcpConnection> established, List<InterfaceCounters> interfaces,
                              int malformedLines) {
    public NetworkSnapshot {
        interfaces = List.copyOf(interfaces);
    }
}
