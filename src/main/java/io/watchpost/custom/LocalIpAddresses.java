package io.watchpost.custom;

import io.watchpost.proc.AddressText;
import io.watchpost.proc.InterfaceAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The value of {@code local_ip_addresses}: the device's own addresses that say something about how it is reached.
 *
 * <ul>
 *   <li>Left out: loopback (127.0.0.0/8, {@code ::1}, any address owned by {@code lo}), the unspecified addresses,
 *       and IPv6 link-local ({@code fe80::/10}). Every interface has a link-local address derived from its MAC or at
 *       random; written without its zone ({@code %eth0}, which Device Defender refuses) it does not even say which
 *       link it is on, so it would be noise that changes whenever a NIC does.</li>
 *   <li>Kept: IPv4 link-local (169.254.0.0/16). Linux gives IPv4 no zone, and such an address appears when DHCP
 *       failed, which is a state worth seeing in Device Defender.</li>
 *   <li>An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is the IPv4 address and counted once.</li>
 *   <li>Order: IPv4 before IPv6, each in numeric order; IPv6 in RFC 5952 text. At most {@code max} are kept, the
 *       first in that order.</li>
 * </ul>
 */
final class LocalIpAddresses {
    /** IPv4 (4 bytes) before IPv6 (16), then by unsigned byte value: numeric order within a family. */
    private static final Comparator<InetAddress> NUMERIC = Comparator
            .comparingInt((InetAddress a) -> a.getAddress().length)
            .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned);

    /** @param addresses in order; {@code total} counts all that qualified, including those past the cap */
    record Result(List<String> addresses, int total) {
        Result {
            addresses = List.copyOf(addresses);
        }

        boolean truncated() {
            return total > addresses.size();
        }
    }

    private LocalIpAddresses() {
    }

    static Result of(InterfaceAddresses table, int max) {
        TreeSet<InetAddress> kept = new TreeSet<>(NUMERIC);
        for (InterfaceAddresses.LocalAddress local : table.all()) {
            InetAddress a = local.address();
            if (!InterfaceAddresses.LOOPBACK.equals(local.interfaceName()) && isReported(a)) {
                kept.add(a);
            }
        }
        List<String> out = new ArrayList<>(Math.min(kept.size(), max));
        for (InetAddress a : kept) {
            if (out.size() == max) {
                break;
            }
            out.add(text(a));
        }
        return new Result(out, kept.size());
    }

    /** Loopback, unspecified, multicast and IPv6 link-local addresses are not reported (see the class comment). */
    static boolean isReported(InetAddress a) {
        return !a.isLoopbackAddress() && !a.isAnyLocalAddress() && !a.isMulticastAddress()
                && !(a instanceof Inet6Address && a.isLinkLocalAddress());
    }

    /** Dotted quad, or RFC 5952 IPv6 (Java's own form keeps every zero group: fd00:0:0:0:0:0:0:2). */
    static String text(InetAddress a) {
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return a.getHostAddress();
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        int[] words = {buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt()};
        StringBuilder sb = new StringBuilder(39);
        AddressText.appendIpv6(sb, words);
        return sb.toString();
    }
}
