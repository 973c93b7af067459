package io.watchpost.collect;

import io.watchpost.proc.ProcFileReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Times reading the network tables next to collecting from them, best of several rounds, for the scale benchmarks
 * (LiveScaleBench, SyntheticScaleBench). Not a test: it prints numbers and asserts nothing.
 */
final class ReadVsCollectTiming {
    private static final String[] FILES = {"tcp", "tcp6", "udp", "udp6", "dev", "if_inet6", "fib_trie", "route"};

    /** Best times in nanoseconds and the last snapshot collected. */
    record Result(long readWall, long readCpu, long collectWall, long collectCpu, long tableBytes,
            NetworkSnapshot snapshot) {
        String describe() {
            return String.format(Locale.ROOT, "read only %.1f ms wall %.1f ms cpu; collect %.1f ms wall %.1f ms cpu;"
                    + " %.1f MB of tables, %d established, %d TCP listeners", readWall / 1e6, readCpu / 1e6,
                    collectWall / 1e6, collectCpu / 1e6, tableBytes / 1e6, snapshot.established().total(),
                    snapshot.tcpListeners().total());
        }
    }

    private ReadVsCollectTiming() {}

    static Result measure(ProcNetworkCollector collector, Path procRoot, Path netDir, int rounds)
            throws IOException, CollectException {
        ProcFileReader reader = new ProcFileReader();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long readWall = Long.MAX_VALUE;
        long readCpu = Long.MAX_VALUE;
        long collectWall = Long.MAX_VALUE;
        long collectCpu = Long.MAX_VALUE;
        long bytes = 0;
        NetworkSnapshot snapshot = null;
        for (int round = 0; round < rounds; round++) {
            long w0 = System.nanoTime();
            long c0 = cpu.getCurrentThreadCpuTime();
            bytes = 0;
            for (String f : FILES) {
                bytes += reader.read(netDir.resolve(f), 1L << 30).map(b -> (long) b.length()).orElse(0L);
            }
            long w1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            snapshot = collector.collect(procRoot, 1000);
            long w2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            readWall = Math.min(readWall, w1 - w0);
            readCpu = Math.min(readCpu, c1 - c0);
            collectWall = Math.min(collectWall, w2 - w1);
            collectCpu = Math.min(collectCpu, c2 - c1);
        }
        return new Result(readWall, readCpu, collectWall, collectCpu, bytes, snapshot);
    }
}
