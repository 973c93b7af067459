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
import java.util.Locale;

/** A copied /proc tree with many established TCP rows: ProcNetworkCollectorScaleTest's input, SyntheticScaleBench's too. */
final class ScaleProcRoot {
    private ScaleProcRoot() {}

    static ProcNetworkCollector quietCollector() {
        PrintStream discard = new PrintStream(new ByteArrayOutputStream());
        return new ProcNetworkCollector(new EventLog(discard, discard, Clock.systemUTC(), EventLog.Level.INFO),
                ByteOrder.LITTLE_ENDIAN);
    }

    /** Copies the host fixture to {@code root} and replaces its TCP tables; returns the net directory. */
    static Path write(Path root, int v4Rows, int v6Rows) throws IOException {
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
