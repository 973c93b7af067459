package io.watchpost.bench;

import io.watchpost.collect.CollectException;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.collect.ProcNetworkCollector;
import io.watchpost.config.Settings;
import io.watchpost.encode.ReportEncoder;
import io.watchpost.log.EventLog;
import io.watchpost.pipeline.CollectingReportSource;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.report.NetworkBaseline;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
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
 * Watchpost on the proc root, two ways: {@code collect} is the collector alone (the row comparable with the floor and
 * the other collectors, which also only collect); {@code report} is the whole cycle the component runs — collect,
 * assemble, encode within the 128 KiB budget — through {@link CollectingReportSource#prepare}, with the default
 * settings (JSON, long names) and a baseline from an earlier collection so network_stats are computed as in steady
 * state. The setup's own collection is outside the measurement, so even the single-shot run measures a report that
 * is not the first the process ever made: see {@link #FIRST_IN_PROCESS} for that.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WatchpostBenchmark {
    /** Set to "true" to skip the setup's baseline collection, so a single-shot run times the process's first report. */
    static final String FIRST_IN_PROCESS = "watchpost.bench.firstInProcess";
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    @Param({"/proc"})
    public String root;

    private ProcNetworkCollector collector;
    private CollectingReportSource source;
    private Settings settings;
    /** Entries kept per list by {@code collect}: what the default JSON/long encoder asks the collector for. */
    private int retainLimit;
    private int connectionRetainLimit;
    private NetworkBaseline baseline;

    @Setup
    public void createPipeline() throws CollectException {
        EventLog quiet = new EventLog(new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC(), EventLog.Level.ERROR);
        collector = new ProcNetworkCollector(quiet);
        source = new CollectingReportSource(collector);
        settings = Settings.defaults().withProcRoot(Path.of(root));
        ReportEncoder encoder = ReportEncoder.of(settings.reportFormat(), settings.keyNames());
        retainLimit = encoder.retainLimit(settings.maxReportBytes());
        connectionRetainLimit = encoder.connectionRetainLimit(settings.maxReportBytes());
        if (!Boolean.getBoolean(FIRST_IN_PROCESS)) {
            baseline = source.prepare(settings, null, 0, NOW.minusSeconds(300)).nextBaseline().orElseThrow(
                    () -> new IllegalStateException("no baseline: is " + root + "/sys/kernel/random/boot_id readable?"));
        }
    }

    @Benchmark
    public NetworkSnapshot collect(CpuTime cpu) throws CollectException {
        return collector.collect(settings.procRoot(), retainLimit, connectionRetainLimit);
    }

    @Benchmark
    public PreparedReport report(CpuTime cpu) throws CollectException {
        return source.prepare(settings, baseline, 1, NOW);
    }
}
