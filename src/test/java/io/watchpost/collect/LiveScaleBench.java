package io.watchpost.collect;

import io.watchpost.log.EventLog;
import io.watchpost.proc.ProcFileReader;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

/**
 * Not a test: a main run by src/test/scripts/proc-scale-live.sh inside a namespace holding ~100,000 real connections.
 * Prints the time to just read the live /proc tables next to the time to collect from them.
 */
public final class LiveScaleBench {
    private static final String[] FILES = {"tcp", "tcp6", "udp", "udp6", "dev", "if_inet6", "fib_trie", "route"};

    private LiveScaleBench() {}

    public static void main(String[] args) throws Exception {
        ProcNetworkCollector collector = new ProcNetworkCollector(new EventLog(new PrintStream(new ByteArrayOutputStream()),
                System.err, Clock.systemUTC(), EventLog.Level.INFO));
        ProcFileReader reader = new ProcFileReader();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long readCpu = Long.MAX_VALUE;
        long readWall = Long.MAX_VALUE;
        long collectCpu = Long.MAX_VALUE;
        long collectWall = Long.MAX_VALUE;
        NetworkSnapshot s = null;
        for (int round = 0; round < 15; round++) {
            long w0 = System.nanoTime();
            long c0 = cpu.getCurrentThreadCpuTime();
            for (String f : FILES) {
                reader.read(Path.of("/proc/net", f));
            }
            long w1 = System.nanoTime();
            long c1 = cpu.getCurrentThreadCpuTime();
            s = collector.collect(Path.of("/proc"), 1000);
            long w2 = System.nanoTime();
            long c2 = cpu.getCurrentThreadCpuTime();
            readCpu = Math.min(readCpu, c1 - c0);
            readWall = Math.min(readWall, w1 - w0);
            collectCpu = Math.min(collectCpu, c2 - c1);
            collectWall = Math.min(collectWall, w2 - w1);
        }
        System.out.printf(Locale.ROOT, "live /proc: %d established, %d TCP listeners; read only: %.1f ms cpu %.1f ms wall;"
                        + " collect: %.1f ms cpu %.1f ms wall (best of 15)%n", s.established().total(),
                s.tcpListeners().total(), readCpu / 1e6, readWall / 1e6, collectCpu / 1e6, collectWall / 1e6);
    }
}
