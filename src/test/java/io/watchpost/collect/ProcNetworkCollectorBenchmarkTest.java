package io.watchpost.collect;

import io.watchpost.log.EventLog;
import io.watchpost.proc.ProcFileReader;
import io.watchpost.proc.ProcFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A gateway with 100,000 established connections: prints how long collecting takes next to just reading the files.
 * Prints numbers, asserts only results (no timing assertions: the machine is shared).
 */
class ProcNetworkCollectorBenchmarkTest {
    private static final int V4_CONNECTIONS = 80_000;
    private static final int V6_CONNECTIONS = 20_000;
    private static final String[] FILES = {"tcp", "tcp6", "udp", "udp6", "dev", "if_inet6", "fib_trie", "route"};

    @Test
    void hundredThousandConnections(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        Path net = root.resolve("1/net");
        writeTcp(net.resolve("tcp"), false, V4_CONNECTIONS);
        writeTcp(net.resolve("tcp6"), true, V6_CONNECTIONS);
        ProcNetworkCollector collector = new ProcNetworkCollector(
                new EventLog(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                        Clock.systemUTC(), EventLog.Level.INFO), ByteOrder.LITTLE_ENDIAN);
        ProcFileReader reader = new ProcFileReader();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long readBest = Long.MAX_VALUE;
        long collectBest = Long.MAX_VALUE;
        long readCpuBest = Long.MAX_VALUE;
        long collectCpuBest = Long.MAX_VALUE;
        NetworkSnapshot s = null;
        for (int round = 0; round < 8; round++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            long bytes = 0;
            for (String f : FILES) {
                bytes += reader.read(net.resolve(f)).orElseThrow().length();
            }
            long t1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            s = collector.collect(root, 1000);
            long t2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            readBest = Math.min(readBest, t1 - t0);
            collectBest = Math.min(collectBest, t2 - t1);
            readCpuBest = Math.min(readCpuBest, c1 - c0);
            collectCpuBest = Math.min(collectCpuBest, c2 - c1);
            if (round == 0) {
                System.out.printf(Locale.ROOT, "benchmark: %d rows, %.1f MB of tables%n", V4_CONNECTIONS + V6_CONNECTIONS,
                        bytes / 1e6);
            }
        }
        // A file on tmpfs is read far faster than the kernel generates /proc/net/tcp (see the final report for a live
        // measurement), so this ratio is an upper bound.
        System.out.printf(Locale.ROOT, "benchmark (tmpfs copy, best of 8): read only %.1f ms wall %.1f ms cpu;"
                        + " collect %.1f ms wall %.1f ms cpu%n",
                readBest / 1e6, readCpuBest / 1e6, collectBest / 1e6, collectCpuBest / 1e6);
        assertEquals(V4_CONNECTIONS + V6_CONNECTIONS, s.established().total());
        assertEquals(1000, s.established().kept().size());
        assertEquals(s.established().kept().stream().sorted().toList(), s.established().kept());
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
