package io.watchpost.cli;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line of component mode: what the recipe's Run step passes (nothing), plus {@code --state-dir}.
 *
 * @param stateDir where {@code watchpost-state.json} lives; empty: the working directory (the nucleus's work dir)
 */
public record ComponentOptions(Optional<Path> stateDir, boolean help, boolean version) {
    public static final String USAGE = String.join("\n",
            "Usage: watchpost [--state-dir DIR]          run as the Greengrass component (the recipe's Run step)",
            "       watchpost local [options]            run against an embedded Greengrass core on this machine",
            "       watchpost report [options]           print one report and exit",
            "",
            "Component mode reads AWS_IOT_THING_NAME, SVCUID and AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT,",
            "which the Greengrass nucleus sets, and reports until SIGTERM.",
            "  --state-dir DIR   keep watchpost-state.json in DIR instead of the working directory",
            "  --help            show this text ('watchpost local --help', 'watchpost report --help' for those)",
            "  --version         show the version",
            "",
            "Exit status: 0 stopped by SIGTERM, 1 cannot start (thing name, IPC connection), 2 usage error.");

    public static ComponentOptions parse(String[] args) throws UsageException {
        Optional<Path> stateDir = Optional.empty();
        Arguments a = new Arguments(args);
        while (a.advance()) {
            switch (a.option()) {
                case "--state-dir" -> stateDir = Optional.of(a.path());
                default -> a.helpVersionOrUnknown();
            }
        }
        return new ComponentOptions(stateDir, a.help(), a.version());
    }
}
