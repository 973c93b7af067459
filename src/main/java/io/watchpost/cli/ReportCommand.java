package io.watchpost.cli;

import io.watchpost.collect.CollectException;
import io.watchpost.collect.NetworkCollector;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.config.Settings;
import io.watchpost.config.SettingsParser;
import io.watchpost.config.SettingsProblem;
import io.watchpost.custom.BuiltInMetric;
import io.watchpost.encode.ReportEncoder;
import io.watchpost.config.ReportFormat;
import io.watchpost.log.EventLog;
import io.watchpost.pipeline.CollectingReportSource;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.report.NetworkBaseline;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code watchpost report}: prepares one report from a proc root exactly as the component would and prints it, without
 * Greengrass. For inspecting what a device would send, and for timing the pipeline on a real /proc.
 */
public final class ReportCommand {
    static final String USAGE = String.join("\n",
            "Usage: watchpost report [options]",
            "Prints one Device Defender metrics report to stdout (JSON on one line, or raw CBOR bytes).",
            "CBOR is not written to a terminal: redirect stdout (> report.cbor) or use --output.",
            "",
            "  --proc-root DIR       where /proc is mounted (default /proc, or ProcDestinationPath from --config)",
            "  --config FILE         a JSON object with the component's configuration keys; built-in metrics named",
            "                        in CustomMetrics are measured under the proc root (cpu_usage needs two",
            "                        samples: --delta-seconds or --repeat)",
            "  --format json|cbor    payload encoding (default json)",
            "  --names long|short    key names (default long)",
            "  --output FILE         write the report to FILE instead of stdout",
            "  --delta-seconds N     sample twice N seconds apart so the report carries network_stats",
            "  --repeat N            prepare N reports in one process, print the last; one timing line per report",
            "                        on stderr: collect_ms=<x> encode_ms=<y> bytes=<z>",
            "  --help                show this text",
            "  --version             show the version",
            "",
            "Exit status: 0 report printed, 1 proc root or config file unreadable, 2 usage error.");

    /** Waits between the two samples of {@code --delta-seconds}; injected so tests do not wait. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());
    }

    private final NetworkCollector collector;
    private final Function<Settings, Map<String, CustomMetricValue>> customMetrics;
    private final Clock clock;
    private final EventLog log;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;

    /**
     * @param customMetrics the custom metrics of one report for its settings (the built-ins named in
     *                      {@code CustomMetrics}, measured under the proc root); called at every sample, so metrics
     *                      over an interval (cpu_usage) have a value from the second sample on
     */
    public ReportCommand(NetworkCollector collector, Function<Settings, Map<String, CustomMetricValue>> customMetrics,
                         Clock clock, EventLog log, Sleeper sleeper) {
        this(collector, customMetrics, clock, log, sleeper, System::nanoTime);
    }

    /** @param nanoTime the monotonic ticker the timing lines of {@code --repeat} are measured with */
    public ReportCommand(NetworkCollector collector, Function<Settings, Map<String, CustomMetricValue>> customMetrics,
                         Clock clock, EventLog log, Sleeper sleeper, LongSupplier nanoTime) {
        this.collector = Objects.requireNonNull(collector, "collector");
        this.customMetrics = Objects.requireNonNull(customMetrics, "customMetrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** As {@link #run(String[], PrintStream, boolean, PrintStream)} with {@code out} not a terminal. */
    public int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, false, err);
    }

    /**
     * @param outIsTerminal whether {@code out} is a terminal, where CBOR's binary bytes are refused (the caller knows:
     *                      {@code System.console() != null} for the process's own stdout)
     * @return the exit status: 0 printed, 1 cannot read the proc root or config file or write the output, 2 usage error
     */
    public int run(String[] args, PrintStream out, boolean outIsTerminal, PrintStream err) {
        ReportOptions options;
        try {
            options = ReportOptions.parse(args);
        } catch (UsageException e) {
            err.println("watchpost report: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(USAGE);
            return 0;
        }
        if (options.version()) {
            out.println("watchpost " + version());
            return 0;
        }
        try {
            Settings settings = settings(options, err);
            if (settings.reportFormat() == ReportFormat.CBOR && outIsTerminal && options.output().isEmpty()) {
                err.println("watchpost report: CBOR is binary and standard output is a terminal; redirect it"
                        + " (watchpost report --format cbor > report.cbor) or use --output FILE");
                return 2;
            }
            byte[] payload = prepare(options, settings, err);
            if (options.output().isPresent()) {
                return writeFile(options.output().get(), payload, settings.reportFormat(), err);
            }
            out.write(payload, 0, payload.length);
            switch (settings.reportFormat()) {
                case JSON -> out.write('\n'); // text for a terminal or a pipe into jq
                case CBOR -> { }
            }
            out.flush();
            if (out.checkError()) {
                err.println("watchpost report: cannot write the report to stdout");
                return 1;
            }
            return 0;
        } catch (CommandFailure e) {
            err.println("watchpost report: " + e.getMessage());
            return 1;
        } catch (CollectException e) {
            err.println("watchpost report: cannot read " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("watchpost report: interrupted");
            return 1;
        }
    }

    private static int writeFile(Path file, byte[] payload, ReportFormat format, PrintStream err) {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(payload);
            if (format == ReportFormat.JSON) {
                out.write('\n');
            }
            return 0;
        } catch (IOException e) {
            err.println("watchpost report: cannot write " + file + ": " + EventLog.describe(e));
            return 1;
        }
    }

    private byte[] prepare(ReportOptions options, Settings settings, PrintStream err)
            throws CollectException, InterruptedException {
        ReportEncoder encoder = ReportEncoder.of(settings.reportFormat(), settings.keyNames());
        int retainLimit = encoder.retainLimit(settings.maxReportBytes());
        int connectionRetainLimit = encoder.connectionRetainLimit(settings.maxReportBytes());
        CollectingReportSource source = new CollectingReportSource(collector, customMetrics);

        NetworkBaseline baseline = null;
        if (options.deltaSeconds().isPresent()) {
            NetworkSnapshot first = collector.collect(settings.procRoot(), retainLimit, connectionRetainLimit);
            if (first.bootId() == null) {
                err.println("watchpost report: no boot id under " + settings.procRoot()
                        + " (sys/kernel/random/boot_id), so deltas cannot be trusted: the report has no network_stats");
            } else {
                baseline = new NetworkBaseline(first.bootId(), first.networkSource(), first.interfaces());
            }
            customMetrics.apply(settings); // the first sample of interval metrics (cpu_usage); it has no value yet
            sleeper.sleep(Duration.ofSeconds(options.deltaSeconds().get()));
        }

        int repeat = options.repeat().orElse(1);
        long previousId = 0;
        PreparedReport prepared = null;
        for (int i = 0; i < repeat; i++) {
            long start = nanoTime.getAsLong();
            NetworkSnapshot snapshot = collector.collect(settings.procRoot(), retainLimit, connectionRetainLimit);
            long collected = nanoTime.getAsLong();
            prepared = source.encode(encoder, settings, snapshot, baseline, previousId, clock.instant());
            long encoded = nanoTime.getAsLong();
            previousId = prepared.reportId();
            if (options.repeat().isPresent()) {
                err.println(String.format(Locale.ROOT, "collect_ms=%.3f encode_ms=%.3f bytes=%d",
                        (collected - start) / 1e6, (encoded - collected) / 1e6, prepared.payload().length));
            }
        }
        var s = prepared.summary();
        // DEBUG: stderr is for problems and the timing lines of --repeat; the report itself says the rest
        log.debug("report_prepared", "report_id", prepared.reportId(), "format", prepared.format().topicSegment(),
                "bytes", prepared.payload().length, "tcp_ports", s.tcpPorts(), "udp_ports", s.udpPorts(),
                "connections", s.connections(), "dropped_entries", s.droppedEntries(), "network_stats",
                s.networkStats(), "malformed_lines", s.malformedLines());
        return prepared.payload();
    }

    /** Defaults, then the config file (invalid values keep the default and are reported), then the flags. */
    private static Settings settings(ReportOptions options, PrintStream err) throws CommandFailure {
        Settings settings = Settings.defaults();
        if (options.config().isPresent()) {
            Path file = options.config().get();
            Map<String, Object> raw = readConfig(file);
            SettingsParser parser = SettingsParser.forComponent(BuiltInMetric.NAMES);
            SettingsParser.Result result = parser.parse(raw, settings);
            for (SettingsProblem problem : result.problems()) {
                // CustomMetrics drops only the names it refuses; every other key falls back to its default
                List<String> accepted = result.settings().customMetrics();
                String outcome = !problem.key().equals(SettingsParser.CUSTOM_METRICS) ? "using the default instead"
                        : accepted.isEmpty() ? "no built-in metrics are sent" : "sending " + accepted;
                err.println("watchpost report: " + file + ": " + problem.describe() + " (" + outcome + ")");
            }
            for (String key : result.unknownKeys()) {
                err.println("watchpost report: " + file + ": unknown key \"" + key + "\" is ignored; known keys are "
                        + SettingsParser.KEYS);
            }
            settings = result.settings();
        }
        if (options.procRoot().isPresent()) {
            settings = settings.withProcRoot(options.procRoot().get());
        }
        if (options.format().isPresent()) {
            settings = settings.withReportFormat(options.format().get());
        }
        if (options.names().isPresent()) {
            settings = settings.withKeyNames(options.names().get());
        }
        return settings;
    }

    private static Map<String, Object> readConfig(Path file) throws CommandFailure {
        try {
            return ConfigFile.read(file);
        } catch (ConfigFile.Unusable e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    /** Implementation-Version of the jar manifest; "dev" when run from classes (tests, IDE). */
    static String version() {
        String v = ReportCommand.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    /** A failure that ends the command with status 1; the message names the file and what is wrong. */
    private static final class CommandFailure extends Exception {
        private static final long serialVersionUID = 1L;

        CommandFailure(String message) {
            super(message);
        }
    }
}
