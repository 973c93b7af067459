package io.watchpost.bench;

import io.watchpost.collect.ProcNetworkCollector;
import io.watchpost.config.Settings;
import io.watchpost.log.EventLog;
import io.watchpost.pipeline.CollectingReportSource;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.report.NetworkBaseline;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * Memory of the report pipeline: {@code HeapProbe <root> <cycles>} prepares {@code cycles} reports (collect, assemble,
 * encode; a baseline from the first) in one process and prints one line: the peak usage of each heap pool and their
 * sum (an upper bound of the peak heap: the pools peak at different moments), the heap in use after a full GC at the
 * end, the process's VmHWM/VmRSS, and the median ms per report. Run it under the recipe's flags and shrink -Xmx to find
 * the smallest heap that works (bench/heap.sh); -XX:+ExitOnOutOfMemoryError turns a too-small heap into exit 3.
 */
public final class HeapProbe {
    private HeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int cycles = Integer.parseInt(args[1]);
        EventLog quiet = new EventLog(new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC(), EventLog.Level.ERROR);
        CollectingReportSource source = new CollectingReportSource(new ProcNetworkCollector(quiet));
        Settings settings = Settings.defaults().withProcRoot(root);
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        NetworkBaseline baseline = source.prepare(settings, null, 0, now).nextBaseline().orElseThrow();
        long[] nanos = new long[cycles];
        long[] cpuNanos = new long[cycles]; // this thread's CPU time: on the shared machine wall time is mostly waiting
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int bytes = 0;
        for (int i = 0; i < cycles; i++) {
            long start = System.nanoTime();
            long cpuStart = threads.getCurrentThreadCpuTime();
            PreparedReport report = source.prepare(settings, baseline, i + 1, now.plusSeconds(300L * (i + 1)));
            cpuNanos[i] = threads.getCurrentThreadCpuTime() - cpuStart;
            nanos[i] = System.nanoTime() - start;
            bytes = report.payload().length;
        }
        java.util.Arrays.sort(nanos);
        java.util.Arrays.sort(cpuNanos);
        StringBuilder line = new StringBuilder("heap_probe root=" + root + " cycles=" + cycles + " bytes=" + bytes
                + " median_ms=" + String.format("%.1f", nanos[cycles / 2] / 1e6)
                + " median_cpu_ms=" + String.format("%.1f", cpuNanos[cycles / 2] / 1e6));
        long peakSum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                long peak = pool.getPeakUsage().getUsed();
                peakSum += peak;
                line.append(" peak_").append(pool.getName().replace(' ', '_')).append("_mb=").append(mb(peak));
            }
        }
        line.append(" peak_heap_sum_mb=").append(mb(peakSum));
        System.gc();
        line.append(" heap_after_gc_mb=").append(mb(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
        for (String status : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (status.startsWith("VmHWM") || status.startsWith("VmRSS")) {
                line.append(' ').append(status.substring(0, 5)).append("_mb=")
                        .append(Long.parseLong(status.replaceAll("\\D", "")) / 1024);
            }
        }
        System.out.println(line);
    }

    private static String mb(long bytes) {
        return String.format("%.1f", bytes / 1048576.0);
    }
}
