package io.watchpost.synth;

/**
 * Rows of {@code net/tcp}, {@code tcp6}, {@code udp} and {@code udp6} exactly as the kernel prints them
 * ({@code get_tcp4_sock}, {@code get_timewait4_sock}, {@code get_openreq4}, {@code get_tcp6_sock},
 * {@code udp4_format_sock}, {@code ip6_dgram_sock_seq_show}). The IPv4 tables pad every line with spaces
 * ({@code seq_pad}) to 149 characters (TCP) or 127 (UDP); the IPv6 tables do not.
 */
final class SocketRows {
    static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
            + "  timeout inode";
    static final String TCP6_HEADER = "  sl  local_address                         remote_address                     "
            + "   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
    static final String UDP_HEADER = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
            + "  timeout inode ref pointer drops";
    static final String UDP6_HEADER = "  sl  local_address                         remote_address                     "
            + "   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops";
    static final int TCP_WIDTH = 149;
    static final int UDP_WIDTH = 127;

    /** The kernel's TCP states ({@code include/net/tcp_states.h}). */
    enum TcpState {
        ESTABLISHED(0x01), SYN_SENT(0x02), SYN_RECV(0x03), FIN_WAIT1(0x04), FIN_WAIT2(0x05), TIME_WAIT(0x06),
        CLOSE(0x07), CLOSE_WAIT(0x08), LAST_ACK(0x09), LISTEN(0x0A), CLOSING(0x0B);

        final int code;

        TcpState(int code) {
            this.code = code;
        }
    }

    /** What varies between rows besides the addresses; everything else is derived. */
    record Extras(long inode, int uid, long pointer, int timerCode, long timerTicks, int refCount) {
    }

    private SocketRows() {
    }

    static void header(StringBuilder out, String header, int padWidth) {
        int start = out.length();
        out.append(header);
        if (padWidth > 0) {
            KernelText.padLine(out, start, padWidth);
        } else {
            out.append('\n');
        }
    }

    /** One row of {@code tcp} ({@code padWidth} 149) or {@code tcp6} ({@code padWidth} 0). */
    static void tcp(StringBuilder out, int sl, SynthAddress local, int localPort, SynthAddress remote,
                    int remotePort, TcpState state, Extras x, int padWidth) {
        int start = out.length();
        KernelText.rightAligned(out, sl, 4).append(": ");
        endpoints(out, local, localPort, remote, remotePort);
        KernelText.hex(out, state.code, 2).append(' ');
        switch (state) {
            case TIME_WAIT -> {
                // get_timewait4_sock: " %02X %08X:%08X %02X:%08lX %08X %5d %8d %d %d %pK"
                out.append("00000000:00000000 03:");
                KernelText.hex(out, x.timerTicks(), 8).append(" 00000000     0        0 0 3 ");
                KernelText.lowerHex(out, x.pointer(), 16);
            }
            case SYN_RECV -> {
                // get_openreq4: " %02X %08X:%08X %02X:%08lX %08X %5u %8d %u %d %pK"
                out.append("00000000:00000000 01:");
                KernelText.hex(out, x.timerTicks(), 8).append(" 00000000 ");
                KernelText.rightAligned(out, x.uid(), 5).append("        0 0 0 ");
                KernelText.lowerHex(out, x.pointer(), 16);
            }
            default -> {
                // get_tcp4_sock: "%08X:%08X %02X:%08lX %08X %5u %8d %lu %d %pK %lu %lu %u %u %d"
                out.append("00000000:00000000 ");
                KernelText.hex(out, x.timerCode(), 2).append(':');
                KernelText.hex(out, x.timerTicks(), 8).append(" 00000000 ");
                KernelText.rightAligned(out, x.uid(), 5).append("        0 ").append(x.inode()).append(' ')
                        .append(x.refCount()).append(' ');
                KernelText.lowerHex(out, x.pointer(), 16);
                if (state == TcpState.LISTEN) {
                    out.append(" 100 0 0 10 0");
                } else {
                    out.append(state == TcpState.SYN_SENT ? " 200 0 0 10 -1" : " 20 4 0 10 -1");
                }
            }
        }
        if (padWidth > 0) {
            KernelText.padLine(out, start, padWidth);
        } else {
            out.append('\n');
        }
    }

    /** One row of {@code udp} ({@code padWidth} 127) or {@code udp6} ({@code padWidth} 0); {@code sl} is the bucket. */
    static void udp(StringBuilder out, int bucket, SynthAddress local, int localPort, SynthAddress remote,
                    int remotePort, Extras x, int padWidth) {
        int start = out.length();
        KernelText.rightAligned(out, bucket, 5).append(": ");
        endpoints(out, local, localPort, remote, remotePort);
        // Unconnected sockets are in TCP_CLOSE (07), connected ones in TCP_ESTABLISHED (01).
        KernelText.hex(out, remote.isWildcard() && remotePort == 0 ? 0x07 : 0x01, 2);
        out.append(" 00000000:00000000 00:00000000 00000000 ");
        KernelText.rightAligned(out, x.uid(), 5).append("        0 ").append(x.inode()).append(' ')
                .append(x.refCount()).append(' ');
        KernelText.lowerHex(out, x.pointer(), 16).append(" 0");
        if (padWidth > 0) {
            KernelText.padLine(out, start, padWidth);
        } else {
            out.append('\n');
        }
    }

    private static void endpoints(StringBuilder out, SynthAddress local, int localPort, SynthAddress remote,
                                  int remotePort) {
        KernelText.address(out, local.bytes()).append(':');
        KernelText.hex(out, localPort, 4).append(' ');
        KernelText.address(out, remote.bytes()).append(':');
        KernelText.hex(out, remotePort, 4).append(' ');
    }
}
