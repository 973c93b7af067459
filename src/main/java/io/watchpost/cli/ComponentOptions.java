package io.watchpost.cli;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line of component mode: what the recipe's Run step passes (nothing), plus {@code --state-dir}, plus the
 * option {@code watchpost local} starts its component child with.
 *
 * @param stateDir           where {@code watchpost-state.json} lives; empty: the working directory (the nucleus's work
 *                           dir)
 * @param localChild true only when {@code watchpost local} launched this process: the spacing between reports is the
 *                   configured interval instead of the 300 s floor (the child talks to local mode's stand-in, not to
 *                   Device Defender), and the process exits when its standard input closes
 */
public record ComponentOptions(Optional<Path> stateDir, boolean localChild, boolean help, boolean version) {
    /** The option {@code watchpost local} passes to the component it launches; never in a recipe, not in --help. */
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
            "",
            "Exit status: 0 stopped by SIGTERM, 1 cannot start (thing name, IPC connection), 2 usage error.");

    public static ComponentOptions parse(String[] args) throws UsageException {
        Optional<Path> stateDir = Optional.empty();
        boolean localChild = false;
        Arguments a = new Arguments(args);
        while (a.advance()) {
            switch (a.option()) {
                case "--state-dir" -> stateDir = Optional.of(a.path());
                case LOCAL_CHILD -> {
                    a.flag();
                    localChild = true;
                }
                default -> a.helpVersionOrUnknown();
            }
        }
        return new ComponentOptions(stateDir, localChild, a.help(), a.version());
    }
}
