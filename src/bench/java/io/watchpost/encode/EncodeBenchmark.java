package io.watchpost.encode;

import io.watchpost.config.KeyNames;
import io.watchpost.config.ReportFormat;
import io.watchpost.collect.Bounded;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.collect.RemoteAddresses;
import io.watchpost.collect.PortSet;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import io.watchpost.report.MetricsReport;
import io.watchpost.report.ReportAssembler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Prints how long assembling and encoding take for a gateway with far more entries than fit 128 KiB, and for a small
 * device. Not a test (no timing assertions); run:
 * {@code mvn -q -o -Pbench test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt &&
 * java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) io.watchpost.encode.EncodeBenchmark}
 */
public final class EncodeBenchmark {
    private EncodeBenchmark() {}

    public static void main(String[] args) {
        int budget = 131_072;
        for (ReportFormat f : ReportFormat.values()) {
            for (KeyNames n : KeyNames.values()) {
                ReportEncoder encoder = ReportEncoder.of(f, n);
                int limit = encoder.retainLimit(budget);
                NetworkSnapshot busy = snapshot(Math.min(limit, 20_000), Math.min(limit, 5_000),
                        Math.min(limit, 100_000), 100_000);
                NetworkSnapshot small = snapshot(12, 6, 40, 40);
                report(f, n, "busy", encoder, busy, budget);
                report(f, n, "small", encoder, small, budget);
            }
        }
    }

    /**
     * Medians over the second half of the runs (the first half warms up the JIT): the machine is shared, so a single
     * run or a mean says little. Wall times include being descheduled by other processes; {@code cpu} is the thread's
     * CPU time for assemble plus fit and encode, which a busy machine disturbs far less.
     */
    private static void report(ReportFormat f, KeyNames n, String name, ReportEncoder encoder,
                               NetworkSnapshot snapshot, int budget) {
        ReportAssembler assembler = new ReportAssembler();
        int runs = 200;
        long[] assembleNanos = new long[runs];
        long[] encodeNanos = new long[runs];
        long[] totalNanos = new long[runs];
        long[] cpuNanos = new long[runs];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        EncodedReport last = null;
        for (int i = 0; i < runs; i++) {
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            MetricsReport r = assembler.assemble(snapshot, null, false, 0, Instant.EPOCH.plusSeconds(1), Map.of())
                    .report();
            long assembled = System.nanoTime();
            last = encoder.encodeWithin(r, budget);
            long end = System.nanoTime();
            cpuNanos[i] = threads.getCurrentThreadCpuTime() - cpuStart;
            assembleNanos[i] = assembled - start;
            encodeNanos[i] = end - assembled;
            totalNanos[i] = end - start;
        }
        System.out.printf("%-4s %-5s %-5s entries=%d/%d/%d kept=%d bytes=%d median_ms total=%.2f assemble=%.2f "
                        + "fit+encode=%.2f cpu=%.2f%n", f, n, name,
                snapshot.tcpListeners().kept().size(), snapshot.udpListeners().kept().size(),
                snapshot.established().kept().size(),
                last.report().tcpPorts().entries().size() + last.report().udpPorts().entries().size()
                        + last.report().connections().entries().size(),
                last.payload().length, warmMedian(totalNanos), warmMedian(assembleNanos), warmMedian(encodeNanos),
                warmMedian(cpuNanos));
    }

    private static double warmMedian(long[] nanos) {
        long[] warm = Arrays.copyOfRange(nanos, nanos.length / 2, nanos.length);
        Arrays.sort(warm);
        return warm[warm.length / 2] / 1e6;
    }

    private static NetworkSnapshot snapshot(int tcp, int udp, int connections, int connectionTotal) {
        String[] ifaces = {null, "eth0", "wlan0"};
        List<PortBinding> t = new ArrayList<>();
        for (int i = 0; i < tcp; i++) {
            t.add(new PortBinding(1 + i % 65535, i < 65535 ? ifaces[0] : ifaces[1 + (i / 65535) % 2]));
        }
        List<PortBinding> u = new ArrayList<>();
        for (int i = 0; i < udp; i++) {
            u.add(new PortBinding(1 + i % 65535, ifaces[i % 3]));
        }
        List<TcpConnection> c = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            String remote = i % 4 == 0 ? "[2001:db8::" + Integer.toHexString(i) + "]:443"
                    : "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + ":" + (1024 + i % 60000);
            c.add(new TcpConnection(remote, 1 + i % 65535, ifaces[i % 3]));
        }
        // sorted, as the collector's contract delivers them (Bounded: the smallest distinct entries in sort order)
        Collections.sort(t);
        Collections.sort(u);
        Collections.sort(c);
        return new NetworkSnapshot("boot", "/proc/net", new Bounded<>(t, tcp), new Bounded<>(u, udp),
                new Bounded<>(c, Math.max(connections, connectionTotal)), List.of(), 0,
                PortSet.empty(), PortSet.empty(), RemoteAddresses.empty());
    }
}
