package io.watchpost.localcore;

import io.watchpost.SignalExit;
import io.watchpost.cli.ComponentOptions;
import io.watchpost.cli.LocalOptions;
import io.watchpost.cli.LocalSetup;
import io.watchpost.cli.UsageException;
import io.watchpost.cli.Version;
import io.watchpost.config.Settings;
import io.watchpost.custom.BuiltInMetric;
import io.watchpost.ipc.SdkLogging;
import io.watchpost.log.EventLog;
import java.io.IOException;
import java.lang.ref.Reference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code watchpost local}: the component against an embedded core on this machine, with its real /proc and the real IPC
 * client; reports printed as they are judged, Detect events as they are published. Supervises everything it starts:
 * a private temporary directory (removed at exit, and left-overs of a killed local mode removed at the next start), the
 * embedded core, and the component as a child process (stopped first, the nucleus's way, so it can still close its IPC
 * connection). Development tooling: only {@code target/watchpost.jar} carries this package, and {@code Main} reaches
 * this class by name.
 */
public final class LocalMode {
    /** What the embedded core's close may take on the way out; the remaining 5 s budget belongs to the runtime. */
    private static final Duration CORE_CLOSE_WAIT = Duration.ofSeconds(1);
    /** What local mode gives its component child after SIGTERM, as the nucleus gives a component (5 s). */
    private static final Duration COMPONENT_STOP_GRACE = Duration.ofSeconds(5);
    /** The program's entry point, for starting the child from classes (a test checks it names Main). */
    static final String MAIN_CLASS = "io.watchpost.Main";

    private LocalMode() { }

    /** Runs local mode until SIGTERM/SIGINT or the child's end; returns the exit status (2: usage error). */
    public static int run(String[] args, SignalExit exit) {
        LocalOptions options;
        try {
            options = LocalOptions.parse(args);
        } catch (UsageException e) {
            System.err.println("watchpost local: " + e.getMessage());
            System.err.println(LocalOptions.USAGE);
            return 2;
        }
        if (options.help() || options.version()) {
            System.out.println(options.help() ? LocalOptions.USAGE : "watchpost " + Version.current());
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
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path dir;
        try {
            dir = LocalModeDirectory.create(tmp);
        } catch (IOException | RuntimeException e) {
            log.fatal("local_start_failed", "reason", "cannot create a private temporary directory", "path", tmp,
                    "error", e);
            return 1;
        }
        LocalModeDirectory.removeAbandoned(tmp, dir, log);
        int status = supervise(options, setup, dir, exit, log);
        Reference.reachabilityFence(sdkLogging);
        return status;
    }

    private static int supervise(LocalOptions options, LocalSetup setup, Path dir, SignalExit exit, EventLog log) {
        LocalCore core;
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
        new LocalDetectConsole(System.out, setup.eventsTopic()).attach(core.server());

        // The component runs as the nucleus runs it: its own JVM with the recipe's flags, the nucleus's variables. The
        // interval reaches it only through the configuration the core serves.
        List<String> arguments = new ArrayList<>(List.of(ComponentOptions.LOCAL_CHILD));
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
                // Without --state-dir the state file is in the private directory and goes with it.
                removeQuietly(dir);
                log.info("local_mode_stopped", "removed", dir);
            }
        };
        exit.onShutdown(stop);
        log.info("local_mode_started", "thing", options.thing(), "interval_s", setup.interval().toSeconds(),
                "note", "local mode reports every " + setup.interval().toSeconds() + " s against a Device Defender "
                        + "stand-in; a deployed component reports at most every "
                        + Settings.MIN_SAMPLE_INTERVAL.toSeconds() + " s", "dir", dir,
                "state_file", stateDir.resolve("watchpost-state.json"), "component_pid", child.pid(),
                "detect_profile", options.profile().map(Path::toString).orElse("none"),
                "detect_events_topic", setup.eventsTopic());
        int status;
        try {
            status = child.awaitExit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 1;
        }
        if (!stopped.get()) {
            // The component ended by itself (it could not start, or it was killed): nothing is left to show.
            log.error("local_component_exited", "pid", child.pid(), "status", status, "effect", "local mode stops");
        }
        stop.run();
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
            Path source = Path.of(LocalMode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(source)) {
                return List.of("-jar", source.toString());
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Fall back to the class path below.
        }
        return List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS);
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
        if (!LocalModeDirectory.remove(dir)) {
            System.err.println("watchpost local: could not remove " + dir);
        }
    }
}
