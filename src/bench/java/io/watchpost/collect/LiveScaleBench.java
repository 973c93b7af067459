package io.watchpost.collect;

import io.watchpost.log.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Not a test: a main run by bench/proc-scale-live.sh inside a namespace holding ~100,000 real connections.
 * Prints the time to just read the live /proc tables next to the time to collect from them.
 */
public final class LiveScaleBench {
    private LiveScaleBench() {}

    public static void main(String[] args) throws Exception {
        ProcNetworkCollector collector = new ProcNetworkCollector(new EventLog(new PrintStream(new ByteArrayOutputStream()),
                System.err, Clock.systemUTC(), EventLog.Level.INFO));
        ReadVsCollectTiming.Result r = ReadVsCollectTiming.measure(collector, Path.of("/proc"), Path.of("/proc/net"), 15);
        System.out.println("live /proc (best of 15): " + r.describe());
    }
}
