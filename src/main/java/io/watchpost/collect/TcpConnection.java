package io.watchpost.collect;

/**
 * An established TCP connection as the report needs it.
 *
 * @param remoteAddress  {@code a.b.c.d:port} for IPv4 (including IPv4-mapped IPv6), {@code [v6]:port} for IPv6
 * @param localPort      the local port
 * @param localInterface the interface owning the local address, or null when none does
 */
public record TcpConnection(String remoteAddress, int localPort, String localInterface)
        implements Comparable<TcpConnection> {

    /**
     * Remote address text, then local port, then interface (none first). Written out rather than as a
     * {@code Comparator} chain: the kept-connection heap calls this for every candidate that enters it.
     */
    @Override
    public int compareTo(TcpConnection o) {
        int c = remoteAddress.compareTo(o.remoteAddress);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(localPort, o.localPort);
        if (c != 0) {
            return c;
        }
        if (localInterface == null) {
            return o.localInterface == null ? 0 : -1;
        }
        return o.localInterface == null ? 1 : localInterface.compareTo(o.localInterface);
    }
}
