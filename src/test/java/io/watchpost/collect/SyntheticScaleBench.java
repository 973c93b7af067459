package io.watchpost.collect;

import io.watchpost.log.EventLog;
import io.watchpost.proc.ProcFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Not a test (no surefire run picks it up): a gateway with 100,000 established connections in a copied /proc tree,
 * printing how long collecting takes next to just reading the files. Speed is measured here, not in the test run.
 * Run after {@code mvn -o test-compile}:
 * {@code java -cp target/classes:target/test-classes io.watchpost.collect.SyntheticScaleBench}
 * (or from the IDE). ProcNetworkCollectorScaleTest checks the same tables' results at a smaller size.
 */
public final class SyntheticScaleBench {
    private static final int V4_CONNECTIONS = 80_000;
    private static final int V6_CONNECTIONS = 20_000;

    private SyntheticScaleBench() {}

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("watchpost-scale");
        try {
            Path net = writeProcRoot(root, V4_CONNECTIONS, V6_CONNECTIONS);
            ReadVsCollectTiming.Result r = ReadVsCollectTiming.measure(quietCollector(), root, net, 8);
            // A file on tmpfs is read far faster than the kernel generates /proc/net/tcp (LiveScaleBench measures the
            // real thing), so the collect/read ratio here is an upper bound.
            System.out.println("synthetic /proc copy, " + (V4_CONNECTIONS + V6_CONNECTIONS)
                    + " rows (best of 8): " + r.describe());
        } finally {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static ProcNetworkCollector quietCollector() {
        PrintStream discard = new PrintStream(new ByteArrayOutputStream());
        return new ProcNetworkCollector(new EventLog(discard, discard, Clock.systemUTC(), EventLog.Level.INFO),
                ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies the host fixture to {@code root} and replaces its TCP tables; returns the net directory. */
    static Path writeProcRoot(Path root, int v4Rows, int v6Rows) throws IOException {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        Path net = root.resolve("1/net");
        writeTcp(net.resolve("tcp"), false, v4Rows);
        writeTcp(net.resolve("tcp6"), true, v6Rows);
        return net;
    }

    /** Distinct established rows (every 10th duplicated: it must count once) in the kernel's little-endian text. */
    private static void writeTcp(Path file, boolean ipv6, int rows) throws IOException {
        StringBuilder sb = new StringBuilder(rows * 180);
        sb.append("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n");
        int sl = 0;
        for (int i = 0; i < rows; i++) {
            int peer = 0x0A000000 + i / 50;          // 10.x.y.z, 50 connections per peer
            int peerPort = 1024 + i % 50;
            String local = ipv6 ? "000000FD000000000000000002000000" : "0202000C";
            String remote = ipv6 ? String.format("000000FD00000000%08X%08X", i >>> 16, Integer.reverseBytes(peer))
                    : String.format("%08X", Integer.reverseBytes(peer));
            String line = String.format(Locale.ROOT,
                    "%4d: %s:01BB %s:%04X 01 00000000:00000000 00:00000000 00000000  1000        0 %d 1 0000000000000000 20 4 30 10 -1%n",
                    sl++, local, remote, peerPort, 10_000 + i);
            sb.append(line);
            if (i % 10 == 0) {
                sb.append(line);
            }
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
    }
}
