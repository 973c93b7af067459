package io.watchpost.cli;

import io.watchpost.collect.CollectException;
import io.watchpost.collect.NetworkCollector;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.detect.LearningHistory;
import io.watchpost.detect.Observation;
import io.watchpost.detect.ProfileSuggester;
import io.watchpost.log.EventLog;
import io.watchpost.report.NetworkDeltas;
import io.watchpost.report.NetworkStats;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@code watchpost suggest-profile}: prints a Security Profile suggested from what this device did, from the learning
 * history the component keeps in its state directory or from a few live samples. The profile passes Watchpost's own
 * validation in every output shape before it is printed.
 */
public final class SuggestProfileCommand {
    static final String USAGE = String.join("\n",
            "Usage: watchpost suggest-profile [options]",
            "Prints a Device Defender Security Profile suggested from what this device did (JSON on stdout).",
            "",
            "  --state-dir DIR       use the learning history the component keeps in DIR ("
                    + LearningHistory.FILE_NAME + ")",
            "  --proc-root DIR       otherwise sample this proc root live (default /proc)",
            "  --samples N           live: how many samples (default " + SuggestProfileOptions.DEFAULT_SAMPLES + ")",
            "  --every SECONDS       live: seconds between samples (default "
                    + SuggestProfileOptions.DEFAULT_EVERY_SECONDS + "); byte and packet rules need samples spanning",
            "                        at least " + LearningHistory.WINDOW_SECONDS + " s",
            "  --format FORMAT       cli: the create-security-profile --cli-input-json document (default)",
            "                        behaviors: the array create-security-profile --behaviors takes",
            "                        cloudformation: an AWS::IoT::SecurityProfile resource",
            "  --name NAME           securityProfileName (default " + ProfileSuggester.Options.DEFAULT_NAME + ")",
            "  --help                show this text",
            "  --version             show the version",
            "",
            "What was left out and why goes to stderr and into the profile's description.",
            "Exit status: 0 profile printed, 1 history or proc root unusable, 2 usage error.");

    /** How many established connections a live sample keeps (their distinct remote addresses are the destinations). */
    static final int LIVE_CONNECTION_LIMIT = 100_000;
    static final int LIVE_PORT_LIMIT = 65_536;

    private final NetworkCollector collector;
    private final Clock clock;
    private final ReportCommand.Sleeper sleeper;

    public SuggestProfileCommand(NetworkCollector collector, Clock clock, ReportCommand.Sleeper sleeper) {
        this.collector = Objects.requireNonNull(collector, "collector");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * The command as {@code Main} runs it: the system clock, real sleeps, stdout for the profile and stderr for event
     * lines (stdout carries the JSON).
     */
    public static int run(String[] args, Function<EventLog, NetworkCollector> collector) {
        EventLog log = new EventLog(System.err, System.err, Clock.systemUTC(), EventLog.Level.INFO);
        return new SuggestProfileCommand(collector.apply(log), Clock.systemUTC(), ReportCommand.Sleeper.SYSTEM)
                .run(args, System.out, System.err);
    }

    /** @return 0 printed, 1 history or proc root unusable, 2 usage error */
    public int run(String[] args, PrintStream out, PrintStream err) {
        SuggestProfileOptions options;
        try {
            options = SuggestProfileOptions.parse(args);
        } catch (UsageException e) {
            err.println("watchpost suggest-profile: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (options.help() || options.version()) {
            out.println(options.help() ? USAGE : "watchpost " + ReportCommand.version());
            return 0;
        }
        LearningHistory history;
        try {
            history = options.live() ? sample(options) : LearningHistory.load(options.stateDir().get());
        } catch (LearningHistory.Unusable e) {
            err.println("watchpost suggest-profile: " + e.getMessage());
            return 1;
        } catch (CollectException e) {
            err.println("watchpost suggest-profile: cannot read " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("watchpost suggest-profile: interrupted");
            return 1;
        }
        ProfileSuggester.Suggestion suggestion;
        try {
            suggestion = new ProfileSuggester(ProfileSuggester.Options.defaults(options.name())).suggest(history);
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("watchpost suggest-profile: " + e.getMessage());
            return 1;
        }
        suggestion.notes().forEach(n -> err.println("watchpost suggest-profile: note: " + n));
        out.print(options.format().text(suggestion.profile()));
        out.flush();
        if (out.checkError()) {
            err.println("watchpost suggest-profile: cannot write the profile to stdout");
            return 1;
        }
        return 0;
    }

    /** Live sampling: N collections {@code --every} seconds apart, traffic as deltas between consecutive ones. */
    private LearningHistory sample(SuggestProfileOptions options) throws CollectException, InterruptedException {
        LearningHistory history = new LearningHistory();
        NetworkSnapshot previous = null;
        for (int i = 0; i < options.samples(); i++) {
            if (i > 0) {
                sleeper.sleep(Duration.ofSeconds(options.everySeconds()));
            }
            NetworkSnapshot snapshot = collector.collect(options.procRoot(), LIVE_PORT_LIMIT, LIVE_CONNECTION_LIMIT);
            history.observe(Observation.of(clock.instant(), snapshot, traffic(previous, snapshot), Map.of()));
            previous = snapshot;
        }
        return history;
    }

    /** Traffic since the previous sample, or null when it cannot be trusted (no boot id, reboot, other namespace). */
    static NetworkStats traffic(NetworkSnapshot previous, NetworkSnapshot current) {
        if (previous == null || current.bootId() == null || !current.bootId().equals(previous.bootId())
                || !current.networkSource().equals(previous.networkSource())) {
            return null;
        }
        return NetworkDeltas.between(previous.interfaces(), current.interfaces(), false);
    }
}
