package io.watchpost.cli;

import io.watchpost.collect.CollectException;
import io.watchpost.collect.NetworkCollector;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.config.Settings;
import io.watchpost.config.SettingsParser;
import io.watchpost.config.SettingsProblem;
import io.watchpost.custom.BuiltInMetric;
import io.watchpost.detect.Behavior;
import io.watchpost.detect.BehaviorJson;
import io.watchpost.detect.BehaviorVerdict;
import io.watchpost.detect.Criteria;
import io.watchpost.detect.DetectEngine;
import io.watchpost.detect.DetectResult;
import io.watchpost.detect.DetectionSample;
import io.watchpost.detect.LoadedProfile;
import io.watchpost.detect.LoadedProfiles;
import io.watchpost.detect.ProfileLoader;
import io.watchpost.detect.ProfileProblem;
import io.watchpost.detect.SecurityProfile;
import io.watchpost.detect.StatisticalMode;
import io.watchpost.detect.ViolationEvent;
import io.watchpost.log.EventLog;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.runtime.DetectRunner;
import io.watchpost.runtime.ThingName;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code watchpost detect}: evaluates a Security Profile against a proc root once (or every {@code --watch} seconds)
 * with the same engine the component runs, and prints each behavior's verdict: the value, compliant or not, the
 * offending ports, addresses or values. Byte and packet behaviors need a window ({@code durationSeconds}) of samples,
 * so only {@code --watch} gives them datapoints.
 */
public final class DetectCommand {
    static final String USAGE = String.join("\n",
            "Usage: watchpost detect --profile FILE [options]",
            "Evaluates a Device Defender Security Profile on this device and prints each behavior's verdict.",
            "",
            "  --profile FILE        the profile: a create-security-profile --cli-input-json document, the",
            "                        describe-security-profile output, a bare behaviors array, or a CloudFormation",
            "                        AWS::IoT::SecurityProfile resource or its Properties",
            "  --proc-root DIR       where /proc is mounted (default /proc, or ProcDestinationPath from --config)",
            "  --config FILE         a JSON object with the component's configuration keys (CustomMetrics,",
            "                        ProcDestinationPath, IncludeLoopbackTraffic, StatisticalMode,",
            "                        MinBaselineDatapoints, InvalidateAfterSeconds)",
            "  --watch SECONDS       sample every SECONDS and print the verdicts and alarm events of each sample;",
            "                        windowed behaviors (bytes, packets, durationSeconds) need this",
            "  --samples N           with --watch: stop after N samples (default: until interrupted)",
            "  --help                show this text",
            "  --version             show the version",
            "",
            "Exit status: 0 every behavior normal, 3 a behavior violated (or is in alarm) at the last sample,",
            "1 profile, proc root or config file unusable, 2 usage error.");

    static final int EXIT_VIOLATION = 3;
    /**
     * Entries the collector keeps per list: none is printed, and ports, counts and destinations are gathered whole
     * whatever the limit.
     */
    static final int RETAIN_LIMIT = 1_000;

    private final NetworkCollector collector;
    private final Function<Settings, Map<String, CustomMetricValue>> customMetrics;
    private final Clock clock;
    private final ReportCommand.Sleeper sleeper;

    /**
     * @param customMetrics the built-in custom metrics named in the settings, measured at each call
     */
    public DetectCommand(NetworkCollector collector, Function<Settings, Map<String, CustomMetricValue>> customMetrics,
                         Clock clock, ReportCommand.Sleeper sleeper) {
        this.collector = Objects.requireNonNull(collector, "collector");
        this.customMetrics = Objects.requireNonNull(customMetrics, "customMetrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /**
     * The command as {@code Main} runs it: the system clock, real sleeps, verdicts on stdout, event lines of the
     * collector and the built-in metrics on stderr.
     */
    public static int run(String[] args, Function<EventLog, NetworkCollector> collector,
                          BiFunction<EventLog, Clock, Function<Settings, Map<String, CustomMetricValue>>> custom) {
        EventLog log = new EventLog(System.err, System.err, Clock.systemUTC(), EventLog.Level.WARN);
        return new DetectCommand(collector.apply(log), custom.apply(log, Clock.systemUTC()), Clock.systemUTC(),
                ReportCommand.Sleeper.SYSTEM).run(args, System.out, System.err);
    }

    /** @return 0 all normal, 3 a violation, 1 unusable input, 2 usage error */
    public int run(String[] args, PrintStream out, PrintStream err) {
        DetectOptions options;
        try {
            options = DetectOptions.parse(args);
        } catch (UsageException e) {
            err.println("watchpost detect: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (options.help() || options.version()) {
            out.println(options.help() ? USAGE : "watchpost " + Version.current());
            return 0;
        }
        try {
            Map<String, Object> config = options.config().isPresent() ? readConfig(options.config().get())
                    : Map.of();
            Settings settings = settings(config, options, err);
            // The component's own reading of the Detect keys: an invalid value was reported with the settings.
            List<SecurityProfile> profiles = profiles(options.profile().get(), DetectRunner.statisticalMode(settings),
                    err);
            DetectEngine engine = new DetectEngine(thingName(), profiles,
                    DetectRunner.engineOptions(settings, Version.current()), new SplittableRandom());
            return options.watch().isPresent() ? watch(engine, settings, options, out)
                    : once(engine, settings, out);
        } catch (Failure e) {
            err.println("watchpost detect: " + e.getMessage());
            return 1;
        } catch (CollectException e) {
            err.println("watchpost detect: cannot read " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("watchpost detect: interrupted");
            return 1;
        }
    }

    private int once(DetectEngine engine, Settings settings, PrintStream out) throws CollectException {
        DetectResult r = engine.evaluate(sample(settings));
        r.verdicts().forEach(v -> out.println(VerdictText.line(v, true)));
        out.flush();
        return exitStatus(r);
    }

    private int watch(DetectEngine engine, Settings settings, DetectOptions options, PrintStream out)
            throws CollectException, InterruptedException {
        DetectResult last = null;
        int limit = options.samples().orElse(Integer.MAX_VALUE);
        for (int i = 0; i < limit; i++) {
            if (i > 0) {
                sleeper.sleep(Duration.ofSeconds(options.watch().get()));
            }
            DetectionSample sample = sample(settings);
            last = engine.evaluate(sample);
            out.println("== sample " + (i + 1) + " at " + sample.time());
            last.verdicts().forEach(v -> out.println(VerdictText.line(v, false)));
            for (ViolationEvent e : last.events()) {
                out.println(VerdictText.event(e));
            }
            out.flush();
        }
        return exitStatus(last);
    }

    private static int exitStatus(DetectResult r) {
        boolean violation = r.verdicts().stream().anyMatch(v -> v.inAlarm()
                || v.status() == BehaviorVerdict.Status.VIOLATING);
        return violation ? EXIT_VIOLATION : 0;
    }

    private DetectionSample sample(Settings settings) throws CollectException {
        NetworkSnapshot snapshot = collector.collect(settings.procRoot(), RETAIN_LIMIT, RETAIN_LIMIT);
        return DetectionSample.of(snapshot, customMetrics.apply(settings), clock.instant());
    }

    private static List<SecurityProfile> profiles(Path file, StatisticalMode mode, PrintStream err) throws Failure {
        LoadedProfiles loaded = new ProfileLoader(mode).loadFile(file);
        for (ProfileProblem p : loaded.problems()) {
            if (p.kind() != ProfileProblem.Kind.BEHAVIOR_UNSUPPORTED) {
                err.println("watchpost detect: " + p.describe());
            }
        }
        if (loaded.profiles().isEmpty()) {
            throw new Failure("no profile loaded from " + file);
        }
        return loaded.profiles().stream().map(LoadedProfile::profile).toList();
    }

    private static Map<String, Object> readConfig(Path file) throws Failure {
        try {
            return ConfigFile.read(file);
        } catch (ConfigFile.Unusable e) {
            throw new Failure(e.getMessage());
        }
    }

    /** The config file read by the component's settings parser (its problems printed), then {@code --proc-root}. */
    private static Settings settings(Map<String, Object> config, DetectOptions options, PrintStream err) {
        Settings settings = Settings.defaults();
        if (!config.isEmpty()) {
            SettingsParser.Result result = new SettingsParser(Settings.MIN_SAMPLE_INTERVAL.toSeconds(),
                    BuiltInMetric.NAMES).parse(config, settings);
            for (SettingsProblem problem : result.problems()) {
                err.println("watchpost detect: " + options.config().get() + ": " + problem.describe());
            }
            settings = result.settings();
        }
        return options.procRoot().map(settings::withProcRoot).orElse(settings);
    }

    /** The thing events would name: Greengrass's variable when set (as on a device), else "this-device". */
    private static String thingName() {
        String thing = System.getenv(ThingName.VARIABLE);
        return thing == null || thing.isBlank() ? "this-device" : thing;
    }

    /** The verdict and event lines. */
    static final class VerdictText {
        private VerdictText() {
        }

        static String line(BehaviorVerdict v, boolean oneShot) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%-13s", label(v))).append(v.profileName()).append('/')
                    .append(v.behavior().name()).append(" (").append(rule(v.behavior())).append(')');
            if (v.judgement() != null) {
                sb.append(": value ").append(BehaviorJson.toJson(v.judgement().value()));
                if (v.judgement().elementTotal() > 1 && v.judgement().value().count() == null
                        && v.judgement().value().number() == null) {
                    sb.append(" (").append(v.judgement().elementTotal()).append(" in all)");
                }
                if (v.judgement().offending() != null && v.judgement().offending().count() == null
                        && v.judgement().offending().number() == null) {
                    sb.append("; offending ").append(BehaviorJson.toJson(v.judgement().offending()));
                    if (v.judgement().offendingTotal() > 1) {
                        sb.append(" (").append(v.judgement().offendingTotal()).append(" in all)");
                    }
                }
                if (v.window() != null) {
                    sb.append("; window ").append(v.window().start()).append(" to ").append(v.window().end());
                }
                if (v.threshold() != null) {
                    sb.append("; self-baseline threshold ").append(v.threshold().toPlainString());
                }
            } else if (oneShot && windowed(v.behavior()) && v.status() == BehaviorVerdict.Status.NO_DATAPOINT) {
                sb.append(": needs a window of ").append(v.behavior().criteria().durationSeconds())
                        .append(" s of samples: run with --watch SECONDS");
            } else if (v.note() != null) {
                sb.append(": ").append(v.note());
            }
            if (v.inAlarm() && v.status() != BehaviorVerdict.Status.VIOLATING) {
                sb.append(" [in alarm]");
            }
            return sb.toString();
        }

        static String event(ViolationEvent e) {
            StringBuilder sb = new StringBuilder("EVENT ").append(e.type().wireName()).append(' ')
                    .append(e.securityProfileName()).append('/').append(e.behavior().name())
                    .append(" violationId=").append(e.violationId());
            if (e.details().offending() != null) {
                sb.append(" offending ").append(BehaviorJson.toJson(e.details().offending()));
            } else if (e.metricValue() != null) {
                sb.append(" value ").append(BehaviorJson.toJson(e.metricValue()));
            }
            if (e.details().suppressed()) {
                sb.append(" (suppressAlerts: local only)");
            }
            if (e.details().reason() != null) {
                sb.append(": ").append(e.details().reason());
            }
            return sb.toString();
        }

        private static String label(BehaviorVerdict v) {
            return switch (v.status()) {
                case COMPLIANT -> "compliant";
                case VIOLATING -> "VIOLATING";
                case NO_DATAPOINT -> "no-datapoint";
                case LEARNING -> "learning";
                case UNSUPPORTED -> "unsupported";
            };
        }

        private static boolean windowed(Behavior b) {
            return b.criteria() != null && b.criteria().durationSeconds() != null;
        }

        private static String rule(Behavior b) {
            StringBuilder sb = new StringBuilder(String.valueOf(b.metric()));
            Criteria c = b.criteria();
            if (c != null && c.comparisonOperator() != null) {
                sb.append(' ').append(c.comparisonOperator().wireName());
                if (c.value() != null) {
                    sb.append(' ').append(BehaviorJson.toJson(c.value()));
                } else if (c.statistic() != null) {
                    sb.append(' ').append(c.statistic());
                }
            }
            if (c != null && c.durationSeconds() != null) {
                sb.append(", ").append(c.durationSeconds()).append(" s window");
            }
            return sb.toString();
        }
    }

    /** Ends the command with status 1; the message names the file and what is wrong. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }
}
