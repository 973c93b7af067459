package io.watchpost;

import io.watchpost.cli.ReportCommand;
import io.watchpost.collect.NetworkCollector;
import io.watchpost.collect.ProcNetworkCollector;
import io.watchpost.config.Settings;
import io.watchpost.custom.BuiltInMetrics;
import io.watchpost.custom.CustomMetricInbox;
import io.watchpost.custom.CustomMetricsSource;
import io.watchpost.log.EventLog;
import io.watchpost.report.CustomMetricValue;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;

/** Composition root: parses the command line and wires the pipeline proc root → collect → report → encode → publish. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && "report".equals(args[0])) {
            // stdout carries the report itself, so the command's event lines go to stderr.
            EventLog log = new EventLog(System.err, System.err, Clock.systemUTC(), EventLog.Level.INFO);
            ReportCommand command = new ReportCommand(networkCollector(log), customMetrics(log, Clock.systemUTC()),
                    Clock.systemUTC(), log, ReportCommand.Sleeper.SYSTEM);
            System.exit(command.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        System.out.println("watchpost");
    }

    /**
     * The built-in metrics named in the settings; the inbox of other components' metrics stays empty here (no IPC in
     * the {@code report} command), so it may keep no names at all.
     */
    public static Function<Settings, Map<String, CustomMetricValue>> customMetrics(EventLog log, Clock clock) {
        CustomMetricsSource source = new CustomMetricsSource(new BuiltInMetrics(log),
                new CustomMetricInbox(log, clock, () -> 0), log);
        return source::next;
    }

    static NetworkCollector networkCollector(EventLog log) {
        return new ProcNetworkCollector(log);
    }
}
