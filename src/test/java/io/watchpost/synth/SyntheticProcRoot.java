package io.watchpost.synth;

import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Writes a synthetic proc root (for tests and benchmarks): {@code net/tcp}, {@code tcp6}, {@code udp}, {@code udp6},
 * {@code dev}, {@code if_inet6}, {@code fib_trie}, {@code route}, {@code sys/kernel/random/boot_id}, a symlink
 * {@code 1/net -> ../net} (where Watchpost looks for the host's namespace under a non-/proc root), and
 * {@code expected.json}, the collection result a correct reader must produce.
 *
 * <p>Addresses are written as a little-endian host prints them (x86-64, arm64, and every common gateway SoC). The
 * socket tables are streamed, so 200,000 connections take a second or two.
 */
public final class SyntheticProcRoot {
    private static final int[] TCP_SERVICES = {22, 80, 443, 1883, 8883, 8080, 8443, 5432, 6379, 9100};
    private static final int[] REMOTE_SERVICES = {443, 443, 443, 80, 8883, 1883, 53, 22, 5671, 8443};
    private static final int[] UDP_SERVICES = {53, 67, 68, 123, 161, 500, 514, 1900, 4500, 5353, 5683};
    private static final SocketRows.TcpState[] OTHER_STATES = {
        SocketRows.TcpState.TIME_WAIT, SocketRows.TcpState.TIME_WAIT, SocketRows.TcpState.TIME_WAIT,
        SocketRows.TcpState.SYN_SENT, SocketRows.TcpState.SYN_RECV, SocketRows.TcpState.FIN_WAIT1,
        SocketRows.TcpState.FIN_WAIT2, SocketRows.TcpState.CLOSE_WAIT, SocketRows.TcpState.CLOSE_WAIT,
        SocketRows.TcpState.LAST_ACK, SocketRows.TcpState.CLOSING};
    private static final double DUPLICATE_SHARE = 0.003;
    private static final int FLUSH_AT = 1 << 16;

    /** The root written and what a collector must read from it. */
    public record Generated(Path root, ExpectedCollection expected) {
    }

    private record Listener(SynthAddress address, int port) {
    }

    private record Endpoint(SynthAddress address, int port) {
    }

    private final SynthSpec spec;
    private final Random random;
    private final SynthNetwork network;
    private long nextInode;

    private SyntheticProcRoot(SynthSpec spec) {
        this.spec = spec;
        this.random = new Random(spec.seed());
        this.network = new SynthNetwork(spec.interfaces(), random);
        this.nextInode = 20_000 + random.nextInt(10_000);
    }

    /** Writes the root described by {@code spec} into {@code root} (created if missing; existing files replaced). */
    public static Generated write(Path root, SynthSpec spec) throws IOException {
        return new SyntheticProcRoot(spec).writeTo(root);
    }

    private Generated writeTo(Path root) throws IOException {
        Path net = Files.createDirectories(root.resolve("net"));
        Path kernelRandom = Files.createDirectories(root.resolve("sys/kernel/random"));
        Path pid1 = Files.createDirectories(root.resolve("1"));
        Path link = pid1.resolve("net");
        if (!Files.isSymbolicLink(link)) {
            Files.createSymbolicLink(link, Path.of("..", "net"));
        }
        String bootId = bootId();
        Files.writeString(kernelRandom.resolve("boot_id"), bootId + "\n", StandardCharsets.US_ASCII);
        Files.writeString(net.resolve("dev"), network.dev(), StandardCharsets.US_ASCII);
        Files.writeString(net.resolve("if_inet6"), network.ifInet6(), StandardCharsets.US_ASCII);
        Files.writeString(net.resolve("route"), network.route(), StandardCharsets.US_ASCII);
        Files.writeString(net.resolve("fib_trie"), network.fibTrie(), StandardCharsets.US_ASCII);

        Map<String, Integer> rows = new TreeMap<>();
        Set<PortBinding> tcpListeners = new TreeSet<>();
        Set<TcpConnection> established = new HashSet<>(spec.established() * 2);
        writeTcp(net, rows, tcpListeners, established);
        Set<PortBinding> udpListeners = new TreeSet<>();
        writeUdp(net, rows, udpListeners);

        List<TcpConnection> sorted = new ArrayList<>(established);
        sorted.sort(null); // natural order: numeric, IPv4 first
        ExpectedCollection expected = new ExpectedCollection(bootId, new ArrayList<>(tcpListeners),
                new ArrayList<>(udpListeners), sorted, network.counters(), rows, network.ownership());
        expected.writeJson(root.resolve("expected.json"));
        return new Generated(root, expected);
    }

    private void writeTcp(Path net, Map<String, Integer> rows, Set<PortBinding> listenersSeen,
                          Set<TcpConnection> establishedSeen) throws IOException {
        try (Writer tcp = Files.newBufferedWriter(net.resolve("tcp"), StandardCharsets.US_ASCII);
             Writer tcp6 = Files.newBufferedWriter(net.resolve("tcp6"), StandardCharsets.US_ASCII)) {
            StringBuilder out4 = new StringBuilder(FLUSH_AT + 1024);
            StringBuilder out6 = new StringBuilder(FLUSH_AT + 1024);
            SocketRows.header(out4, SocketRows.TCP_HEADER, SocketRows.TCP_WIDTH);
            SocketRows.header(out6, SocketRows.TCP6_HEADER, 0);
            int sl4 = 0;
            int sl6 = 0;

            // The kernel lists the listening hash first, then the established hash (which holds every other state).
            List<Listener> listeners = new ArrayList<>();
            for (int i = 0; i < spec.tcpListeners(); i++) {
                Listener l = nextListener(i);
                listeners.add(l);
                listenersSeen.add(new PortBinding(l.port(), l.address().owner()));
                boolean v6 = l.address().bytes().length == 16;
                SocketRows.tcp(v6 ? out6 : out4, v6 ? sl6++ : sl4++, l.address(), l.port(),
                        v6 ? SynthAddress.ANY6 : SynthAddress.ANY4, 0, SocketRows.TcpState.LISTEN,
                        extras(0, 0, 1), v6 ? 0 : SocketRows.TCP_WIDTH);
            }
            rows.put("tcp_listen", spec.tcpListeners());

            int establishedLeft = spec.established();
            int otherLeft = spec.otherStateRows();
            Endpoint siblingLocal = null; // the last connection whose interface has a second address, for duplicates
            Endpoint siblingRemote = null;
            while (establishedLeft + otherLeft > 0) {
                boolean other = random.nextInt(establishedLeft + otherLeft) < otherLeft;
                SocketRows.TcpState state = other ? OTHER_STATES[random.nextInt(OTHER_STATES.length)]
                        : SocketRows.TcpState.ESTABLISHED;
                Endpoint local;
                Endpoint remote;
                SynthAddress sibling = siblingLocal == null ? null : network.sibling(siblingLocal.address());
                if (!other && sibling != null && random.nextDouble() < DUPLICATE_SHARE) {
                    // Same remote, same local port, another address of the same interface: a distinct socket that
                    // the report must list once.
                    local = new Endpoint(sibling, siblingLocal.port());
                    remote = siblingRemote;
                    siblingLocal = null;
                } else {
                    boolean v6 = random.nextDouble() < spec.ipv6Share();
                    boolean inbound = !listeners.isEmpty() && random.nextInt(10) < 4;
                    local = inbound ? acceptedLocal(v6, listeners) : new Endpoint(nextLocal(v6), ephemeralPort());
                    // An accepted connection's peer uses an ephemeral port; an outgoing one talks to a service.
                    remote = nextRemote(local.address(), inbound ? ephemeralPort() : servicePort());
                    if (!other && network.sibling(local.address()) != null) {
                        siblingLocal = local;
                        siblingRemote = remote;
                    }
                }
                boolean v6 = local.address().bytes().length == 16;
                SocketRows.tcp(v6 ? out6 : out4, v6 ? sl6++ : sl4++, local.address(), local.port(),
                        remote.address(), remote.port(), state, extras(other ? 0x00 : 0x02, other ? 6000 : 1500, 1),
                        v6 ? 0 : SocketRows.TCP_WIDTH);
                if (other) {
                    otherLeft--;
                } else {
                    establishedLeft--;
                    establishedSeen.add(new TcpConnection(remote.address().withPort(remote.port()), local.port(),
                            local.address().owner()));
                }
                flushIfFull(tcp, out4);
                flushIfFull(tcp6, out6);
            }
            rows.put("tcp_established", spec.established());
            rows.put("tcp_other_states", spec.otherStateRows());
            rows.put("tcp", sl4);
            rows.put("tcp6", sl6);
            tcp.append(out4);
            tcp6.append(out6);
        }
    }

    private void writeUdp(Path net, Map<String, Integer> rows, Set<PortBinding> listenersSeen) throws IOException {
        record UdpRow(int bucket, SynthAddress local, int localPort, Endpoint remote, long inode) {
        }
        int salt = random.nextInt(0x4000);
        List<UdpRow> rows4 = new ArrayList<>();
        List<UdpRow> rows6 = new ArrayList<>();
        int connected = 0;
        for (int i = 0; i < spec.udpSockets(); i++) {
            boolean isConnected = random.nextDouble() < spec.udpConnectedShare();
            boolean v6 = random.nextDouble() < spec.ipv6Share();
            SynthAddress local;
            int port;
            Endpoint remote;
            if (isConnected) {
                local = nextLocal(v6);
                port = ephemeralPort();
                remote = nextRemote(local, servicePort());
                connected++;
            } else {
                local = random.nextDouble() < 0.4 ? (v6 ? SynthAddress.ANY6 : SynthAddress.ANY4) : nextLocal(v6);
                port = random.nextBoolean() ? UDP_SERVICES[random.nextInt(UDP_SERVICES.length)]
                        : 1024 + random.nextInt(64_000);
                remote = new Endpoint(local.bytes().length == 16 ? SynthAddress.ANY6 : SynthAddress.ANY4, 0);
                listenersSeen.add(new PortBinding(port, local.owner()));
            }
            UdpRow row = new UdpRow((port + salt) & 0x3FFF, local, port, remote, nextInode++);
            (local.bytes().length == 16 ? rows6 : rows4).add(row);
        }
        Comparator<UdpRow> byBucket = Comparator.comparingInt(UdpRow::bucket);
        rows4.sort(byBucket);
        rows6.sort(byBucket);
        StringBuilder out = new StringBuilder();
        SocketRows.header(out, SocketRows.UDP_HEADER, SocketRows.UDP_WIDTH);
        for (UdpRow r : rows4) {
            SocketRows.udp(out, r.bucket(), r.local(), r.localPort(), r.remote().address(), r.remote().port(),
                    new SocketRows.Extras(r.inode(), uid(), pointer(), 0, 0, 2), SocketRows.UDP_WIDTH);
        }
        Files.writeString(net.resolve("udp"), out, StandardCharsets.US_ASCII);
        out.setLength(0);
        SocketRows.header(out, SocketRows.UDP6_HEADER, 0);
        for (UdpRow r : rows6) {
            SocketRows.udp(out, r.bucket(), r.local(), r.localPort(), r.remote().address(), r.remote().port(),
                    new SocketRows.Extras(r.inode(), uid(), pointer(), 0, 0, 2), 0);
        }
        Files.writeString(net.resolve("udp6"), out, StandardCharsets.US_ASCII);
        rows.put("udp", rows4.size());
        rows.put("udp6", rows6.size());
        rows.put("udp_connected", connected);
    }

    private Listener nextListener(int index) {
        // The first two are the classic dual-stack pair: 0.0.0.0:22 and [::]:22 are one entry in the report.
        if (index == 0) {
            return new Listener(SynthAddress.ANY4, 22);
        }
        if (index == 1) {
            return new Listener(SynthAddress.ANY6, 22);
        }
        int port = random.nextBoolean() ? TCP_SERVICES[random.nextInt(TCP_SERVICES.length)]
                : 1024 + random.nextInt(31_000);
        double kind = random.nextDouble();
        SynthAddress address;
        if (kind < 0.35) {
            address = SynthAddress.ANY4;
        } else if (kind < 0.6) {
            address = SynthAddress.ANY6;
        } else {
            address = nextLocal(random.nextDouble() < spec.ipv6Share());
        }
        return new Listener(address, port);
    }

    /** The local end of an accepted connection: a listener's address and port. */
    private Endpoint acceptedLocal(boolean v6, List<Listener> listeners) {
        Listener l = listeners.get(random.nextInt(listeners.size()));
        if (!l.address().isWildcard()) {
            return new Endpoint(l.address(), l.port());
        }
        // A wildcard listener accepts on a concrete address of its family (a [::] socket also takes IPv4, mapped).
        boolean sixTable = l.address().bytes().length == 16;
        return new Endpoint(nextLocal(sixTable && v6, sixTable), l.port());
    }

    private SynthAddress nextLocal(boolean v6) {
        return nextLocal(v6, v6);
    }

    /**
     * A bound local address. {@code sixTable} says which table the socket is in; {@code native6} whether it carries a
     * native IPv6 address there (otherwise an IPv4-mapped one, drawn with {@code mappedShare}).
     */
    private SynthAddress nextLocal(boolean native6, boolean sixTable) {
        if (sixTable && (!native6 || random.nextDouble() < spec.mappedShare())) {
            return nextV4Local().mapped();
        }
        if (sixTable) {
            boolean unowned = random.nextDouble() < spec.unownedShare();
            List<SynthAddress> pool = unowned ? network.unownedV6() : network.ownedV6();
            return pool.get(random.nextInt(pool.size()));
        }
        return nextV4Local();
    }

    private SynthAddress nextV4Local() {
        boolean unowned = random.nextDouble() < spec.unownedShare();
        List<SynthAddress> pool = unowned ? network.unownedV4() : network.ownedV4();
        return pool.get(random.nextInt(pool.size()));
    }

    /** A peer in the same family as {@code local}; a loopback socket talks to loopback. */
    private Endpoint nextRemote(SynthAddress local, int port) {
        boolean mapped = local.isV4Mapped();
        if ("lo".equals(local.owner())) {
            if (local.bytes().length == 4) {
                return new Endpoint(SynthAddress.v4(127, 0, 0, 1, null), port);
            }
            return new Endpoint(mapped ? SynthAddress.v4(127, 0, 0, 1, null).mapped() : loopback6(), port);
        }
        if (local.bytes().length == 4 || mapped) {
            int first = 1 + random.nextInt(222);
            if (first == 10 || first == 127) {
                first++;
            }
            SynthAddress v4 = SynthAddress.v4(first, random.nextInt(256), random.nextInt(256),
                    1 + random.nextInt(254), null);
            return new Endpoint(mapped ? v4.mapped() : v4, port);
        }
        return new Endpoint(remoteV6(), port);
    }

    /** A global IPv6 address whose groups are often zero, so every RFC 5952 compression case occurs. */
    private SynthAddress remoteV6() {
        int[] prefixes = {0x2001, 0x2a02, 0x2600, 0x2406, 0xfd12};
        byte[] bytes = new byte[16];
        int first = prefixes[random.nextInt(prefixes.length)];
        bytes[0] = (byte) (first >>> 8);
        bytes[1] = (byte) first;
        for (int g = 1; g < 8; g++) {
            int value = random.nextInt(3) == 0 ? 0 : random.nextInt(4) == 0 ? random.nextInt(16) : random.nextInt(0x10000);
            bytes[2 * g] = (byte) (value >>> 8);
            bytes[2 * g + 1] = (byte) value;
        }
        return new SynthAddress(bytes, null);
    }

    private static SynthAddress loopback6() {
        byte[] bytes = new byte[16];
        bytes[15] = 1;
        return new SynthAddress(bytes, null);
    }

    private int servicePort() {
        return random.nextBoolean() ? REMOTE_SERVICES[random.nextInt(REMOTE_SERVICES.length)]
                : 1024 + random.nextInt(64_000);
    }

    private int ephemeralPort() {
        return 32_768 + random.nextInt(28_232);
    }

    private SocketRows.Extras extras(int timerCode, long ticks, int refCount) {
        return new SocketRows.Extras(nextInode++, uid(), pointer(), timerCode, ticks == 0 ? 0 : random.nextInt((int) ticks),
                refCount);
    }

    private int uid() {
        int[] uids = {0, 0, 0, 101, 1000, 998};
        return uids[random.nextInt(uids.length)];
    }

    private long pointer() {
        return random.nextInt() & 0xFFFFFFFFL;
    }

    private String bootId() {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private static void flushIfFull(Writer writer, StringBuilder out) throws IOException {
        if (out.length() >= FLUSH_AT) {
            writer.append(out);
            out.setLength(0);
        }
    }
}
