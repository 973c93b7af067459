package io.watchpost.encode;

import io.watchpost.collect.Bounded;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import io.watchpost.report.MetricsReport;
import io.watchpost.report.ReportAssembler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Prints how long assembling and encoding take for a gateway with far more entries than fit 128 KiB, and for a small
 * device. Not a test (no timing assertions); run:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.watchpost.encode.EncodeBenchmark}
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

    private static void report(ReportFormat f, KeyNames n, String name, ReportEncoder encoder,
                               NetworkSnapshot snapshot, int budget) {
        ReportAssembler assembler = new ReportAssembler();
        long[] nanos = new long[30];
        EncodedReport last = null;
        for (int warm = 0; warm < 10; warm++) {
            encoder.encodeWithin(assembler.assemble(snapshot, null, false, 0, Instant.EPOCH.plusSeconds(1), Map.of())
                    .report(), budget);
        }
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            MetricsReport r = assembler.assemble(snapshot, null, false, 0, Instant.EPOCH.plusSeconds(1), Map.of())
                    .report();
            last = encoder.encodeWithin(r, budget);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        long[] assembleNanos = new long[nanos.length];
        for (int i = 0; i < assembleNanos.length; i++) {
            long start = System.nanoTime();
            assembler.assemble(snapshot, null, false, 0, Instant.EPOCH.plusSeconds(1), Map.of());
            assembleNanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(assembleNanos);
        System.out.printf("%-4s %-5s %-5s entries=%d/%d/%d kept=%d bytes=%d median_ms=%.2f max_ms=%.2f (assemble alone %.2f)%n", f, n, name,
                snapshot.tcpListeners().kept().size(), snapshot.udpListeners().kept().size(),
                snapshot.established().kept().size(),
                last.report().tcpPorts().entries().size() + last.report().udpPorts().entries().size()
                        + last.report().connections().entries().size(),
                last.payload().length, nanos[nanos.length / 2] / 1e6, nanos[nanos.length - 1] / 1e6,
                assembleNanos[nanos.length / 2] / 1e6);
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
        return new NetworkSnapshot("boot", new Bounded<>(t, tcp), new Bounded<>(u, udp),
                new Bounded<>(c, Math.max(connections, connectionTotal)), List.of(), 0);
    }
}
