package io.watchpost;

import io.watchpost.cli.ComponentOptions;
import io.watchpost.cli.DetectCommand;
import io.watchpost.cli.LocalSetup;
import io.watchpost.cli.ReportCommand;
import io.watchpost.cli.SuggestProfileCommand;
import io.watchpost.cli.UsageException;
import io.watchpost.collect.NetworkCollector;
import io.watchpost.collect.ProcNetworkCollector;
import io.watchpost.config.Settings;
import io.watchpost.config.SettingsParser;
import io.watchpost.custom.BuiltInMetric;
import io.watchpost.custom.BuiltInMetrics;
import io.watchpost.custom.CustomMetricInbox;
import io.watchpost.custom.CustomMetricsSource;
import io.watchpost.ipc.GreengrassCoreIpc;
import io.watchpost.ipc.GreengrassIpcConnector;
import io.watchpost.ipc.SdkLogging;
import io.watchpost.log.EventLog;
import io.watchpost.pipeline.CollectingReportSource;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.pipeline.ReportSource;
import io.watchpost.proc.ProcFs;
import io.watchpost.runtime.ComponentRuntime;
import io.watchpost.runtime.ReportTiming;
import io.watchpost.runtime.StartupException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Composition root: the one place where proc root → collect → report → encode → publish is wired, for the two run
 * modes (component, local) and the one-shot {@code report} command. Argument parsing lives in {@code io.watchpost.cli}.
 */
public final class Main {
    /** Development tooling in target/watchpost.jar only (see {@link #localMode}). */
    private static final String LOCAL_MODE = "io.watchpost.localcore.LocalMode";

    private Main() {}

    public static void main(String[] args) {
        SignalExit exit = new SignalExit();
        String mode = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        int status = switch (mode) {
            case "report" -> report(rest);
            case "local" -> localMode(rest, exit);
            case "suggest-profile" -> SuggestProfileCommand.run(rest, Main::networkCollector);
            case "detect" -> DetectCommand.run(rest, Main::networkCollector, Main::customMetrics);
            default -> component(args, exit);
        };
        exit.exit(status);
    }

    /**
     * Local mode is development tooling: only {@code target/watchpost.jar} carries it, the device jars do not. Reached by
     * name, so that this class links without it.
     */
    private static int localMode(String[] args, SignalExit exit) {
        Method run;
        try {
            run = Class.forName(LOCAL_MODE).getMethod("run", String[].class, SignalExit.class);
        } catch (ClassNotFoundException e) {
            System.err.println("watchpost: local mode is not in the device jar; use target/watchpost.jar");
            return 2;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(LOCAL_MODE + " has no run(String[], SignalExit)", e);
        }
        try {
            return (int) run.invoke(null, args, exit);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(LOCAL_MODE + ".run is not public", e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("local mode failed", e.getCause());
        }
    }

    private static int report(String[] args) {
        // stdout carries the report itself, so the command's event lines go to stderr.
        EventLog log = new EventLog(System.err, System.err, Clock.systemUTC(), EventLog.Level.INFO);
        ProcFs proc = new ProcFs(log); // one proc layer: the collector and the built-in metrics share each cycle's reads
        ReportCommand command = new ReportCommand(new ProcNetworkCollector(proc, log),
                customMetrics(proc, log, Clock.systemUTC()), Clock.systemUTC(), log, ReportCommand.Sleeper.SYSTEM);
        // System.console() exists when stdin and stdout are a terminal: no binary CBOR is written there.
        return command.run(args, System.out, System.console() != null, System.err);
    }

    /** What the recipe's Run step starts: no arguments (or {@code --state-dir DIR}); reports until SIGTERM. */
    private static int component(String[] args, SignalExit exit) {
        ComponentOptions options;
        try {
            options = ComponentOptions.parse(args);
        } catch (UsageException e) {
            return usageError("watchpost: " + e.getMessage(), ComponentOptions.USAGE);
        }
        if (options.help() || options.version()) {
            System.out.println(options.help() ? ComponentOptions.USAGE : "watchpost " + version());
            return 0;
        }
        EventLog log = EventLog.standard();
        SdkLogging sdkLogging = SdkLogging.quiet(log);
        Map<String, String> env = System.getenv();
        AtomicReference<ComponentRuntime> runtime = new AtomicReference<>();
        CustomMetricInbox inbox = inbox(log, runtime);
        // Launched by local mode: its interval instead of the 300 s floor, and an exit when local mode is gone.
        Optional<Duration> localInterval = options.localChildInterval();
        SettingsParser parser = localInterval.isPresent() ? LocalSetup.parser(BuiltInMetric.NAMES)
                : new SettingsParser(ComponentRuntime.MIN_INTERVAL_SECONDS, BuiltInMetric.NAMES);
        ReportTiming timing = localInterval.map(LocalSetup::timing).orElse(ReportTiming.COMPONENT);
        ComponentRuntime r;
        try {
            r = ComponentRuntime.forComponent(env, Path.of("").toAbsolutePath(), options.stateDir(),
                    GreengrassIpcConnector.fromEnvironment(env, GreengrassCoreIpc.DEFAULT_TIMEOUT, log),
                    reportSource(log, inbox), inbox, parser, timing, log);
        } catch (StartupException e) {
            log.fatal("startup_failed", "reason", e.getMessage());
            return 1;
        }
        runtime.set(r);
        exit.onShutdown(r::shutdown);
        if (localInterval.isPresent()) {
            exitWhenStdinCloses(exit, log);
        }
        r.start();
        int status = r.exitCode().join();
        // JUL holds loggers weakly: the SDK's logging stays quiet only while this handle is reachable.
        Reference.reachabilityFence(sdkLogging);
        return status;
    }

    /**
     * Local mode's child: local mode holds the other end of stdin and never writes to it, so end of input means local
     * mode is gone (killed without stopping this process). Exit as on SIGTERM, state saved, rather than reconnecting
     * forever to a core that no longer exists.
     */
    private static void exitWhenStdinCloses(SignalExit exit, EventLog log) {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // Nothing is sent; whatever arrives is ignored.
                }
            } catch (IOException e) {
                // A broken pipe is the same news as end of input.
            }
            log.warn("local_mode_gone", "effect", "stopping: standard input from watchpost local closed");
            exit.exit(0);
        }, "watchpost-local-parent");
        watch.setDaemon(true);
        watch.start();
    }




    /** Both modes' pipeline: the proc collector, the report with the custom metrics of the settings in force. */
    private static ReportSource reportSource(EventLog log, CustomMetricInbox inbox) {
        ProcFs proc = new ProcFs(log); // one proc layer: the collector and the built-in metrics share each cycle's reads
        NetworkCollector collector = new ProcNetworkCollector(proc, log);
        CustomMetricsSource custom = new CustomMetricsSource(new BuiltInMetrics(log, proc), inbox, log);
        // The custom metrics depend on the cycle's settings (CustomMetrics, ProcDestinationPath, DiskUsagePath).
        return new CollectingReportSource(collector, custom::next);
    }

    /**
     * Other components' metrics; the cap on distinct names follows the settings in force, and the count of refusals
     * not logged is logged by a task on the runtime's thread when their minute ends.
     */
    private static CustomMetricInbox inbox(EventLog log, AtomicReference<ComponentRuntime> runtime) {
        return new CustomMetricInbox(log, Clock.systemUTC(), () -> Optional.ofNullable(runtime.get())
                .map(ComponentRuntime::settings).orElse(Settings.defaults()).maxCustomMetrics(),
                (delay, task) -> Optional.ofNullable(runtime.get()).ifPresent(r -> r.runLater(delay, task)));
    }

    /**
     * The built-in metrics named in the settings; the inbox of other components' metrics stays empty here (no IPC in
     * the {@code report} command), so it may keep no names at all.
     */
    public static Function<Settings, Map<String, CustomMetricValue>> customMetrics(EventLog log, Clock clock) {
        return customMetrics(new ProcFs(log), log, clock);
    }

    /** As {@link #customMetrics(EventLog, Clock)}, reading through a proc layer shared with the collector. */
    static Function<Settings, Map<String, CustomMetricValue>> customMetrics(ProcFs proc, EventLog log, Clock clock) {
        CustomMetricsSource source = new CustomMetricsSource(new BuiltInMetrics(log, proc),
                new CustomMetricInbox(log, clock, () -> 0), log);
        return source::next;
    }

    /** A collector with its own proc layer, for commands that read no built-in metrics (suggest-profile). */
    static NetworkCollector networkCollector(EventLog log) {
        return new ProcNetworkCollector(log);
    }

    private static int usageError(String message, String usage) {
        System.err.println(message);
        System.err.println(usage);
        return 2;
    }

    /** Implementation-Version of the jar manifest; "dev" when run from classes. */
    private static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }


}
