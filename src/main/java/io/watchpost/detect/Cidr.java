package io.watchpost.detect;

import io.watchpost.collect.TcpConnection;

/**
 * One entry of a {@code MetricValue.cidrs} list, parsed: an address and a prefix length. IPv4 is held IPv4-mapped
 * ({@code ::ffff:a.b.c.d}, as {@link TcpConnection} and {@code RemoteAddresses} hold a peer) with the prefix counted
 * over all 128 bits, so one comparison serves both families. An IPv4-mapped IPv6 CIDR ({@code ::ffff:10.0.0.0/104})
 * is the IPv4 CIDR it spells; an IPv6 CIDR matches only IPv6 peers and an IPv4 CIDR only IPv4 peers. AWS documents no
 * rule for either case; this is Watchpost's (docs/detect.md).
 *
 * @param high   first 64 bits of the network address, host bits cleared
 * @param low    last 64 bits of the network address, host bits cleared
 * @param prefix prefix length over 128 bits (an IPv4 /24 is 120)
 * @param ipv4   true for an IPv4 CIDR
 */
public record Cidr(long high, long low, int prefix, boolean ipv4) {
    /** AWS's {@code Cidr} shape: 2–43 characters. */
    public static final int MIN_TEXT_LENGTH = 2;
    public static final int MAX_TEXT_LENGTH = 43;

    /**
     * Parses {@code a.b.c.d/n} (n 0–32), an IPv6 literal {@code /n} (n 0–128), or an address without a prefix (one
     * host). Host bits below the prefix are ignored, as a router reads {@code 10.0.0.1/8}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Cidr parse(String text) {
        if (text == null || text.length() < MIN_TEXT_LENGTH || text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("must be " + MIN_TEXT_LENGTH + "-" + MAX_TEXT_LENGTH + " characters");
        }
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        boolean v6 = address.indexOf(':') >= 0;
        TcpConnection parsed;
        try {
            parsed = new TcpConnection(v6 ? "[" + address + "]:0" : address + ":0", 0, null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + address + "\" is not an IPv4 or IPv6 address");
        }
        int max = v6 ? 128 : 32;
        int length = max;
        if (slash >= 0) {
            String bits = text.substring(slash + 1);
            if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(bits) > max) {
                throw new IllegalArgumentException("prefix length \"" + bits + "\" is not 0-" + max);
            }
            length = Integer.parseInt(bits);
        }
        boolean ipv4 = parsed.isIpv4();
        int prefix = v6 ? length : 96 + length;
        if (v6 && ipv4 && prefix < 96) {
            throw new IllegalArgumentException("an IPv4-mapped prefix must be at least /96");
        }
        return new Cidr(parsed.remoteHigh() & mask(prefix, true), parsed.remoteLow() & mask(prefix, false), prefix,
                ipv4);
    }

    /** A host: {@code /32} for an IPv4(-mapped) address, {@code /128} otherwise. */
    public static Cidr host(long high, long low) {
        return new Cidr(high, low, 128, isIpv4(high, low));
    }

    /** True when the address (128 bits, IPv4 peers IPv4-mapped) lies in this CIDR. */
    public boolean contains(long addressHigh, long addressLow) {
        if (ipv4 != isIpv4(addressHigh, addressLow)) {
            return false;
        }
        return (addressHigh & mask(prefix, true)) == high && (addressLow & mask(prefix, false)) == low;
    }

    /** The prefix length as written for the family: 0–32 for IPv4, 0–128 for IPv6. */
    public int familyPrefix() {
        return ipv4 ? prefix - 96 : prefix;
    }

    /** The same network with a shorter prefix (host bits cleared), e.g. a /32 widened to its /24. */
    public Cidr widen(int newFamilyPrefix) {
        int p = ipv4 ? 96 + newFamilyPrefix : newFamilyPrefix;
        return new Cidr(high & mask(p, true), low & mask(p, false), p, ipv4);
    }

    /** {@code a.b.c.d/n} or the RFC 5952 text of the network address with {@code /n}. */
    public String text() {
        String address = new TcpConnection(high, low, 0, 0, null).remoteAddress();
        address = address.substring(0, address.lastIndexOf(':'));
        if (address.startsWith("[")) {
            address = address.substring(1, address.length() - 1);
        }
        return address + "/" + familyPrefix();
    }

    private static boolean isIpv4(long high, long low) {
        return high == 0 && (low & 0xffff_ffff_0000_0000L) == 0x0000_ffff_0000_0000L;
    }

    /** The bits of the first or second 64-bit half that a prefix of {@code prefix} bits keeps. */
    private static long mask(int prefix, boolean firstHalf) {
        int bits = firstHalf ? Math.min(prefix, 64) : Math.max(prefix - 64, 0);
        return bits == 0 ? 0 : -1L << (64 - bits);
    }
}
