package io.watchpost.cli;

import io.watchpost.config.Settings;
import io.watchpost.config.SettingsParser;
import io.watchpost.runtime.ThingName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The command line of {@code watchpost local}. Absent options are empty; flags given override the config file.
 *
 * @param interval seconds between reports; empty: SampleIntervalSeconds from the config file, else
 *                 {@link #DEFAULT_INTERVAL}
 * @param stateDir where the state file goes; empty: the private temporary directory (removed at exit)
 * @param profile  a Security Profile file (absolute; it exists when parsed) the component child evaluates with Detect
 */
public record LocalOptions(Optional<Path> config, Optional<Duration> interval, Optional<Path> procRoot,
                           Optional<Path> stateDir, ThingName thing, Optional<Path> profile, boolean help,
                           boolean version) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    public static final String DEFAULT_THING = "watchpost-local";
    /** Local mode talks to a stand-in, so it may report far more often than Device Defender allows. */
    public static final long MIN_INTERVAL_SECONDS = 1;

    public static final String USAGE = String.join("\n",
            "Usage: watchpost local [options]",
            "Runs the component on this machine against an embedded Greengrass core: a local IPC server and a",
            "Device Defender stand-in that checks every report as the service would and answers ACCEPTED or REJECTED.",
            "Each report is printed (summary, pretty JSON, verdict), and with --profile each Detect alarm event.",
            "Ctrl-C stops it and removes what it created.",
            "",
            "  --config FILE        a JSON object with the component's configuration keys",
            "  --interval SECONDS   seconds between reports, " + MIN_INTERVAL_SECONDS + " to "
                    + SettingsParser.MAX_INTERVAL_SECONDS + " (default " + DEFAULT_INTERVAL.toSeconds()
                    + "; the component's minimum is " + Settings.MIN_SAMPLE_INTERVAL.toSeconds() + ")",
            "  --proc-root DIR      where /proc is mounted (default /proc, or ProcDestinationPath from --config)",
            "  --thing NAME         the thing name in the topics (default " + DEFAULT_THING + ")",
            "  --state-dir DIR      keep watchpost-state.json in DIR (default: the private temporary directory)",
            "  --profile FILE       evaluate this Security Profile on every sample (SecurityProfiles, with",
            "                       DetectIntervalSeconds = the interval) and print each alarm event",
            "  --help               show this text",
            "  --version            show the version",
            "",
            "Exit status: 0 stopped by Ctrl-C or SIGTERM, 1 cannot start (or the profile is invalid), 2 usage error.");

    public static LocalOptions parse(String[] args) throws UsageException {
        Optional<Path> config = Optional.empty();
        Optional<Duration> interval = Optional.empty();
        Optional<Path> procRoot = Optional.empty();
        Optional<Path> stateDir = Optional.empty();
        ThingName thing = new ThingName(DEFAULT_THING);
        Optional<Path> profile = Optional.empty();
        Arguments a = new Arguments(args);
        while (a.advance()) {
            switch (a.option()) {
                case "--config" -> config = Optional.of(a.path());
                case "--interval" -> interval = Optional.of(Duration.ofSeconds(
                        a.number(MIN_INTERVAL_SECONDS, SettingsParser.MAX_INTERVAL_SECONDS)));
                case "--proc-root" -> {
                    Path root = a.path();
                    if (!root.isAbsolute()) {
                        // ProcDestinationPath must be absolute; resolve here so a relative path works as typed.
                        root = root.toAbsolutePath();
                    }
                    procRoot = Optional.of(root);
                }
                case "--state-dir" -> stateDir = Optional.of(a.path());
                case "--profile" -> {
                    // Absolute: the child runs in another directory and the configuration names the file.
                    Path file = a.path().toAbsolutePath().normalize();
                    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                        throw new UsageException("--profile \"" + file + "\" is not a readable file");
                    }
                    profile = Optional.of(file);
                }
                case "--thing" -> {
                    String name = a.value();
                    try {
                        thing = new ThingName(name);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--thing " + e.getMessage().replace(ThingName.VARIABLE + "=", ""));
                    }
                }
                default -> a.helpVersionOrUnknown();
            }
        }
        return new LocalOptions(config, interval, procRoot, stateDir, thing, profile, a.help(), a.version());
    }
}
