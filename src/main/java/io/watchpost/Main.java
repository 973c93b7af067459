package io.watchpost;

import io.watchpost.cli.ComponentOptions;
import io.watchpost.cli.DetectCommand;
import io.watchpost.cli.LocalSetup;
import io.watchpost.cli.ReportCommand;
import io.watchpost.cli.SuggestProfileCommand;
import io.watchpost.cli.UsageException;
import io.watchpost.cli.Version;
import io.watchpost.collect.NetworkCollector;
import io.watchpost.collect.ProcNetworkCollector;
import io.watchpost.config.CurrentSettings;
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
import io.watchpost.pipeline.ReportSource;
import io.watchpost.proc.ProcFs;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.runtime.Backoff;
import io.watchpost.runtime.ComponentRuntime;
import io.watchpost.runtime.ExecutorScheduler;
import io.watchpost.runtime.IpcSession;
import io.watchpost.runtime.Redactor;
import io.watchpost.runtime.ReportScheduler;
import io.watchpost.runtime.ReportTiming;
import io.watchpost.runtime.Scheduler;
import io.watchpost.runtime.StartupException;
import io.watchpost.runtime.StateStore;
import io.watchpost.runtime.Topics;
import io.watchpost.runtime.ThingName;
import java.lang.ref.Reference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Composition root: the one place where proc root → collect → report → encode → publish is wired, for component mode
 * and the one-shot {@code report} and {@code suggest-profile} commands; local mode is
 * {@code io.watchpost.localcore.LocalMode}, development tooling reached by name. Argument parsing lives in
 * {@code io.watchpost.cli}. Nothing here decides anything beyond which object gets which collaborator.
 */
public final class Main {
    /** Development tooling in target/watchpost.jar only (see {@link #localMode}). */
    private static final String LOCAL_MODE = "io.watchpost.localcore.LocalMode";
    /**
     * Test-only: a fixed first-report delay in milliseconds instead of the random 5–30 s, so jar tests do not wait it
     * out. Only a {@code -D} on the java command line sets it; the recipe's Run passes none.
     */
    static final String TEST_FIRST_REPORT_DELAY_PROPERTY = "watchpost.test.firstReportDelayMillis";

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
            System.err.println("watchpost: " + e.getMessage());
            System.err.println(ComponentOptions.USAGE);
            return 2;
        }
        if (options.help() || options.version()) {
            System.out.println(options.help() ? ComponentOptions.USAGE : "watchpost " + Version.current());
            return 0;
        }
        EventLog log = EventLog.standard();
        SdkLogging sdkLogging = SdkLogging.quiet(log);
        Map<String, String> env = System.getenv();
        ThingName thing;
        try {
            thing = ThingName.fromEnvironment(env);
        } catch (StartupException e) {
            log.fatal("startup_failed", "reason", e.getMessage());
            return 1;
        }
        Clock clock = Clock.systemUTC();
        // The start delay and backoff only need to differ between devices, not to be unpredictable: Random seeds from
        // nanoTime (different on every device and boot) without loading the JDK's security providers (~40 classes).
        Random random = new Random();
        // The one place the retry policy is chosen: IPC reconnects and retries of missing answer subscriptions.
        Backoff retry = Backoff.ipcReconnect(random);
        // Launched by local mode: the configured interval is the spacing instead of the 300 s floor (its stand-in
        // throttles at that interval), and an exit when local mode is gone.
        SettingsParser parser = options.localChild() ? LocalSetup.parser(BuiltInMetric.NAMES)
                : SettingsParser.forComponent(BuiltInMetric.NAMES);
        ReportTiming timing = options.localChild() ? ReportTiming.LOCAL : ReportTiming.COMPONENT;
        String testDelay = System.getProperty(TEST_FIRST_REPORT_DELAY_PROPERTY);
        if (testDelay != null) {
            timing = timing.withFirstDelay(Duration.ofMillis(Long.parseLong(testDelay)));
        }

        CurrentSettings settings = new CurrentSettings();
        Scheduler scheduler = new ExecutorScheduler("watchpost-runtime", log);
        // The count of refusals not logged is logged by a task on the runtime's thread when their minute ends.
        CustomMetricInbox inbox = new CustomMetricInbox(log, clock, () -> settings.get().maxCustomMetrics(),
                scheduler::schedule);
        Redactor redactor = Redactor.forEnvironment(env);
        IpcSession session = new IpcSession(
                GreengrassIpcConnector.fromEnvironment(env, GreengrassCoreIpc.DEFAULT_TIMEOUT, log), scheduler, retry,
                new Topics(thing.value()), log, redactor, inbox, ComponentRuntime.STARTUP_CONNECT_ATTEMPTS,
                ComponentRuntime.IPC_CALL_TIMEOUT);
        ComponentRuntime runtime = new ComponentRuntime(thing,
                new StateStore(options.stateDir().orElse(Path.of("")).toAbsolutePath(), log), session,
                new ReportScheduler(scheduler, clock, random, timing), reportSource(log, inbox), collectionWorker(),
                parser, settings, scheduler, retry, clock, log, redactor);
        exit.onShutdown(runtime::shutdown);
        if (options.localChild()) {
            exit.whenStandardInputCloses(log);
        }
        runtime.start();
        int status = runtime.exitCode().join();
        // JUL holds loggers weakly: the SDK's logging stays quiet only while this handle is reachable.
        Reference.reachabilityFence(sdkLogging);
        return status;
    }

    /**
     * Where collections run: one daemon thread, so a read that never returns (a hung mount under the proc root) holds
     * only this thread, never the runtime's, and ends with the process.
     */
    private static ExecutorService collectionWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "watchpost-collect");
            t.setDaemon(true);
            return t;
        });
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

}
