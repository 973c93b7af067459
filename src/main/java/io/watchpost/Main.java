package io.watchpost;

import io.watchpost.cli.ComponentOptions;
import io.watchpost.cli.DetectCommand;
import io.watchpost.cli.LocalOptions;
import io.watchpost.cli.LocalReportConsole;
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
import io.watchpost.localcore.ComponentProcess;
import io.watchpost.localcore.LocalCore;
import io.watchpost.log.EventLog;
import io.watchpost.pipeline.CollectingReportSource;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.pipeline.ReportSource;
import io.watchpost.runtime.ComponentRuntime;
import io.watchpost.runtime.ReportTiming;
import io.watchpost.runtime.StartupException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.function.Function;

/**
 * Composition root: the one place where proc root → collect → report → encode → publish is wired, for the two run
 * modes (component, local) and the one-shot {@code report} command. Argument parsing lives in {@code io.watchpost.cli}.
 */
public final class Main {
    /** What the embedded core's close may take on the way out; the remaining 5 s budget belongs to the runtime. */
    private static final Duration CORE_CLOSE_WAIT = Duration.ofSeconds(1);
    /** What local mode gives its component child after SIGTERM, as the nucleus gives a component (5 s). */
    private static final Duration COMPONENT_STOP_GRACE = Duration.ofSeconds(5);

    private Main() {}

    public static void main(String[] args) {
        SignalExit exit = new SignalExit();
        String mode = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        int status = switch (mode) {
            case "report" -> report(rest);
            case "local" -> local(rest, exit);
            case "suggest-profile" -> SuggestProfileCommand.run(rest, Main::networkCollector);
            case "detect" -> DetectCommand.run(rest, Main::networkCollector, Main::customMetrics);
            default -> component(args, exit);
        };
        exit.exit(status);
    }

    private static int report(String[] args) {
        // stdout carries the report itself, so the command's event lines go to stderr.
        EventLog log = new EventLog(System.err, System.err, Clock.systemUTC(), EventLog.Level.INFO);
        ReportCommand command = new ReportCommand(networkCollector(log), customMetrics(log, Clock.systemUTC()),
                Clock.systemUTC(), log, ReportCommand.Sleeper.SYSTEM);
        return command.run(args, System.out, System.err);
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

    /**
     * The component against an embedded core on this machine, with its real /proc and the real IPC client; reports
     * printed as they are judged. Everything it creates lives in one private temporary directory, removed at exit.
     */
    private static int local(String[] args, SignalExit exit) {
        LocalOptions options;
        try {
            options = LocalOptions.parse(args);
        } catch (UsageException e) {
            return usageError("watchpost local: " + e.getMessage(), LocalOptions.USAGE);
        }
        if (options.help() || options.version()) {
            System.out.println(options.help() ? LocalOptions.USAGE : "watchpost " + version());
            return 0;
        }
        LocalSetup setup;
        try {
            setup = LocalSetup.from(options, BuiltInMetric.NAMES);
        } catch (IOException e) {
            System.err.println("watchpost local: " + e.getMessage());
            return 1;
        }
        setup.problems().forEach(p -> System.err.println("watchpost local: " + p));

        EventLog log = EventLog.standard();
        SdkLogging sdkLogging = SdkLogging.quiet(log);
        Path dir;
        LocalCore core;
        try {
            dir = Files.createTempDirectory("watchpost-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException | RuntimeException e) {
            log.fatal("local_start_failed", "reason", "cannot create a private temporary directory", "error", e);
            return 1;
        }
        try {
            core = LocalCore.start(dir, setup.configuration(), Clock.systemUTC(), setup.standInSpacing(), log);
        } catch (IOException | RuntimeException e) {
            log.fatal("local_start_failed", "reason", "cannot start the embedded Greengrass core", "error", e);
            removeQuietly(dir);
            return 1;
        }
        LocalReportConsole console = new LocalReportConsole(System.out,
                () -> core.server().publishedToIoTCore().last());
        core.deviceDefender().onVerdict(console::verdict);

        // The component runs as the nucleus runs it: its own JVM with the recipe's flags, the nucleus's variables.
        List<String> arguments = new ArrayList<>(List.of(ComponentOptions.LOCAL_CHILD,
                String.valueOf(setup.interval().toSeconds())));
        options.stateDir().ifPresent(d -> arguments.addAll(List.of("--state-dir", d.toAbsolutePath().toString())));
        List<String> command = ComponentProcess.command(ComponentProcess.java(), childProperties(dir), thisProgram(),
                arguments);
        ComponentProcess child;
        try {
            child = ComponentProcess.start(command, dir, core.componentEnvironment(options.thing()), System.out,
                    System.err);
        } catch (IOException | RuntimeException e) {
            log.fatal("local_start_failed", "reason", "cannot start the component process", "command", command.get(0),
                    "error", e);
            closeWithin(core, CORE_CLOSE_WAIT);
            removeQuietly(dir);
            return 1;
        }
        Path stateDir = options.stateDir().orElse(dir);
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                try {
                    // Before the core closes, so the component can still close its IPC connection cleanly.
                    if (!child.stop(COMPONENT_STOP_GRACE)) {
                        log.warn("local_component_killed", "pid", child.pid(), "reason",
                                "did not exit within " + COMPONENT_STOP_GRACE.toSeconds() + " s of SIGTERM");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                closeWithin(core, CORE_CLOSE_WAIT);
                if (options.stateDir().isEmpty()) {
                    removeQuietly(dir);
                }
                log.info("local_mode_stopped", "removed", dir);
            }
        };
        exit.onShutdown(stop);
        log.info("local_mode_started", "thing", options.thing(), "interval_s", setup.interval().toSeconds(),
                "note", "local mode reports every " + setup.interval().toSeconds() + " s against a Device Defender "
                        + "stand-in; a deployed component reports at most every 300 s", "dir", dir,
                "state_file", stateDir.resolve("watchpost-state.json"), "component_pid", child.pid());
        int status;
        try {
            status = child.awaitExit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 1;
        }
        if (!stopped.get()) {
            // The component ended by itself (it could not start, or it was killed): local mode has nothing left to show.
            log.error("local_component_exited", "pid", child.pid(), "status", status, "effect", "local mode stops");
        }
        stop.run();
        Reference.reachabilityFence(sdkLogging);
        return status == 0 ? 0 : 1;
    }

    /**
     * The recipe's per-install properties for the child: the CRT's native library goes to the private directory as it
     * goes to the component's work directory when deployed; the CPU variant the CRT is told to use is kept.
     */
    private static List<String> childProperties(Path dir) {
        List<String> properties = new ArrayList<>(List.of("-Daws.crt.lib.dir=" + dir, "-Djava.io.tmpdir=" + dir));
        Optional.ofNullable(System.getProperty("aws.crt.arch")).ifPresent(a -> properties.add("-Daws.crt.arch=" + a));
        return properties;
    }

    /** How to start this program again: {@code -jar} with this jar, or the class path when run from classes. */
    private static List<String> thisProgram() {
        try {
            Path source = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(source)) {
                return List.of("-jar", source.toString());
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Fall back to the class path below.
        }
        return List.of("-cp", System.getProperty("java.class.path"), Main.class.getName());
    }

    /** Both modes' pipeline: the proc collector, the report with the custom metrics of the settings in force. */
    private static ReportSource reportSource(EventLog log, CustomMetricInbox inbox) {
        NetworkCollector collector = networkCollector(log);
        CustomMetricsSource custom = new CustomMetricsSource(new BuiltInMetrics(log), inbox, log);
        // The custom metrics depend on the cycle's settings (CustomMetrics, ProcDestinationPath, DiskUsagePath).
        return new CollectingReportSource(collector, custom::next);
    }

    /** Other components' metrics; the cap on distinct names follows the settings in force. */
    private static CustomMetricInbox inbox(EventLog log, AtomicReference<ComponentRuntime> runtime) {
        return new CustomMetricInbox(log, Clock.systemUTC(), () -> Optional.ofNullable(runtime.get())
                .map(ComponentRuntime::settings).orElse(Settings.defaults()).maxCustomMetrics());
    }

    /**
     * The built-in metrics named in the settings; the inbox of other components' metrics stays empty here (no IPC in
     * the {@code report} command), so it may keep no names at all.
     */
    public static Function<Settings, Map<String, CustomMetricValue>> customMetrics(EventLog log, Clock clock) {
        CustomMetricsSource source = new CustomMetricsSource(new BuiltInMetrics(log),
                new CustomMetricInbox(log, clock, () -> 0), log);
        return source::next;
    }

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

    /**
     * Closes the embedded core, waiting at most {@code wait}. In a shutdown hook aws-crt's own hook has already stopped
     * its callbacks into Java, so the core's wait for the CRT's shutdown futures would only run out its timeouts; the
     * native resources end with the process anyway, and the socket goes with the private directory.
     */
    private static void closeWithin(LocalCore core, Duration wait) {
        Thread closer = new Thread(core::close, "watchpost-local-core-close");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Removes local mode's private directory: the state file and whatever the core left; never follows links out. */
    private static void removeQuietly(Path dir) {
        try (Stream<Path> entries = Files.walk(dir)) {
            entries.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Reported below by the directory that stays.
                }
            });
        } catch (IOException e) {
            // Reported below.
        }
        if (Files.exists(dir)) {
            System.err.println("watchpost local: could not remove " + dir);
        }
    }
}
