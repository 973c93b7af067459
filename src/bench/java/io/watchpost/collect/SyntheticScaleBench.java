package io.watchpost.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Not a test (no surefire run picks it up): a gateway with 100,000 established connections in a copied /proc tree,
 * printing how long collecting takes next to just reading the files. Speed is measured here, not in the test run.
 * Run after {@code mvn -o -Pbench test-compile}:
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
            Path net = ScaleProcRoot.write(root, V4_CONNECTIONS, V6_CONNECTIONS);
            ReadVsCollectTiming.Result r = ReadVsCollectTiming.measure(ScaleProcRoot.quietCollector(), root, net, 8);
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
}
