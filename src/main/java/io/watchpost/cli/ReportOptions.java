package io.watchpost.cli;

import io.watchpost.config.KeyNames;
import io.watchpost.config.ReportFormat;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The command line of {@code watchpost report}. Absent options are empty; flags given override the config file.
 *
 * @param deltaSeconds seconds between the baseline sample and the reported sample; empty: one sample, no network_stats
 * @param repeat       how many reports to prepare in one process (the last is printed); empty: one, no timing lines
 * @param output       where the report is written instead of stdout
 */
record ReportOptions(Optional<Path> procRoot, Optional<Path> config, Optional<ReportFormat> format,
                     Optional<KeyNames> names, Optional<Integer> deltaSeconds, Optional<Integer> repeat,
                     Optional<Path> output, boolean help, boolean version) {

    static final int MAX_DELTA_SECONDS = 86_400;
    static final int MAX_REPEAT = 1_000_000;

    static ReportOptions parse(String[] args) throws UsageException {
        Optional<Path> procRoot = Optional.empty();
        Optional<Path> config = Optional.empty();
        Optional<ReportFormat> format = Optional.empty();
        Optional<KeyNames> names = Optional.empty();
        Optional<Integer> delta = Optional.empty();
        Optional<Integer> repeat = Optional.empty();
        Optional<Path> output = Optional.empty();
        Arguments a = new Arguments(args);
        while (a.advance()) {
            switch (a.option()) {
                case "--proc-root" -> procRoot = Optional.of(a.path());
                case "--config" -> config = Optional.of(a.path());
                case "--format" -> format = Optional.of(a.choice(ReportFormat::fromConfig, ReportFormat.choices()));
                case "--names" -> names = Optional.of(a.choice(KeyNames::fromConfig, "long or short"));
                case "--delta-seconds" -> delta = Optional.of(a.number(0, MAX_DELTA_SECONDS));
                case "--repeat" -> repeat = Optional.of(a.number(1, MAX_REPEAT));
                case "--output" -> output = Optional.of(a.path());
                default -> a.helpVersionOrUnknown();
            }
        }
        return new ReportOptions(procRoot, config, format, names, delta, repeat, output, a.help(), a.version());
    }
}
