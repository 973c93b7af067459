package io.watchpost.bench;

import io.watchpost.collect.CollectException;
import io.watchpost.collect.NetworkCollector;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.log.EventLog;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
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
 * WATCHPOST HOOK. Watchpost's collection of one report from the proc root. The collector is not in this branch yet: it
 * is looked up by name ({@value #COLLECTOR}, constructor {@code (EventLog)}), so this benchmark compiles now and
 * measures as soon as the class lands; bench/run-all.sh runs it only when the class is in target/classes.
 * TODO(lead): once a ReportSource exists, add a {@code report()} method that times collect+build+encode through
 * {@code ReportSource.prepare(...)} — the headline number — beside this collect-only one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WatchpostBenchmark {
    static final String COLLECTOR = "io.watchpost.collect.ProcNetworkCollector";
    /** Entries kept per list: more than a 128 KiB report can carry, so the limit never shortens a real report. */
    static final int RETAIN_LIMIT = 4096;

    @Param({"/proc"})
    public String root;

    private NetworkCollector collector;
    private Path procRoot;

    @Setup
    public void createCollector() throws ReflectiveOperationException {
        EventLog quiet = new EventLog(new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC(), EventLog.Level.ERROR);
        collector = (NetworkCollector) Class.forName(COLLECTOR).getConstructor(EventLog.class).newInstance(quiet);
        procRoot = Path.of(root);
    }

    @Benchmark
    public NetworkSnapshot collect() throws CollectException {
        return collector.collect(procRoot, RETAIN_LIMIT);
    }
}
