package io.watchpost.cli;

import io.watchpost.config.SettingsParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The command line of component mode: what the recipe's Run step passes (nothing), plus {@code --state-dir}, plus the
 * option {@code watchpost local} starts its component child with.
 *
 * @param stateDir           where {@code watchpost-state.json} lives; empty: the working directory (the nucleus's work
 *                           dir)
 * @param localChildInterval present only when {@code watchpost local} launched this process: the local interval, which
 *                           replaces the 300 s floor (the child talks to local mode's stand-in, not to Device Defender)
 */
public record ComponentOptions(Optional<Path> stateDir, Optional<Duration> localChildInterval, boolean help,
                               boolean version) {
    /** The option {@code watchpost local} passes to the component it launches; never in a recipe. */
    public static final String LOCAL_CHILD = "--local-child";

    public static final String USAGE = String.join("\n",
            "Usage: watchpost [--state-dir DIR]          run as the Greengrass component (the recipe's Run step)",
            "       watchpost local [options]            run against an embedded Greengrass core on this machine",
            "       watchpost report [options]           print one report and exit",
            "",
            "Component mode reads AWS_IOT_THING_NAME, SVCUID and AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT,",
            "which the Greengrass nucleus sets, and reports until SIGTERM.",
            "  --state-dir DIR         keep watchpost-state.json in DIR instead of the working directory",
            "  --help                  show this text ('watchpost local --help', 'watchpost report --help' for those)",
            "  --version               show the version",
            "  " + LOCAL_CHILD + " SECONDS   only for 'watchpost local', which starts the component with it:",
            "                          report every SECONDS (from " + LocalOptions.MIN_INTERVAL_SECONDS
                    + ") to its stand-in; exit when standard input closes",
            "",
            "Exit status: 0 stopped by SIGTERM, 1 cannot start (thing name, IPC connection), 2 usage error.");

    public static ComponentOptions parse(String[] args) throws UsageException {
        Optional<Path> stateDir = Optional.empty();
        Optional<Duration> localChild = Optional.empty();
        Arguments a = new Arguments(args);
        while (a.advance()) {
            switch (a.option()) {
                case "--state-dir" -> stateDir = Optional.of(a.path());
                case LOCAL_CHILD -> localChild = Optional.of(Duration.ofSeconds(
                        a.number(LocalOptions.MIN_INTERVAL_SECONDS, SettingsParser.MAX_INTERVAL_SECONDS)));
                default -> a.helpVersionOrUnknown();
            }
        }
        return new ComponentOptions(stateDir, localChild, a.help(), a.version());
    }
}
