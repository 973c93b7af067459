package io.watchpost.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/**
 * A proc root on disk for scenario tests: the socket and address tables of the captured {@code host} fixture (copied
 * verbatim into {@code <root>/1/net/}, where the collector reads a non-/proc root), a fixed boot id, and a
 * {@code net/dev} whose {@code eth0} counters the test rewrites between report cycles.
 */
final class ProcRootFixture {
    /** Counters of eth0 as the kernel would show them in {@code net/dev}. */
    record Counters(long rxBytes, long rxPackets, long txBytes, long txPackets) {
        Counters plus(long rxBytes, long rxPackets, long txBytes, long txPackets) {
            return new Counters(this.rxBytes + rxBytes, this.rxPackets + rxPackets, this.txBytes + txBytes,
                    this.txPackets + txPackets);
        }
    }

    static final String BOOT_ID = "5f0c4a3e-2b1d-4c7e-9a8f-0123456789ab";
    private static final String CAPTURE = "/io/watchpost/proc/host/1/net/";
    private static final List<String> TABLES = List.of("tcp", "tcp6", "udp", "udp6", "if_inet6", "fib_trie", "route");
    private final Path root;
    private Counters eth0;
    /** Loopback traffic grows too; it must never show up in network_stats (IncludeLoopbackTraffic is off). */
    private long loopbackBytes = 7793;

    private ProcRootFixture(Path root, Counters eth0) {
        this.root = root;
        this.eth0 = eth0;
    }

    /** Creates the root with eth0 at {@code initial}. */
    static ProcRootFixture create(Path root, Counters initial) {
        try {
            Path net = Files.createDirectories(root.resolve("1").resolve("net"));
            for (String table : TABLES) {
                try (InputStream in = Objects.requireNonNull(ProcRootFixture.class.getResourceAsStream(CAPTURE + table),
                        "fixture " + CAPTURE + table)) {
                    Files.copy(in, net.resolve(table), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path bootId = Files.createDirectories(root.resolve("sys/kernel/random")).resolve("boot_id");
            Files.writeString(bootId, BOOT_ID + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcRootFixture fixture = new ProcRootFixture(root, initial);
        fixture.writeDev();
        return fixture;
    }

    Path root() {
        return root;
    }

    Counters eth0() {
        return eth0;
    }

    /** Adds traffic to eth0 (and some to lo) and rewrites {@code net/dev}; returns the new counters. */
    Counters addTraffic(long rxBytes, long rxPackets, long txBytes, long txPackets) {
        eth0 = eth0.plus(rxBytes, rxPackets, txBytes, txPackets);
        loopbackBytes += 1000;
        writeDev();
        return eth0;
    }

    /**
     * Replaces the TCP tables with one listener on {@code port} (0.0.0.0, no IPv6 sockets), so a report shows which
     * root it read.
     */
    void listenOnlyOn(int port) {
        listenOn(port);
    }

    /** Replaces the TCP tables with one listener (0.0.0.0) per port, as a process opening or closing a port does. */
    void listenOn(int... ports) {
        write(root.resolve("1/net/tcp6"), "  sl  local_address                         remote_address"
                + "                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
        StringBuilder table = new StringBuilder("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when"
                + " retrnsmt   uid  timeout inode\n");
        for (int i = 0; i < ports.length; i++) {
            table.append(String.format("%4d: 00000000:%04X 00000000:0000 0A 00000000:00000000 00:00000000 00000000"
                    + "     0        0 %d 1 0000000000000000 100 0 0 10 0\n", i, ports[i], 4242 + i));
        }
        write(root.resolve("1/net/tcp"), table.toString());
    }

    private void writeDev() {
        String dev = "Inter-|   Receive                                                |  Transmit\n"
                + " face |bytes    packets errs drop fifo frame compressed multicast"
                + "|bytes    packets errs drop fifo colls carrier compressed\n"
                + row("lo", loopbackBytes, loopbackBytes / 70, loopbackBytes, loopbackBytes / 70)
                + row("eth0", eth0.rxBytes(), eth0.rxPackets(), eth0.txBytes(), eth0.txPackets());
        write(root.resolve("1/net/dev"), dev);
    }

    private static String row(String name, long rxBytes, long rxPackets, long txBytes, long txPackets) {
        return String.format("%6s: %8d %7d    0    0    0     0          0         0 %8d %7d    0    0    0     0"
                + "       0          0\n", name, rxBytes, rxPackets, txBytes, txPackets);
    }

    /** Whole-file replace, as the kernel presents a new version of the table at each read. */
    private static void write(Path file, String text) {
        try {
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temp, text, StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
