package io.watchpost.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The benchmark thread's CPU time (user + system, so the kernel's work of generating /proc files counts) per call, next
 * to JMH's wall time. On this shared 2-core machine (load 7–15 from other work) wall time is mostly waiting for a
 * core; CPU time is what the work itself costs, so the ratios are computed from it. JMH reports both counters as
 * sums per iteration; bench/report.py divides {@code cpuNanos} by {@code calls}.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public long cpuNanos;
    public long calls;
    private long startedAt;

    @Setup(Level.Iteration)
    public void reset() {
        cpuNanos = 0;
        calls = 0;
    }

    @Setup(Level.Invocation)
    public void start() {
        startedAt = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Invocation)
    public void stop() {
        cpuNanos += THREADS.getCurrentThreadCpuTime() - startedAt;
        calls++;
    }
}
