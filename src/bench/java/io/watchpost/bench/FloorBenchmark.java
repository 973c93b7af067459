package io.watchpost.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor: only reading the bytes of the files one report reads, into one reused 64 KiB buffer, until EOF (proc files
 * report size 0, so there is no reading "the whole file" at once). No parsing at all: nothing can be cheaper.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FloorBenchmark {
    @Param({"/proc"})
    public String root;

    private List<Path> files;
    private final byte[] buffer = new byte[64 * 1024];

    @Setup
    public void resolveFiles() {
        files = ProcFiles.of(Path.of(root));
    }

    @Benchmark
    public long readBytes(CpuTime cpu) throws IOException {
        long total = 0;
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    total += n;
                }
            } catch (NoSuchFileException absent) {
                // tcp6/udp6 are absent with IPv6 disabled; the reader pays only the failed open
            }
        }
        return total;
    }
}
