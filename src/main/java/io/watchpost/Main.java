package io.watchpost;

import io.watchpost.cli.ReportCommand;
import io.watchpost.collect.NetworkCollector;
import io.watchpost.collect.ProcNetworkCollector;
import io.watchpost.log.EventLog;
import java.time.Clock;
import java.util.Arrays;

/** Composition root: parses the command line and wires the pipeline proc root → collect → report → encode → publish. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        if (args.length > 0 && "report".equals(args[0])) {
            // stdout carries the report itself, so the command's event lines go to stderr.
            EventLog log = new EventLog(System.err, System.err, Clock.systemUTC(), EventLog.Level.INFO);
            ReportCommand command = new ReportCommand(networkCollector(log), Clock.systemUTC(), log,
                    ReportCommand.Sleeper.SYSTEM);
            System.exit(command.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        System.out.println("watchpost");
    }

    static NetworkCollector networkCollector(EventLog log) {
        return new ProcNetworkCollector(log);
    }
}
