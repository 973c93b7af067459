package io.watchpost.synth;

/**
 * The shape of one synthetic proc root. Everything random in it is drawn from {@code seed}, so a seed and a spec name
 * one root exactly.
 *
 * @param seed              the random seed
 * @param established       rows in state ESTABLISHED (01) over {@code tcp} and {@code tcp6}
 * @param tcpListeners      rows in state LISTEN (0A)
 * @param udpSockets        rows of {@code udp} and {@code udp6}
 * @param udpConnectedShare the fraction of UDP sockets that are connected (clients, not listeners)
 * @param otherStateRows    TCP rows in states that must be filtered out (TIME_WAIT, SYN_SENT, CLOSE_WAIT, ...)
 * @param interfaces        network interfaces besides {@code lo}
 * @param ipv6Share         the fraction of sockets that live in the IPv6 tables
 * @param mappedShare       the fraction of IPv6-table sockets that carry IPv4-mapped addresses
 * @param unownedShare      the fraction of bound local addresses that no interface owns
 */
public record SynthSpec(long seed, int established, int tcpListeners, int udpSockets, double udpConnectedShare,
                        int otherStateRows, int interfaces, double ipv6Share, double mappedShare,
                        double unownedShare) {
    public SynthSpec {
        requireAtLeast("established", established, 0);
        requireAtLeast("tcpListeners", tcpListeners, 0);
        requireAtLeast("udpSockets", udpSockets, 0);
        requireAtLeast("otherStateRows", otherStateRows, 0);
        requireAtLeast("interfaces", interfaces, 1);
        if (interfaces > 200) {
            throw new IllegalArgumentException("interfaces must be at most 200 (one 10.x.0.0/24 each): " + interfaces);
        }
        requireShare("udpConnectedShare", udpConnectedShare);
        requireShare("ipv6Share", ipv6Share);
        requireShare("mappedShare", mappedShare);
        requireShare("unownedShare", unownedShare);
    }

    /** A busy-gateway-like root: N established connections and proportionate everything else. */
    public static SynthSpec typical(long seed, int established) {
        return new SynthSpec(seed, established, 20 + established / 1000, 12 + established / 2000, 0.25,
                50 + established / 10, 4, 0.35, 0.3, 0.05);
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ": " + value);
        }
    }

    private static void requireShare(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be within [0, 1]: " + value);
        }
    }
}
