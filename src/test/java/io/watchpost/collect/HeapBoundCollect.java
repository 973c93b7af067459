package io.watchpost.collect;

import io.watchpost.log.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The child of {@link ProcNetworkCollectorHeapTest}: collects each root given on the command line once, under whatever
 * heap it was started with, and prints one line per root ({@code collected ...} or {@code refused ...}), then the
 * peak heap used (the sum of every heap pool's peak: an upper bound).
 */
public final class HeapBoundCollect {
    private HeapBoundCollect() {}

    public static void main(String[] args) {
        PrintStream discard = new PrintStream(new ByteArrayOutputStream());
        ProcNetworkCollector collector = new ProcNetworkCollector(
                new EventLog(discard, discard, Clock.systemUTC(), EventLog.Level.INFO));
        for (String root : args) {
            try {
                NetworkSnapshot s = collector.collect(Path.of(root), 1000, 1000);
                System.out.println("collected root=" + root + " total=" + s.established().total() + " exact="
                        + s.established().exact() + " kept=" + s.established().kept().size() + " destinations="
                        + s.destinations().size() + " complete=" + s.destinations().complete() + " malformed="
                        + s.malformedLines());
            } catch (CollectException e) {
                System.out.println("refused root=" + root + " error=" + e.getMessage());
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("peak_heap_bytes=" + peak + " max_heap_bytes=" + Runtime.getRuntime().maxMemory());
    }
}
