package io.watchpost.proc;

/**
 * Receives the rows of a socket table ({@code net/tcp}, {@code tcp6}, {@code udp}, {@code udp6}) as primitives.
 *
 * <p>An address is an array of 32-bit words in network order: {@code word >>> 24} is the first byte on the wire. IPv4
 * has one word, IPv6 four. The arrays are reused from row to row: read them during the call, never keep them.
 */
@FunctionalInterface
public interface SocketRowVisitor {
    /**
     * @param state the {@code st} column (for TCP a {@link TcpState} code; UDP prints 07 unconnected, 01 connected)
     */
    void row(int[] localAddress, int localPort, int[] remoteAddress, int remotePort, int state);
}
