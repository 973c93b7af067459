package io.watchpost.synth;

import io.watchpost.collect.InterfaceCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The interfaces of a synthetic host, the addresses they own, and the addresses nobody owns; and the proc files that
 * describe them: {@code net/dev}, {@code net/if_inet6}, {@code net/route}, {@code net/fib_trie}.
 *
 * <p>Interface {@code i} owns {@code 10.<i+1>.0.2} (and {@code .3} on every other interface) in {@code 10.<i+1>.0.0/24},
 * a link-local IPv6 address, and on two interfaces out of three a global {@code 2001:db8:<i+1>::/64} address;
 * {@code lo} owns 127/8 and {@code ::1}. The unowned addresses are chosen to catch shortcuts: one lies inside the
 * first interface's subnet (a route covers it, but it is not a LOCAL address), one is covered only by the default
 * route, one lies inside the first interface's IPv6 /64.
 */
final class SynthNetwork {
    private static final String[] NAMES = {"eth0", "wlan0", "eth1", "br-lan", "wwan0", "tun0", "eth2", "eth3"};

    /** One interface and what the proc files say about it. */
    record Interface(String name, int index, List<SynthAddress> v4, List<SynthAddress> v6, InterfaceCounters counters) {
    }

    private final List<Interface> interfaces = new ArrayList<>();
    private final List<SynthAddress> ownedV4 = new ArrayList<>();
    private final List<SynthAddress> ownedV6 = new ArrayList<>();
    private final List<SynthAddress> unownedV4 = new ArrayList<>();
    private final List<SynthAddress> unownedV6 = new ArrayList<>();
    private final InterfaceCounters downInterface;

    SynthNetwork(int count, Random random) {
        SynthAddress lo4 = SynthAddress.v4(127, 0, 0, 1, "lo");
        SynthAddress lo6 = new SynthAddress(v6(0, 0, 0, 0, 0, 0, 0, 1), "lo");
        interfaces.add(new Interface("lo", 1, List.of(lo4), List.of(lo6),
                counters(random, "lo", true)));
        for (int i = 0; i < count; i++) {
            String name = i < NAMES.length ? NAMES[i] : "eth" + (i - NAMES.length + 4);
            List<SynthAddress> v4 = new ArrayList<>();
            v4.add(SynthAddress.v4(10, i + 1, 0, 2, name));
            if (i % 2 == 0) {
                v4.add(SynthAddress.v4(10, i + 1, 0, 3, name)); // a secondary address on the same interface
            }
            List<SynthAddress> v6 = new ArrayList<>();
            v6.add(new SynthAddress(v6(0xfe80, 0, 0, 0, random.nextInt(0x10000), random.nextInt(0x100) | 0xff,
                    0xfe00 | random.nextInt(0x100), random.nextInt(0x10000)), name));
            if (i % 3 != 2) {
                v6.add(new SynthAddress(v6(0x2001, 0xdb8, i + 1, 0, 0, 0, 0, 2 + random.nextInt(0xfff0)), name));
            }
            interfaces.add(new Interface(name, i + 2, List.copyOf(v4), List.copyOf(v6),
                    counters(random, name, false)));
        }
        for (Interface itf : interfaces) {
            ownedV4.addAll(itf.v4());
            ownedV6.addAll(itf.v6());
        }
        // 127.0.0.0/8 is lo's as a whole: a loopback address other than 127.0.0.1 is still owned by lo.
        ownedV4.add(SynthAddress.v4(127, 0, 1, 1 + random.nextInt(250), "lo"));
        unownedV4.add(SynthAddress.v4(10, 1, 0, 200, null));
        unownedV4.add(SynthAddress.v4(203, 0, 113, 7, null));
        unownedV6.add(new SynthAddress(v6(0x2001, 0xdb8, 1, 0, 0, 0, 0, 0xdead), null));
        unownedV6.add(new SynthAddress(v6(0x2001, 0xdb8, 0xffff, 0, 0, 0, 0, 1), null));
        downInterface = new InterfaceCounters("ifb0", false, 0, 0, 0, 0);
    }

    List<SynthAddress> ownedV4() {
        return ownedV4;
    }

    List<SynthAddress> ownedV6() {
        return ownedV6;
    }

    List<SynthAddress> unownedV4() {
        return unownedV4;
    }

    List<SynthAddress> unownedV6() {
        return unownedV6;
    }

    /** Another IPv4 address of the interface that owns {@code address}, or null when it has only one. */
    SynthAddress sibling(SynthAddress address) {
        if (address.bytes().length != 4 || address.owner() == null) {
            return null;
        }
        for (Interface itf : interfaces) {
            if (itf.name().equals(address.owner()) && itf.v4().size() > 1) {
                return itf.v4().get(0).equals(address) ? itf.v4().get(1) : itf.v4().get(0);
            }
        }
        return null;
    }

    /** Every interface in {@code net/dev} order, loopback first. */
    List<InterfaceCounters> counters() {
        List<InterfaceCounters> all = new ArrayList<>();
        for (Interface itf : interfaces) {
            all.add(itf.counters());
        }
        all.add(downInterface);
        return all;
    }

    /** Interface name → the addresses it owns, in text form, for cross-checks. */
    Map<String, List<String>> ownership() {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (Interface itf : interfaces) {
            List<String> texts = new ArrayList<>();
            itf.v4().forEach(a -> texts.add(a.text()));
            itf.v6().forEach(a -> texts.add(a.text()));
            byName.put(itf.name(), texts);
        }
        return byName;
    }

    /** {@code net/dev}: {@code dev_seq_printf_stats}. */
    String dev() {
        StringBuilder out = new StringBuilder();
        out.append("Inter-|   Receive                                                |  Transmit\n");
        out.append(" face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo "
                + "colls carrier compressed\n");
        for (InterfaceCounters c : counters()) {
            KernelText.rightAligned(out, c.name(), 6).append(':');
            u64(out, c.rxBytes(), 7);
            u64(out, c.rxPackets(), 7);
            long[] rest = {c.rxPackets() / 5000, c.rxPackets() / 9000, 0, 0, 0, c.rxPackets() / 300};
            int[] widths = {4, 4, 4, 5, 10, 9};
            for (int i = 0; i < rest.length; i++) {
                u64(out, rest[i], widths[i]);
            }
            u64(out, c.txBytes(), 8);
            u64(out, c.txPackets(), 7);
            long[] tail = {0, c.txPackets() / 20000, 0, 0, 0, 0};
            int[] tailWidths = {4, 4, 4, 5, 7, 10};
            for (int i = 0; i < tail.length; i++) {
                u64(out, tail[i], tailWidths[i]);
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** {@code net/if_inet6}: {@code "%pi6 %02x %02x %02x %02x %8s\n"} (address, ifindex, prefix, scope, flags, name). */
    String ifInet6() {
        StringBuilder out = new StringBuilder();
        for (Interface itf : interfaces) {
            for (SynthAddress a : itf.v6()) {
                for (byte b : a.bytes()) {
                    KernelText.lowerHex(out, b & 0xFF, 2);
                }
                boolean loopback = itf.name().equals("lo");
                boolean linkLocal = (a.bytes()[0] & 0xFF) == 0xfe;
                out.append(' ');
                KernelText.lowerHex(out, itf.index(), 2).append(' ');
                KernelText.lowerHex(out, loopback ? 128 : 64, 2).append(' ');
                KernelText.lowerHex(out, loopback ? 0x10 : linkLocal ? 0x20 : 0x00, 2).append(' ');
                KernelText.lowerHex(out, 0x80, 2).append(' ');
                KernelText.rightAligned(out, itf.name(), 8).append('\n');
            }
        }
        return out.toString();
    }

    /** {@code net/route}: the main table's IPv4 routes; the kernel pads every line to 127 characters. */
    String route() {
        StringBuilder out = new StringBuilder();
        int start = out.length();
        out.append("Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT");
        KernelText.padLine(out, start, 127);
        Interface first = interfaces.get(1);
        routeLine(out, first.name(), new byte[4], new byte[] {10, 1, 0, 1}, 0x0003, 0, new byte[4]);
        routeLine(out, first.name(), new byte[] {(byte) 198, 51, 100, 0}, new byte[] {10, 1, 0, 1}, 0x0003, 0,
                new byte[] {(byte) 255, (byte) 255, (byte) 255, 0});
        for (Interface itf : interfaces.subList(1, interfaces.size())) {
            byte[] subnet = itf.v4().get(0).bytes().clone();
            subnet[3] = 0;
            routeLine(out, itf.name(), subnet, new byte[4], 0x0001, itf.index() == 2 ? 0 : 100,
                    new byte[] {(byte) 255, (byte) 255, (byte) 255, 0});
        }
        return out.toString();
    }

    /** {@code net/fib_trie}: the same trie under {@code Main:} and {@code Local:}, as kernels with merged tables print. */
    String fibTrie() {
        FibTrie trie = new FibTrie();
        trie.add(new byte[4], new FibTrie.Alias(0, "universe", "UNICAST"));
        trie.add(new byte[] {(byte) 198, 51, 100, 0}, new FibTrie.Alias(24, "universe", "UNICAST"));
        trie.add(new byte[] {127, 0, 0, 0}, new FibTrie.Alias(8, "host", "LOCAL"));
        trie.add(new byte[] {127, 0, 0, 1}, new FibTrie.Alias(32, "host", "LOCAL"));
        trie.add(new byte[] {127, (byte) 255, (byte) 255, (byte) 255}, new FibTrie.Alias(32, "link", "BROADCAST"));
        for (Interface itf : interfaces.subList(1, interfaces.size())) {
            byte[] subnet = itf.v4().get(0).bytes().clone();
            subnet[3] = 0;
            trie.add(subnet, new FibTrie.Alias(24, "link", "UNICAST"));
            for (SynthAddress a : itf.v4()) {
                trie.add(a.bytes(), new FibTrie.Alias(32, "host", "LOCAL"));
            }
            byte[] broadcast = subnet.clone();
            broadcast[3] = (byte) 255;
            trie.add(broadcast, new FibTrie.Alias(32, "link", "BROADCAST"));
        }
        StringBuilder out = new StringBuilder();
        trie.write(out, "Main");
        trie.write(out, "Local");
        return out.toString();
    }

    private static void routeLine(StringBuilder out, String name, byte[] destination, byte[] gateway, int flags,
                                  int metric, byte[] mask) {
        int start = out.length();
        out.append(name).append('\t');
        KernelText.address(out, destination).append('\t');
        KernelText.address(out, gateway).append('\t');
        KernelText.hex(out, flags, 4).append("\t0\t0\t").append(metric).append('\t');
        KernelText.address(out, mask).append("\t0\t0\t0");
        KernelText.padLine(out, start, 127);
    }

    private static void u64(StringBuilder out, long value, int width) {
        out.append(' ');
        KernelText.rightAligned(out, Long.toUnsignedString(value), width);
    }

    private static InterfaceCounters counters(Random random, String name, boolean loopback) {
        // Above 2^32 so that a reader that keeps 32 bits is caught; below 2^62 so that sums stay exact.
        long rxBytes = (1L << 32) + (random.nextLong() >>> 24);
        long txBytes = (random.nextLong() >>> 22);
        return new InterfaceCounters(name, loopback, rxBytes, rxBytes / 700 + 1, txBytes, txBytes / 900 + 1);
    }

    /** The 16 bytes of an IPv6 address written as its eight 16-bit groups. */
    static byte[] v6(int... groups) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (groups[i] >>> 8);
            bytes[2 * i + 1] = (byte) groups[i];
        }
        return bytes;
    }
}
