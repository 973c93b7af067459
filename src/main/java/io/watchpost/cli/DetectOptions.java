package io.watchpost.cli;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line of {@code watchpost detect}.
 *
 * @param profile  the profile file (any shape the loader takes)
 * @param watch    seconds between samples; empty: evaluate one sample
 * @param samples  with {@code --watch}: stop after this many samples; empty: until interrupted
 */
record DetectOptions(Optional<Path> profile, Optional<Path> procRoot, Optional<Path> config, Optional<Integer> watch,
                     Optional<Integer> samples, boolean help, boolean version) {
    static final int MAX_WATCH_SECONDS = 86_400;
    static final int MAX_SAMPLES = 1_000_000;

    static DetectOptions parse(String[] args) throws UsageException {
        Optional<Path> profile = Optional.empty();
        Optional<Path> procRoot = Optional.empty();
        Optional<Path> config = Optional.empty();
        Optional<Integer> watch = Optional.empty();
        Optional<Integer> samples = Optional.empty();
        Arguments a = new Arguments(args);
        while (a.advance()) {
            switch (a.option()) {
                case "--profile" -> profile = Optional.of(a.path());
                case "--proc-root" -> procRoot = Optional.of(a.path());
                case "--config" -> config = Optional.of(a.path());
                case "--watch" -> watch = Optional.of(a.number(1, MAX_WATCH_SECONDS));
                case "--samples" -> samples = Optional.of(a.number(1, MAX_SAMPLES));
                default -> a.helpVersionOrUnknown();
            }
        }
        if (profile.isEmpty() && !a.help() && !a.version()) {
            throw new UsageException("--profile FILE is required");
        }
        if (samples.isPresent() && watch.isEmpty()) {
            throw new UsageException("--samples counts the samples of --watch; give --watch SECONDS too");
        }
        return new DetectOptions(profile, procRoot, config, watch, samples, a.help(), a.version());
    }
}
