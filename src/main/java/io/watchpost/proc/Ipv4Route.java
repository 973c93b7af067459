package io.watchpost.proc;

/**
 * One row of {@code net/route} (the main IPv4 table). Addresses are 32-bit words in network order
 * ({@code destination >>> 24} is the first byte).
 *
 * @param flags {@code RTF_*}: 0x1 up, 0x2 via a gateway, 0x4 host route
 */
public record Ipv4Route(String interfaceName, int destination, int gateway, int flags, int metric, int mask) {
    public static final int RTF_UP = 0x1;
    public static final int RTF_GATEWAY = 0x2;

    /** Number of leading one bits of the mask, or -1 when the mask is not contiguous. */
    public int prefixLength() {
        int ones = Integer.bitCount(mask);
        return mask == (ones == 0 ? 0 : -1 << (32 - ones)) ? ones : -1;
    }

    /** True when this route's subnet holds the address. */
    public boolean contains(int address) {
        return (address & mask) == (destination & mask);
    }
}
