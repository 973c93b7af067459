package io.watchpost.cli;

import io.watchpost.encode.KeyNames;
import io.watchpost.encode.ReportFormat;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line of {@code watchpost report}. Absent options are empty; flags given override the config file.
 *
 * @param deltaSeconds seconds between the baseline sample and the reported sample; empty: one sample, no network_stats
 * @param repeat       how many reports to prepare in one process (the last is printed); empty: one, no timing lines
 */
record ReportOptions(Optional<Path> procRoot, Optional<Path> config, Optional<ReportFormat> format,
                     Optional<KeyNames> names, Optional<Integer> deltaSeconds, Optional<Integer> repeat,
                     boolean help, boolean version) {

    static final int MAX_DELTA_SECONDS = 86_400;
    static final int MAX_REPEAT = 1_000_000;

    /** A command line that cannot be run; the message says which argument and why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static ReportOptions parse(String[] args) throws UsageException {
        Optional<Path> procRoot = Optional.empty();
        Optional<Path> config = Optional.empty();
        Optional<ReportFormat> format = Optional.empty();
        Optional<KeyNames> names = Optional.empty();
        Optional<Integer> delta = Optional.empty();
        Optional<Integer> repeat = Optional.empty();
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String option = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                option = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (option) {
                case "--help", "-h" -> help = true;
                case "--version" -> version = true;
                case "--proc-root", "--config", "--format", "--names", "--delta-seconds", "--repeat" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(option + " needs a value");
                        }
                        value = args[++i];
                    }
                    String given = value;
                    switch (option) {
                        case "--proc-root" -> procRoot = Optional.of(path(option, value));
                        case "--config" -> config = Optional.of(path(option, value));
                        case "--format" -> format = Optional.of(ReportFormat.fromConfig(value).orElseThrow(
                                () -> new UsageException("--format must be json or cbor, not \"" + given + "\"")));
                        case "--names" -> names = Optional.of(KeyNames.fromConfig(value).orElseThrow(
                                () -> new UsageException("--names must be long or short, not \"" + given + "\"")));
                        case "--delta-seconds" -> delta = Optional.of(number(option, value, 0, MAX_DELTA_SECONDS));
                        default -> repeat = Optional.of(number(option, value, 1, MAX_REPEAT));
                    }
                }
                default -> throw new UsageException("unknown argument \"" + arg + "\"");
            }
        }
        return new ReportOptions(procRoot, config, format, names, delta, repeat, help, version);
    }

    private static Path path(String option, String value) throws UsageException {
        if (value.isEmpty()) {
            throw new UsageException(option + " needs a non-empty path");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException(option + " \"" + value + "\" is not a valid path: " + e.getReason());
        }
    }

    private static int number(String option, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the rule
        }
        throw new UsageException(option + " must be a whole number from " + min + " to " + max + ", not \""
                + value + "\"");
    }
}
