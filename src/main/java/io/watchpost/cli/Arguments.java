package io.watchpost.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Walks a command line of {@code --option value}, {@code --option=value} and flags, and holds the flags every command
 * shares ({@code --help}/{@code -h}, {@code --version}) so each command's parser lists only its own options.
 */
final class Arguments {
    private final String[] args;
    private int next;
    private String option;
    private String inlineValue;
    private boolean help;
    private boolean version;

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

    /** One of a fixed set of words; {@code parse} is empty outside the set, {@code allowed} names it for the error. */
    <T> T choice(Function<String, Optional<T>> parse, String allowed) throws UsageException {
        String value = value();
        return parse.apply(value).orElseThrow(
                () -> new UsageException(option + " must be " + allowed + ", not \"" + value + "\""));
    }

    int number(int min, int max) throws UsageException {
        // the range check in number(long, long) keeps the result within int
        return (int) number((long) min, (long) max);
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

    /** For the option no command-specific case took: records {@code --help}/{@code -h} or {@code --version}. */
    void helpVersionOrUnknown() throws UsageException {
        switch (option) {
            case "--help", "-h" -> {
                flag();
                help = true;
            }
            case "--version" -> {
                flag();
                version = true;
            }
            default -> throw unknown();
        }
    }

    boolean help() {
        return help;
    }

    boolean version() {
        return version;
    }

    private UsageException unknown() {
        return new UsageException("unknown argument \"" + option + (inlineValue == null ? "" : "=" + inlineValue)
                + "\"");
    }
}
