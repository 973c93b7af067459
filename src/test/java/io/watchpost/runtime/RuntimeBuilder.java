package io.watchpost.runtime;

import io.watchpost.config.CurrentSettings;
import io.watchpost.config.SettingsParser;
import io.watchpost.ipc.CoreIpcConnector;
import io.watchpost.log.EventLog;
import io.watchpost.pipeline.ReportSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Wires a {@link ComponentRuntime} for tests as Main wires it, with test defaults: thing {@code gw-1}, the component's
 * parser and timing, a seeded random, collections run directly on the calling thread (so a {@link ManualScheduler}
 * drives whole cycles), no token to redact.
 */
final class RuntimeBuilder {
    private final Path stateDir;
    private final CoreIpcConnector connector;
    private final ReportSource source;
    private final Scheduler scheduler;
    private final Clock clock;
    private final EventLog log;
    private ThingName thing = new ThingName("gw-1");
    private Consumer<byte[]> sink = message -> { };
    private SettingsParser parser = SettingsParser.forComponent(Set.of());
    private ReportTiming timing = ReportTiming.COMPONENT;
    private Executor collector = Runnable::run;
    private Redactor redactor = Redactor.none();
    private long seed = 7;
    private CurrentSettings settings = new CurrentSettings();
    private Duration callTimeout = ComponentRuntime.IPC_CALL_TIMEOUT;

    RuntimeBuilder(Path stateDir, CoreIpcConnector connector, ReportSource source, Scheduler scheduler, Clock clock,
                   EventLog log) {
        this.stateDir = stateDir;
        this.connector = connector;
        this.source = source;
        this.scheduler = scheduler;
        this.clock = clock;
        this.log = log;
    }

    RuntimeBuilder thing(String name) {
        thing = new ThingName(name);
        return this;
    }

    RuntimeBuilder sink(Consumer<byte[]> s) {
        sink = s;
        return this;
    }

    RuntimeBuilder parser(SettingsParser p) {
        parser = p;
        return this;
    }

    RuntimeBuilder timing(ReportTiming t) {
        timing = t;
        return this;
    }

    RuntimeBuilder collector(Executor e) {
        collector = e;
        return this;
    }

    RuntimeBuilder redactor(Redactor r) {
        redactor = r;
        return this;
    }

    RuntimeBuilder seed(long s) {
        seed = s;
        return this;
    }

    RuntimeBuilder callTimeout(Duration d) {
        callTimeout = d;
        return this;
    }

    RuntimeBuilder settings(CurrentSettings s) {
        settings = s;
        return this;
    }

    ComponentRuntime build() {
        Random random = new Random(seed);
        Backoff retry = Backoff.ipcReconnect(random);
        IpcSession session = new IpcSession(connector, scheduler, retry, new Topics(thing.value()), log, redactor, sink,
                ComponentRuntime.STARTUP_CONNECT_ATTEMPTS, callTimeout);
        return new ComponentRuntime(thing, new StateStore(stateDir, log), session,
                new ReportScheduler(scheduler, clock, random, timing), source, collector, parser, settings, scheduler,
                retry, clock, log, redactor);
    }
}
