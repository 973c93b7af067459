package io.watchpost.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Walks a command line of {@code --option value}, {@code --option=value} and flags. */
final class Arguments {
    private final String[] args;
    private int next;
    private String option;
    private String inlineValue;

    Arguments(String[] args) {
        this.args = args.clone();
    }

    /** Moves to the next argument; returns its option name (the part before '=' of {@code --name=value}). */
    boolean advance() {
        if (next >= args.length) {
            return false;
        }
        String arg = args[next++];
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
            option = arg.substring(0, eq);
            inlineValue = arg.substring(eq + 1);
        } else {
            option = arg;
            inlineValue = null;
        }
        return true;
    }

    String option() {
        return option;
    }

    /** A flag must not carry {@code =value}. */
    void flag() throws UsageException {
        if (inlineValue != null) {
            throw new UsageException(option + " takes no value");
        }
    }

    String value() throws UsageException {
        if (inlineValue != null) {
            return inlineValue;
        }
        if (next >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[next++];
    }

    Path path() throws UsageException {
        String value = value();
        if (value.isEmpty()) {
            throw new UsageException(option + " needs a non-empty path");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException(option + " \"" + value + "\" is not a valid path: " + e.getReason());
        }
    }

    long number(long min, long max) throws UsageException {
        String value = value();
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the rule
        }
        throw new UsageException(option + " must be a whole number from " + min + " to " + max + ", not \""
                + value + "\"");
    }

    UsageException unknown() {
        return new UsageException("unknown argument \"" + option + (inlineValue == null ? "" : "=" + inlineValue)
                + "\"");
    }
}
