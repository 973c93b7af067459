package io.watchpost.runtime;

import io.watchpost.collect.CollectException;
import io.watchpost.config.Settings;
import io.watchpost.config.SettingsParser;
import io.watchpost.config.SettingsProblem;
import io.watchpost.config.ReportFormat;
import io.watchpost.ipc.CoreIpc;
import io.watchpost.ipc.CoreIpcConnector;
import io.watchpost.ipc.IpcException;
import io.watchpost.log.EventLog;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.pipeline.ReportSource;
import io.watchpost.pipeline.ReportSummary;
import io.watchpost.report.BaselineFit;
import io.watchpost.report.NetworkBaseline;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The long-running Greengrass component: connects to the nucleus, follows the configuration, publishes one report per
 * interval and advances the network baseline only when Device Defender accepts a report. Composition of
 * {@link IpcSession}, {@link ReportScheduler}, {@link DeliveryTracker}, {@link ResponseParser} and {@link StateStore};
 * every event runs on the one {@link Scheduler} thread. Messages other components publish on the local topic
 * {@code CustomMetricsTopic} go to the custom metrics sink.
 *
 * <p>Main: {@code forComponent(...)}, {@code start()}, a shutdown hook calling {@code shutdown()}, then
 * {@code exitCode().join()} (non-zero: the start-up connection attempts failed).
 */
public final class ComponentRuntime {
    /** How long one IPC call may take; CoreIpc promises its own TIMEOUT, this is the backstop. */
    public static final Duration IPC_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** Connection attempts at start (1 s, 2 s, 4 s apart, with jitter) before exiting non-zero. */
    public static final int STARTUP_CONNECT_ATTEMPTS = 4;
    /** SIGTERM must end the process within 5 s; this leaves time to save state and close IPC. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);
    /**
     * The component's minimum interval: Device Defender throttles anything faster than one report per 300 s
     * (<a href="https://docs.aws.amazon.com/iot/latest/developerguide/detect-device-side-metrics.html">device-side metrics</a>).
     */
    public static final long MIN_INTERVAL_SECONDS = Settings.MIN_SAMPLE_INTERVAL.toSeconds();
    private static final String RESET_EFFECT =
            "this report has no network_stats; its counters become the baseline once accepted";

    private final ThingName thing;
    private final Topics topics;
    private final StateStore store;
    private final ReportSource source;
    private final SettingsParser parser;
    private final Scheduler scheduler;
    private final Clock clock;
    private final EventLog log;
    private final Redactor redactor;
    private final ResponseParser responses = new ResponseParser();
    private final IpcSession session;
    private final ReportScheduler reports;
    private final AtomicReference<Settings> settings = new AtomicReference<>(Settings.defaults());
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    private DeliveryTracker tracker;
    private boolean configurationSeen;
    private Set<String> unknownKeysLogged = Set.of();
    /** The accepted baseline whose reset was last logged; only the scheduler thread touches it. */
    private NetworkBaseline resetLoggedFor;

    /**
     * @param customMetricsSink receives the raw bytes of every message on {@code CustomMetricsTopic}, on an IPC thread
     *                          (it must be thread-safe and should return quickly); what it throws is logged and ignored
     * @param random            drives the first-report jitter and the reconnect jitter (tests pass a seeded one)
     */
    public ComponentRuntime(ThingName thing, StateStore store, CoreIpcConnector connector, ReportSource source,
                            Consumer<byte[]> customMetricsSink, SettingsParser parser, Scheduler scheduler, Clock clock,
                            Random random, EventLog log) {
        this(thing, store, connector, source, customMetricsSink, parser, scheduler, clock, random, log,
                Redactor.none());
    }

    /**
     * Without a custom metrics sink: the topic is still subscribed (the same accessControl applies either way), and its
     * messages are discarded.
     */
    public ComponentRuntime(ThingName thing, StateStore store, CoreIpcConnector connector, ReportSource source,
                            SettingsParser parser, Scheduler scheduler, Clock clock, Random random, EventLog log) {
        this(thing, store, connector, source, message -> { }, parser, scheduler, clock, random, log, Redactor.none());
    }

    /**
     * As the public constructor with a sink, with other schedule floors than the component's (local mode: a spacing
     * of one local interval and a first report within seconds).
     */
    public ComponentRuntime(ThingName thing, StateStore store, CoreIpcConnector connector, ReportSource source,
                            Consumer<byte[]> customMetricsSink, SettingsParser parser, Scheduler scheduler, Clock clock,
                            Random random, EventLog log, ReportTiming timing) {
        this(thing, store, connector, source, customMetricsSink, parser, scheduler, clock, random, log,
                Redactor.none(), timing);
    }

    /** As the public constructor with a sink, plus the token values to scrub from logged IPC errors. */
    ComponentRuntime(ThingName thing, StateStore store, CoreIpcConnector connector, ReportSource source,
                     Consumer<byte[]> customMetricsSink, SettingsParser parser, Scheduler scheduler, Clock clock,
                     Random random, EventLog log, Redactor redactor) {
        this(thing, store, connector, source, customMetricsSink, parser, scheduler, clock, random, log, redactor,
                ReportTiming.COMPONENT);
    }

    private ComponentRuntime(ThingName thing, StateStore store, CoreIpcConnector connector, ReportSource source,
                             Consumer<byte[]> customMetricsSink, SettingsParser parser, Scheduler scheduler,
                             Clock clock, Random random, EventLog log, Redactor redactor, ReportTiming timing) {
        this.thing = Objects.requireNonNull(thing);
        this.topics = new Topics(thing.value());
        this.store = Objects.requireNonNull(store);
        this.source = Objects.requireNonNull(source);
        this.parser = Objects.requireNonNull(parser);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.clock = Objects.requireNonNull(clock);
        this.log = Objects.requireNonNull(log);
        this.redactor = Objects.requireNonNull(redactor);
        this.session = new IpcSession(connector, scheduler, Backoff.ipcReconnect(random), topics, log, redactor,
                new SessionEvents(), customMetricsSink, STARTUP_CONNECT_ATTEMPTS, IPC_CALL_TIMEOUT);
        this.reports = new ReportScheduler(scheduler, clock, random, this::runCycle, Objects.requireNonNull(timing));
    }

    /**
     * The component as the nucleus runs it: thing name from {@code AWS_IOT_THING_NAME}, state in the working directory
     * (or {@code stateDirOverride}, from {@code --state-dir}), system clock, one daemon scheduler thread.
     *
     * @param customMetricsSink receives every message on {@code CustomMetricsTopic} (the custom metric inbox)
     * @param timing            the schedule's floors: {@link ReportTiming#COMPONENT}, or local mode's when
     *                          {@code watchpost local} launched this process against its stand-in
     * @throws StartupException one line naming the variable when the thing name is missing or invalid
     */
    public static ComponentRuntime forComponent(Map<String, String> env, Path workingDirectory,
                                                Optional<Path> stateDirOverride, CoreIpcConnector connector,
                                                ReportSource source, Consumer<byte[]> customMetricsSink,
                                                SettingsParser parser, ReportTiming timing, EventLog log) {
        ThingName thing = ThingName.fromEnvironment(env);
        Path stateDir = stateDirOverride.orElse(workingDirectory).toAbsolutePath();
        // The start delay and backoff only need to differ between devices, not to be unpredictable: Random seeds from
        // nanoTime (different on every device and boot) without loading the JDK's security providers (~40 classes).
        return new ComponentRuntime(thing, new StateStore(stateDir, log), connector, source, customMetricsSink, parser,
                new ExecutorScheduler("watchpost-runtime", log), Clock.systemUTC(), new Random(), log,
                Redactor.forEnvironment(env), timing);
    }

    /** Loads the persisted state and starts connecting; returns at once. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        PersistedState restored = store.load();
        tracker = new DeliveryTracker(restored);
        log.info("runtime_started", "thing", thing, "state_file", store.file(), "last_report_id",
                restored.lastReportId(), "last_published_at", restored.lastPublishedAt().map(Instant::toString)
                        .orElse("none"), "baseline_boot_id", restored.acceptedBaseline().map(b -> b.bootId())
                        .orElse("none"), "baseline_source", restored.acceptedBaseline().map(b -> b.networkSource())
                        .orElse("none"));
        session.start();
    }

    /**
     * SIGTERM: stops scheduling, lets the cycle in progress finish for up to {@link #SHUTDOWN_GRACE} (then abandons it),
     * saves the state and closes IPC. Idempotent; completes {@link #exitCode()} with 0 unless start-up already failed.
     */
    public void shutdown() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        reports.cancel();
        boolean finished = scheduler.shutdown(SHUTDOWN_GRACE);
        if (tracker != null) {
            persist();
        }
        session.close();
        log.info("runtime_stopped", "cycle_in_progress", finished ? "finished" : "abandoned");
        exitCode.complete(0);
    }

    /** Completes with the process exit status: 0 after {@link #shutdown()}, 1 when the start-up connection failed. */
    public CompletableFuture<Integer> exitCode() {
        return exitCode;
    }

    /** The settings in force. */
    public Settings settings() {
        return settings.get();
    }

    /** Runs {@code task} once after {@code delay} on the runtime's thread (dropped at shutdown). */
    public void runLater(Duration delay, Runnable task) {
        scheduler.schedule(delay, task);
    }

    /** When the next report cycle is due, if one is scheduled. */
    public Optional<Instant> nextReportDue() {
        return reports.nextDue();
    }

    private void runCycle() {
        if (stopping.get()) {
            return;
        }
        Instant now = clock.instant();
        try {
            cycle(now, settings.get());
        } catch (Throwable t) {
            // One broken cycle never ends the schedule.
            log.error("report_cycle_failed", "error", redactor.clean(EventLog.describe(t)));
        } finally {
            if (!stopping.get()) {
                reports.scheduleAfterCycle(now, settings.get().sampleInterval(), tracker.lastPublishedAt());
            }
        }
    }

    private void cycle(Instant now, Settings s) {
        OptionalLong givenUp = tracker.giveUp();
        givenUp.ifPresent(id -> log.warn("report_unanswered", "id", id, "effect",
                "given up; the next report covers everything since the last accepted one"));

        Optional<CoreIpc> connection = session.connection();
        if (connection.isEmpty()) {
            log.warn("report_skipped", "reason", "ipc_disconnected");
            return;
        }
        CoreIpc ipc = connection.get();
        session.ensureAnswers(s.reportFormat());
        // Retries a subscription that failed for a reason other than accessControl (a timeout, a busy nucleus).
        session.ensureCustomMetrics(s.customMetricsTopic(), false);

        long previousId = tracker.lastReportId();
        NetworkBaseline accepted = tracker.acceptedBaseline();
        PreparedReport report;
        try {
            report = source.prepare(s, accepted, previousId, now);
        } catch (CollectException e) {
            log.error("report_collect_failed", "path", e.path(), "error", e.reason());
            return;
        }
        if (report.reportId() <= previousId) {
            // Device Defender discards a reused id as a duplicate; sending it would only look like success.
            log.error("report_id_not_increasing", "id", report.reportId(), "previous", previousId);
            return;
        }
        logBaselineReset(accepted, report);

        String topic = topics.metrics(report.format());
        tracker.publishing(report, now);
        persist();
        try {
            IpcCalls.await(ipc.publishToIoTCore(topic, report.payload()), IPC_CALL_TIMEOUT);
        } catch (IpcException e) {
            tracker.publishFailed(report.reportId(), e.kind() == IpcException.Kind.TIMEOUT);
            log.error("report_publish_failed", "id", report.reportId(), "topic", topic, "kind", e.kind(),
                    "error", redactor.clean(e.getMessage()));
            session.callFailed(e);
            return;
        }
        logPublished(report, topic);
        if (session.acceptancesRefused(report.format()) && tracker.publishSucceededWithoutAnswers(report.reportId())) {
            log.info("baseline_advanced", "id", report.reportId(), "basis", "publish_succeeded");
            persist();
        }
    }

    /**
     * Says why a report that had a baseline carries no network_stats. Once per accepted baseline: when the report is
     * not accepted, the next one resets for the same reason, and saying so again adds nothing.
     */
    private void logBaselineReset(NetworkBaseline accepted, PreparedReport report) {
        // Identity, not equals: the tracker hands out the same instance until a new baseline is accepted.
        if (accepted == null || accepted == resetLoggedFor || report.nextBaseline().isEmpty()) {
            return;
        }
        NetworkBaseline next = report.nextBaseline().get();
        BaselineFit fit = BaselineFit.of(accepted, next.bootId(), next.networkSource());
        if (fit == BaselineFit.SOURCE_CHANGED) {
            log.info("network_baseline_reset", "reason", "proc_root_changed", "id", report.reportId(), "from",
                    accepted.networkSource(), "to", next.networkSource(), "effect", RESET_EFFECT);
        } else if (fit == BaselineFit.BOOT_CHANGED) {
            log.info("network_baseline_reset", "reason", "boot_changed", "id", report.reportId(), "from",
                    accepted.bootId(), "to", next.bootId(), "effect", RESET_EFFECT);
        } else {
            return;
        }
        resetLoggedFor = accepted;
    }

    private void logPublished(PreparedReport report, String topic) {
        ReportSummary sum = report.summary();
        log.info("report_published", "id", report.reportId(), "topic", topic, "bytes", report.payload().length,
                "tcp_ports", sum.tcpPorts(), "udp_ports", sum.udpPorts(), "connections", sum.connections(),
                "dropped_entries", sum.droppedEntries(), "network_stats", sum.networkStats(),
                "custom_metrics", sum.customMetrics(), "malformed_lines", sum.malformedLines());
    }

    private void onAnswer(ReportFormat format, Answer.Status status, byte[] payload) {
        String topic = status == Answer.Status.ACCEPTED ? topics.accepted(format) : topics.rejected(format);
        Answer answer;
        try {
            answer = responses.parse(format, status, payload);
        } catch (IOException | RuntimeException e) {
            log.warn("answer_unreadable", "topic", topic, "bytes", payload.length, "error", EventLog.describe(e));
            return;
        }
        DeliveryTracker.Outcome outcome = tracker.answered(answer);
        boolean inFlight = outcome != DeliveryTracker.Outcome.NOT_IN_FLIGHT;
        if (status == Answer.Status.ACCEPTED) {
            log.info("report_accepted", "status", "ACCEPTED", "id", answer.shownId(), "in_flight", inFlight, "baseline",
                    outcome == DeliveryTracker.Outcome.BASELINE_ADVANCED ? "advanced" : "unchanged");
        } else {
            log.error("report_rejected", "status", "REJECTED", "id", answer.shownId(), "error_code", answer.errorCode(),
                    "error_message", answer.errorMessage(), "in_flight", inFlight, "baseline", "unchanged");
        }
        if (outcome == DeliveryTracker.Outcome.BASELINE_ADVANCED) {
            persist();
        }
    }

    private void onConfiguration(Map<String, Object> raw) {
        boolean first = !configurationSeen;
        Settings previous = settings.get();
        // At start an invalid value falls back to the default; on an update, to the value in force.
        SettingsParser.Result result = parser.parse(raw, first ? Settings.defaults() : previous);
        for (SettingsProblem p : result.problems()) {
            log.error("config_invalid", "key", p.key(), "value", p.givenValue(), "rule", p.rule());
        }
        if (!result.unknownKeys().isEmpty() && !result.unknownKeys().equals(unknownKeysLogged)) {
            log.info("config_unknown_keys", "keys", String.join(",", result.unknownKeys()), "effect", "ignored");
        }
        unknownKeysLogged = result.unknownKeys();
        Settings next = result.settings();
        settings.set(next);
        configurationSeen = true;
        if (first) {
            logSettings("settings_effective", next);
            return;
        }
        if (next.equals(previous)) {
            return;
        }
        logSettings("settings_changed", next);
        if (!next.sampleInterval().equals(previous.sampleInterval())) {
            reports.intervalChanged(next.sampleInterval(), tracker.lastPublishedAt()).ifPresent(due ->
                    log.info("report_rescheduled", "interval_s", next.sampleInterval().toSeconds(), "next_due", due));
        }
    }

    private void logSettings(String event, Settings s) {
        log.info(event, "interval_s", s.sampleInterval().toSeconds(), "proc_root", s.procRoot(),
                "format", s.reportFormat().topicSegment(), "key_names", s.keyNames().configValue(),
                "max_report_bytes", s.maxReportBytes(), "include_loopback", s.includeLoopbackTraffic(),
                "custom_metrics", String.join(",", s.customMetrics()), "custom_metrics_topic",
                s.customMetricsTopic(), "max_custom_metrics", s.maxCustomMetrics(), "disk_usage_path",
                s.diskUsagePath());
    }

    private void persist() {
        try {
            store.save(tracker.snapshot());
        } catch (IOException | RuntimeException e) {
            log.error("state_save_failed", "path", store.file(), "error", e);
        }
    }

    /** The session's events, all on the scheduler thread. */
    private final class SessionEvents implements IpcSession.Listener {
        @Override
        public void configurationRead(Map<String, Object> raw) {
            onConfiguration(raw);
            // Every read, even one that changed no setting: an accessControl fix arrives as a configuration update.
            session.ensureCustomMetrics(settings.get().customMetricsTopic(), true);
        }

        @Override
        public void connected(boolean first) {
            if (!configurationSeen) {
                // GetConfiguration failed: report with the defaults rather than not at all.
                configurationSeen = true;
                logSettings("settings_effective", settings.get());
            }
            session.ensureAnswers(settings.get().reportFormat());
            session.ensureCustomMetrics(settings.get().customMetricsTopic(), false);
            if (first && !stopping.get()) {
                Instant due = reports.scheduleFirst(tracker.lastPublishedAt());
                log.info("report_scheduled", "first_due", due);
            }
        }

        @Override
        public void answer(ReportFormat format, Answer.Status status, byte[] payload) {
            onAnswer(format, status, payload);
        }

        @Override
        public void startupFailed(IpcException last) {
            log.fatal("startup_failed", "reason", "could not connect to the Greengrass nucleus", "error",
                    last.getMessage());
            exitCode.complete(1);
        }
    }
}
