package io.watchpost.collect;

import io.watchpost.proc.AddressText;

/**
 * An established TCP connection as the report needs it. The remote address is kept as numbers, so that choosing and
 * sorting the connections a report carries needs no text; {@link #remoteAddress()} writes it out for the encoder.
 *
 * <p>Natural order (the order of the report's list, and so which entries a size budget drops): IPv4 peers before
 * IPv6 peers, then the address as an unsigned number, then the remote port, the local port and the interface (none
 * first, then by name).
 *
 * @param remoteHigh     first 64 bits of the remote address in network order; an IPv4 peer is stored IPv4-mapped
 *                       ({@code ::ffff:a.b.c.d}), so a v4 peer seen on a v4 and on a dual-stack socket is one value
 * @param remoteLow      last 64 bits of the remote address in network order
 * @param remotePort     the remote port
 * @param localPort      the local port
 * @param localInterface the interface owning the local address, or null when none does
 */
public record TcpConnection(long remoteHigh, long remoteLow, int remotePort, int localPort, String localInterface)
        implements Comparable<TcpConnection> {

    private static final long IPV4_MAPPED_PREFIX = 0xffffL << 32;

    /**
     * From the printed form of the remote end ({@code a.b.c.d:port} or {@code [v6]:port}), as {@link #remoteAddress()}
     * writes it and as tests and oracles such as {@code ss} spell it.
     *
     * @throws IllegalArgumentException when the text is not such an address
     */
    public TcpConnection(String remoteAddress, int localPort, String localInterface) {
        this(RemoteAddressText.parse(remoteAddress), localPort, localInterface);
    }

    private TcpConnection(long[] remote, int localPort, String localInterface) {
        this(remote[0], remote[1], (int) remote[2], localPort, localInterface);
    }

    /** @param address the IPv4 address as a network-order word */
    public static TcpConnection ipv4(int address, int remotePort, int localPort, String localInterface) {
        return new TcpConnection(0, IPV4_MAPPED_PREFIX | Integer.toUnsignedLong(address), remotePort, localPort,
                localInterface);
    }

    /** True for an IPv4 peer (stored IPv4-mapped). */
    public boolean isIpv4() {
        return isIpv4(remoteHigh, remoteLow);
    }

    static boolean isIpv4(long high, long low) {
        return high == 0 && (low & 0xffff_ffff_0000_0000L) == IPV4_MAPPED_PREFIX;
    }

    /** {@code a.b.c.d:port} for an IPv4 peer, {@code [v6]:port} (RFC 5952) for an IPv6 peer. Written on each call. */
    public String remoteAddress() {
        StringBuilder text = new StringBuilder(48);
        if (isIpv4()) {
            AddressText.appendIpv4(text, (int) remoteLow);
        } else {
            text.append('[');
            AddressText.appendIpv6(text, new int[] {(int) (remoteHigh >>> 32), (int) remoteHigh,
                    (int) (remoteLow >>> 32), (int) remoteLow});
            text.append(']');
        }
        return text.append(':').append(remotePort).toString();
    }

    @Override
    public int compareTo(TcpConnection o) {
        int c = compareAddresses(remoteHigh, remoteLow, o.remoteHigh, o.remoteLow);
        if (c != 0) {
            return c;
        }
        c = Integer.compare(remotePort, o.remotePort);
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

    /** IPv4 (mapped) before IPv6, then unsigned: the address part of the natural order. */
    static int compareAddresses(long high, long low, long otherHigh, long otherLow) {
        boolean v4 = isIpv4(high, low);
        if (v4 != isIpv4(otherHigh, otherLow)) {
            return v4 ? -1 : 1;
        }
        int c = Long.compareUnsigned(high, otherHigh);
        return c != 0 ? c : Long.compareUnsigned(low, otherLow);
    }

    @Override
    public String toString() {
        return "TcpConnection[" + remoteAddress() + " local port " + localPort + " interface " + localInterface + "]";
    }
}
