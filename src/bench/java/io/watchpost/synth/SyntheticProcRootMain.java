package io.watchpost.synth;

import java.nio.file.Path;

/**
 * Command line for the benchmark scripts: {@code SyntheticProcRootMain <root> <seed> <established>} writes a
 * {@link SynthSpec#typical} root and prints one line with what it wrote.
 */
public final class SyntheticProcRootMain {
    private SyntheticProcRootMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: SyntheticProcRootMain <root> <seed> <established>");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        SynthSpec spec = SynthSpec.typical(Long.parseLong(args[1]), Integer.parseInt(args[2]));
        long start = System.nanoTime();
        SyntheticProcRoot.Generated generated = SyntheticProcRoot.write(root, spec);
        long millis = (System.nanoTime() - start) / 1_000_000;
        ExpectedCollection e = generated.expected();
        System.out.println("synthetic_root_written root=" + root + " seed=" + spec.seed() + " established_rows="
                + spec.established() + " distinct_established=" + e.established().size() + " tcp_listeners="
                + e.tcpListeners().size() + " udp_listeners=" + e.udpListeners().size() + " millis=" + millis);
    }
}
