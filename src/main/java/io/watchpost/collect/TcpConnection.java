package io.watchpost.collect;

import java.util.Comparator;

/**
 * An established TCP connection as the report needs it.
 *
 * @param remoteAddress  {@code a.b.c.d:port} for IPv4 (including IPv4-mapped IPv6), {@code [v6]:port} for IPv6
 * @param localPort      the local port
 * @param localInterface the interface owning the local address, or null when none does
 */
public record TcpConnection(String remoteAddress, int localPort, String localInterface)
        implements Comparable<TcpConnection> {
    private static final Comparator<TcpConnection> ORDER = Comparator.comparing(TcpConnection::remoteAddress)
            .thenComparingInt(TcpConnection::localPort)
            .thenComparing(TcpConnection::localInterface, Comparator.nullsFirst(Comparator.naturalOrder()));

    @Override
    public int compareTo(TcpConnection o) {
        return ORDER.compare(this, o);
    }
}
