package io.watchpost.proc;

/**
 * The state of one network interface as sysfs shows it.
 *
 * @param name      the interface name
 * @param operState {@code /sys/class/net/<if>/operstate}
 * @param flags     {@code /sys/class/net/<if>/flags}: the administrative {@code IFF_*} flags
 */
public record LinkState(String name, OperState operState, long flags) {
    /** {@code IFF_UP}: administratively up. */
    public static final long IFF_UP = 0x1;
    /** {@code IFF_LOOPBACK}. */
    public static final long IFF_LOOPBACK = 0x8;

    /**
     * Whether the interface can pass traffic: operstate {@code up}; or operstate {@code unknown} (drivers that do not
     * track a carrier, e.g. tun, wireguard, dummy, report that) with the administrative up flag set, as {@code ip link}
     * shows {@code state UNKNOWN} for working tunnels.
     */
    public boolean isUp() {
        return operState == OperState.UP || (operState == OperState.UNKNOWN && (flags & IFF_UP) != 0);
    }

    public boolean isLoopback() {
        return (flags & IFF_LOOPBACK) != 0;
    }
}
