package io.watchpost.proc;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The host's own addresses and the interface owning each, read from a proc root rather than from
 * {@link java.net.NetworkInterface}, which only sees the JVM's own network namespace.
 *
 * <ul>
 *   <li>IPv6: {@code net/if_inet6} names the interface of every address directly.</li>
 *   <li>IPv4: {@code net/fib_trie} lists the local addresses ({@code /32 host LOCAL} leaves) but not their interface;
 *       the owner is the interface of the longest-prefix connected route in {@code net/route} whose subnet holds the
 *       address (gateway and default routes do not count). On ties the lower metric, then the smaller name wins.
 *       An address with no such route (e.g. a /32 on an interface) has no owner. All of 127.0.0.0/8 belongs to
 *       {@code lo}: the kernel treats the whole block as local and routes it through loopback.</li>
 * </ul>
 * Read by {@link ProcTables#interfaceAddresses()}. Lookups used per socket row are primitive and allocation-free; interfaces are identified by their rank in
 * {@link #names()} (sorted), so that sort order of ranks is the sort order of names.
 */
public final class InterfaceAddresses {
    public static final String LOOPBACK = "lo";
    public static final int NO_OWNER = -1;

    /** One local address and its interface, or null when no interface owns it. */
    public record LocalAddress(InetAddress address, String interfaceName) {
    }

    private final List<String> names;
    private final int[] v4Addresses;
    private final int[] v4Owners;
    private final long[] v6High;
    private final long[] v6Low;
    private final int[] v6Owners;
    private final int loopbackRank;

    private InterfaceAddresses(List<String> names, int[] v4Addresses, int[] v4Owners, long[] v6High, long[] v6Low,
                               int[] v6Owners) {
        this.names = List.copyOf(names);
        this.v4Addresses = v4Addresses;
        this.v4Owners = v4Owners;
        this.v6High = v6High;
        this.v6Low = v6Low;
        this.v6Owners = v6Owners;
        this.loopbackRank = names.indexOf(LOOPBACK);
    }

    /** Builds the tables from parsed rows (see the class comment for how IPv4 owners are chosen). */
    public static InterfaceAddresses of(List<IfInet6Row> v6Rows, int[] localIpv4, List<Ipv4Route> routes) {
        TreeSet<String> nameSet = new TreeSet<>();
        nameSet.add(LOOPBACK);
        v6Rows.forEach(r -> nameSet.add(r.interfaceName()));
        int[] v4 = localIpv4.clone();
        Arrays.sort(v4);
        String[] v4OwnerNames = new String[v4.length];
        for (int i = 0; i < v4.length; i++) {
            v4OwnerNames[i] = ipv4Owner(v4[i], routes);
            if (v4OwnerNames[i] != null) {
                nameSet.add(v4OwnerNames[i]);
            }
        }
        List<String> names = new ArrayList<>(nameSet);
        int[] v4Owners = new int[v4.length];
        for (int i = 0; i < v4.length; i++) {
            v4Owners[i] = v4OwnerNames[i] == null ? NO_OWNER : names.indexOf(v4OwnerNames[i]);
        }
        // Sort by address, then name: the same address on two interfaces (possible for link-local) keeps the first.
        List<IfInet6Row> sorted = new ArrayList<>(v6Rows);
        sorted.sort(Comparator.comparing((IfInet6Row r) -> r.high(), Long::compareUnsigned)
                .thenComparing(IfInet6Row::low, Long::compareUnsigned)
                .thenComparing(IfInet6Row::interfaceName));
        long[] high = new long[sorted.size()];
        long[] low = new long[sorted.size()];
        int[] owners = new int[sorted.size()];
        int n = 0;
        for (IfInet6Row r : sorted) {
            if (n > 0 && high[n - 1] == r.high() && low[n - 1] == r.low()) {
                continue;
            }
            high[n] = r.high();
            low[n] = r.low();
            owners[n++] = names.indexOf(r.interfaceName());
        }
        return new InterfaceAddresses(names, v4, v4Owners, Arrays.copyOf(high, n), Arrays.copyOf(low, n),
                Arrays.copyOf(owners, n));
    }

    private static String ipv4Owner(int address, List<Ipv4Route> routes) {
        if (isIpv4Loopback(address)) {
            return LOOPBACK;
        }
        Ipv4Route best = null;
        for (Ipv4Route r : routes) {
            int prefix = r.prefixLength();
            boolean connected = (r.flags() & Ipv4Route.RTF_UP) != 0 && (r.flags() & Ipv4Route.RTF_GATEWAY) == 0;
            if (!connected || prefix <= 0 || !r.contains(address)) {
                continue;
            }
            if (best == null || prefix > best.prefixLength()
                    || (prefix == best.prefixLength() && (r.metric() < best.metric()
                    || (r.metric() == best.metric() && r.interfaceName().compareTo(best.interfaceName()) < 0)))) {
                best = r;
            }
        }
        return best == null ? null : best.interfaceName();
    }

    private static boolean isIpv4Loopback(int address) {
        return address >>> 24 == 127;
    }

    /** Every interface name that owns an address, plus {@code lo}, sorted: the rank space of the lookups. */
    public List<String> names() {
        return names;
    }

    /** Rank in {@link #names()} of the interface owning an IPv4 address (network-order word), or {@link #NO_OWNER}. */
    public int ownerOfIpv4(int address) {
        if (isIpv4Loopback(address)) {
            return loopbackRank;
        }
        int i = Arrays.binarySearch(v4Addresses, address);
        return i >= 0 ? v4Owners[i] : NO_OWNER;
    }

    /**
     * Rank of the interface owning an IPv6 address (two network-order longs), or {@link #NO_OWNER}. An IPv4-mapped
     * address ({@code ::ffff:a.b.c.d}) is looked up as IPv4: that is the address the socket really uses.
     */
    public int ownerOfIpv6(long high, long low) {
        if (high == 0 && low >>> 32 == 0xffffL) {
            return ownerOfIpv4((int) low);
        }
        int lo = 0;
        int hi = v6High.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Long.compareUnsigned(v6High[mid], high);
            if (c == 0) {
                c = Long.compareUnsigned(v6Low[mid], low);
            }
            if (c == 0) {
                return v6Owners[mid];
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return NO_OWNER;
    }

    /** The interface owning an address, or null when none does (or for a wildcard address). */
    public String interfaceOf(InetAddress address) {
        byte[] b = address.getAddress();
        ByteBuffer buf = ByteBuffer.wrap(b);
        int rank = address instanceof Inet4Address ? ownerOfIpv4(buf.getInt()) : ownerOfIpv6(buf.getLong(), buf.getLong());
        return rank == NO_OWNER ? null : names.get(rank);
    }

    /** Every local address (IPv4 from fib_trie, then IPv6 from if_inet6, each sorted) with its owner or null. */
    public List<LocalAddress> all() {
        List<LocalAddress> out = new ArrayList<>(v4Addresses.length + v6High.length);
        int[] v4 = v4Addresses.clone();
        // network-order words sort as unsigned numbers
        Integer[] order = new Integer[v4.length];
        for (int i = 0; i < v4.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compareUnsigned(v4[a], v4[b]));
        for (int i : order) {
            out.add(new LocalAddress(toInet(ByteBuffer.allocate(4).putInt(v4[i]).array()),
                    v4Owners[i] == NO_OWNER ? null : names.get(v4Owners[i])));
        }
        for (int i = 0; i < v6High.length; i++) {
            out.add(new LocalAddress(toInet(ByteBuffer.allocate(16).putLong(v6High[i]).putLong(v6Low[i]).array()),
                    v6Owners[i] == NO_OWNER ? null : names.get(v6Owners[i])));
        }
        return out;
    }

    private static InetAddress toInet(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always a valid address", e);
        }
    }
}
