package io.watchpost.cli;

import io.watchpost.detect.ProfileFormat;
import io.watchpost.detect.ProfileSuggester;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line of {@code watchpost suggest-profile}: either the learning history of {@code --state-dir}, or live
 * sampling of a proc root.
 */
record SuggestProfileOptions(Optional<Path> stateDir, Path procRoot, int samples, int everySeconds,
                             ProfileFormat format, String name, boolean help, boolean version) {
    static final int DEFAULT_SAMPLES = 10;
    static final int DEFAULT_EVERY_SECONDS = 30;
    static final int MAX_SAMPLES = 100_000;
    static final int MAX_EVERY_SECONDS = 86_400;

    boolean live() {
        return stateDir.isEmpty();
    }

    static SuggestProfileOptions parse(String[] args) throws UsageException {
        Optional<Path> stateDir = Optional.empty();
        Optional<Path> procRoot = Optional.empty();
        Optional<Integer> samples = Optional.empty();
        Optional<Integer> every = Optional.empty();
        ProfileFormat format = ProfileFormat.CLI;
        String name = ProfileSuggester.Options.DEFAULT_NAME;
        Arguments a = new Arguments(args);
        while (a.advance()) {
            switch (a.option()) {
                case "--state-dir" -> stateDir = Optional.of(a.path());
                case "--proc-root" -> procRoot = Optional.of(a.path());
                case "--samples" -> samples = Optional.of(a.number(1, MAX_SAMPLES));
                case "--every" -> every = Optional.of(a.number(1, MAX_EVERY_SECONDS));
                case "--format" -> format = a.choice(ProfileFormat::fromOption, "cli, behaviors or cloudformation");
                case "--name" -> {
                    name = a.value();
                    if (!name.matches("[a-zA-Z0-9:_-]{1,128}")) {
                        throw new UsageException("--name \"" + name + "\" must be 1-128 characters of letters, digits,"
                                + " ':', '_' and '-'");
                    }
                }
                default -> a.helpVersionOrUnknown();
            }
        }
        if (stateDir.isPresent() && (procRoot.isPresent() || samples.isPresent() || every.isPresent())) {
            throw new UsageException("--state-dir reads the learning history; --proc-root, --samples and --every"
                    + " sample live instead: give one or the other");
        }
        return new SuggestProfileOptions(stateDir, procRoot.orElse(Path.of("/proc")),
                samples.orElse(DEFAULT_SAMPLES), every.orElse(DEFAULT_EVERY_SECONDS), format, name, a.help(),
                a.version());
    }
}
