package io.watchpost.runtime;

import io.watchpost.collect.CollectException;
import io.watchpost.config.CurrentSettings;
import io.watchpost.config.Settings;
import io.watchpost.config.SettingsParser;
import io.watchpost.config.SettingsProblem;
import io.watchpost.config.ReportFormat;
import io.watchpost.ipc.CoreIpc;
import io.watchpost.ipc.IpcException;
import io.watchpost.log.EventLog;
import io.watchpost.pipeline.Collected;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.pipeline.ReportSource;
import io.watchpost.pipeline.ReportSummary;
import io.watchpost.report.BaselineFit;
import io.watchpost.report.NetworkBaseline;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The long-running Greengrass component: connects to the nucleus, follows the configuration, publishes one report per
 * interval and advances the network baseline only when Device Defender accepts a report. Composition of
 * {@link IpcSession}, {@link ReportScheduler}, {@link DeliveryTracker}, {@link ResponseParser} and {@link StateStore};
 * every decision runs on the one {@link Scheduler} thread. Only the collection itself (reading the proc root,
 * assembling and encoding) runs on the collection executor, so a read that hangs (a stuck mount, a FIFO) never holds
 * up configuration updates, answers, the next cycle or SIGTERM.
 *
 * <p>With Security Profiles configured, {@link DetectRunner} evaluates every collection: each report cycle's (the
 * report and Detect share its snapshot) and, with a shorter {@code DetectIntervalSeconds}, Detect-only collections in
 * between; its alarm events are published on the events topic and its state is saved with the report state.
 *
 * <p>Main builds the collaborators, then {@code start()}, a shutdown hook calling {@code shutdown()}, then
 * {@code exitCode().join()} (non-zero: the start-up connection attempts failed).
 */
public final class ComponentRuntime {
    /** How long one IPC call may take; CoreIpc promises its own TIMEOUT, this is the backstop. */
    public static final Duration IPC_CALL_TIMEOUT = Duration.ofSeconds(10);
    /** Connection attempts at start (1 s, 2 s, 4 s apart, with jitter) before exiting non-zero. */
    public static final int STARTUP_CONNECT_ATTEMPTS = 4;
    /** SIGTERM must end the process within 5 s; this leaves time to save state and close IPC. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(3);
    private static final String RESET_EFFECT =
            "this report has no network_stats; its counters become the baseline once accepted";

    /** A collection running on the collection executor; {@code overran} once a later cycle found it still running. */
    private static final class Collection {
        final Instant start;
        boolean overran;

        Collection(Instant start) {
            this.start = start;
        }
    }

    private final ThingName thing;
    private final Topics topics;
    private final StateStore store;
    private final IpcSession session;
    private final ReportScheduler reports;
    private final ReportSource source;
    private final Executor collector;
    private final SettingsParser parser;
    private final CurrentSettings settings;
    private final Scheduler scheduler;
    private final Backoff retry;
    private final Clock clock;
    private final EventLog log;
    private final Redactor redactor;
    private final DetectRunner detect;
    private final ResponseParser responses = new ResponseParser();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();
    // Below: only the scheduler thread touches these (the tracker is also read by answers and the shutdown hook).
    private DeliveryTracker tracker;
    private boolean configurationSeen;
    private Set<String> unknownKeysLogged = Set.of();
    private Set<SettingsProblem> problemsLogged = Set.of();
    /** The accepted baseline whose reset was last logged. */
    private NetworkBaseline resetLoggedFor;
    private Collection collecting;
    /** A prepared report waiting for its answer subscriptions (or for the spacing after the last publish). */
    private PreparedReport held;
    private boolean heldLogged;
    private Instant heldSince;
    private Scheduler.ScheduledTask heldRetry;
    private int heldRetries;
    /** The next Detect-only sample, while Detect samples between report cycles. */
    private Scheduler.ScheduledTask detectTick;
    private Instant lastDetectSample;
    private boolean detectOverrunLogged;

    /**
     * @param session   the nucleus connection (its reconnect policy was given to it)
     * @param reports   the report schedule (its floors and first-report jitter were given to it)
     * @param source    the pipeline behind one report, run on {@code collector}
     * @param collector where collections run: a worker thread in production (a direct executor in tests)
     * @param parser    turns the component configuration into settings
     * @param settings  the settings in force, shared with whoever else reads them; the runtime swaps in each update
     * @param scheduler the one thread every decision runs on
     * @param retry     the wait before each retry of a missing answer subscription while a report is held
     * @param redactor  token values to scrub from logged IPC errors
     * @param detect    on-device Detect (idle while no profile is configured)
     */
    public ComponentRuntime(ThingName thing, StateStore store, IpcSession session, ReportScheduler reports,
                            ReportSource source, Executor collector, SettingsParser parser, CurrentSettings settings,
                            Scheduler scheduler, Backoff retry, Clock clock, EventLog log, Redactor redactor,
                            DetectRunner detect) {
        this.thing = Objects.requireNonNull(thing);
        this.store = Objects.requireNonNull(store);
        this.session = Objects.requireNonNull(session);
        this.topics = session.topics();
        this.reports = Objects.requireNonNull(reports);
        this.source = Objects.requireNonNull(source);
        this.collector = Objects.requireNonNull(collector);
        this.parser = Objects.requireNonNull(parser);
        this.settings = Objects.requireNonNull(settings);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.retry = Objects.requireNonNull(retry);
        this.clock = Objects.requireNonNull(clock);
        this.log = Objects.requireNonNull(log);
        this.redactor = Objects.requireNonNull(redactor);
        this.detect = Objects.requireNonNull(detect);
        reports.onDue(this::runCycle);
    }

    /** Loads the persisted state and starts connecting; returns at once. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        PersistedState restored = store.load();
        tracker = new DeliveryTracker(restored);
        detect.restore(restored.detect());
        log.info("runtime_started", "thing", thing, "state_file", store.file(), "last_report_id",
                restored.lastReportId(), "last_published_at", restored.lastPublishedAt().map(Instant::toString)
                        .orElse("none"), "baseline_boot_id", restored.acceptedBaseline().map(b -> b.bootId())
                        .orElse("none"), "baseline_source", restored.acceptedBaseline().map(b -> b.networkSource())
                        .orElse("none"));
        session.start(new SessionEvents());
    }

    /**
     * SIGTERM: stops scheduling, lets a publish in progress finish for up to {@link #SHUTDOWN_GRACE} (then abandons
     * it), saves the state and closes IPC. A collection still running is abandoned at once: its worker is a daemon
     * thread and its report is never sent. Idempotent; completes {@link #exitCode()} with 0 unless start-up already
     * failed.
     */
    public void shutdown() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        log.info("runtime_stopping", "grace_s", SHUTDOWN_GRACE.toSeconds());
        reports.cancel();
        boolean finished = scheduler.shutdown(SHUTDOWN_GRACE);
        if (tracker != null) {
            persist();
            detect.saveHistory();
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
        Settings s = settings.get();
        // The next cycle is scheduled now, whatever this one does: a collection that never returns cannot stop it.
        reports.cycleStarted(now, s.sampleInterval(), tracker.lastPublishedAt());
        try {
            cycle(now, s);
        } catch (Throwable t) {
            // One broken cycle never ends the schedule.
            log.error("report_cycle_failed", "error", redactor.clean(EventLog.describe(t)));
        }
    }

    private void cycle(Instant now, Settings s) {
        if (collecting != null) {
            // At most one collection at a time: a second one would queue behind a read that may never return.
            collecting.overran = true;
            log.warn("report_cycle_overrun", "collection_started", collecting.start, "running_s",
                    Duration.between(collecting.start, now).toSeconds(), "effect",
                    "this cycle is skipped; the late report will be dropped");
            return;
        }
        if (held != null) {
            log.warn("report_dropped", "id", held.reportId(), "reason", "answer_subscriptions_missing", "effect",
                    "the new report covers everything since the last accepted one");
            clearHeld();
        }
        OptionalLong givenUp = tracker.giveUp();
        givenUp.ifPresent(id -> log.warn("report_unanswered", "id", id, "effect",
                "given up; the next report covers everything since the last accepted one"));

        // A report cycle is also a Detect sample: one collection serves both (Detect goes on while disconnected).
        boolean sampleDetect = detect.samples(s);
        boolean report = s.detect().publishMetricsReports();
        if (report && session.connection().isEmpty()) {
            log.warn("report_skipped", "reason", "ipc_disconnected");
            report = false;
        }
        if (!report && !sampleDetect) {
            return;
        }
        if (report) {
            // Retries a subscription that failed for a reason other than accessControl (a timeout, a busy nucleus).
            session.ensureCustomMetrics(s.customMetricsTopic(), false);
        }
        startCollection(now, s, report, sampleDetect);
    }

    private void startCollection(Instant now, Settings s, boolean report, boolean sampleDetect) {
        long previousId = tracker.lastReportId();
        NetworkBaseline accepted = tracker.acceptedBaseline();
        Collection c = new Collection(now);
        collecting = c;
        try {
            collector.execute(() -> collect(c, s, accepted, previousId, report, sampleDetect));
        } catch (RejectedExecutionException e) {
            collecting = null;
            log.error("report_cycle_failed", "error", "collection executor refused the cycle: " + e.getMessage());
        }
    }

    /** On the collection executor: the pipeline, then back to the scheduler thread with the outcome. */
    private void collect(Collection c, Settings s, NetworkBaseline accepted, long previousId, boolean report,
                         boolean sampleDetect) {
        Collected result = null;
        Throwable failure = null;
        try {
            result = source.collect(s, accepted, previousId, c.start, report, sampleDetect);
        } catch (Throwable t) {
            failure = t;
        }
        Collected r = result;
        Throwable f = failure;
        scheduler.execute(() -> collected(c, s, accepted, previousId, r, f));
    }

    private void collected(Collection c, Settings s, NetworkBaseline accepted, long previousId, Collected result,
                           Throwable failure) {
        if (collecting == c) {
            collecting = null;
        }
        if (stopping.get()) {
            return;
        }
        if (c.overran) {
            log.warn("report_discarded", "reason", "collection_overran", "collection_started", c.start, "took_s",
                    Duration.between(c.start, clock.instant()).toSeconds());
            return;
        }
        if (failure != null && detect.samples(s) && detect.sampleFailed(clock.instant())) {
            flushDetectEvents();
            persist();
        }
        if (failure instanceof CollectException e) {
            log.error("report_collect_failed", "path", e.path(), "error", e.reason());
            return;
        }
        if (failure != null) {
            log.error("report_cycle_failed", "error", redactor.clean(EventLog.describe(failure)));
            return;
        }
        if (result.detection().isPresent()) {
            detectSampled(c.start, s, result);
        }
        if (result.report().isEmpty()) {
            return;
        }
        PreparedReport report = result.report().get();
        if (report.reportId() <= previousId) {
            // Device Defender discards a reused id as a duplicate; sending it would only look like success.
            log.error("report_id_not_increasing", "id", report.reportId(), "previous", previousId);
            return;
        }
        logBaselineReset(accepted, report);
        held = report;
        publishHeld();
    }

    /** Evaluates a Detect sample (on this thread: the engine is bounded CPU work), then sends its events. */
    private void detectSampled(Instant at, Settings s, Collected result) {
        lastDetectSample = at;
        boolean save = detect.sample(s, result.detection().get(), result.observation());
        scheduleDetect(s);
        flushDetectEvents();
        if (save) {
            persist();
        }
    }

    /**
     * Schedules the next Detect-only sample one Detect interval after the last sample (or from now). Report cycles are
     * Detect samples too, so a sample due within half an interval of the next report cycle is left to that cycle:
     * Detect and reports then share one collection.
     */
    private void scheduleDetect(Settings s) {
        if (detectTick != null) {
            detectTick.cancel();
            detectTick = null;
        }
        if (stopping.get() || !detect.samples(s)) {
            return;
        }
        Instant now = clock.instant();
        Instant due = lastDetectSample == null ? now.plus(s.detectInterval())
                : lastDetectSample.plus(s.detectInterval());
        Duration delay = due.isBefore(now) ? Duration.ZERO : Duration.between(now, due);
        detectTick = scheduler.schedule(delay, this::runDetectSample);
    }

    private void runDetectSample() {
        detectTick = null;
        if (stopping.get()) {
            return;
        }
        Settings s = settings.get();
        if (!detect.samples(s)) {
            return;
        }
        Instant now = clock.instant();
        Duration half = s.detectInterval().dividedBy(2);
        Optional<Instant> reportDue = reports.nextDue();
        if (reportDue.isPresent() && !reportDue.get().isAfter(now.plus(half))) {
            // The report cycle samples for Detect in its collection; the tick after it is scheduled from there.
            lastDetectSample = now;
            scheduleDetect(s);
            return;
        }
        if (collecting != null) {
            if (!detectOverrunLogged) {
                detectOverrunLogged = true;
                log.warn("detect_sample_skipped", "reason", "collection_running", "collection_started",
                        collecting.start);
            }
            lastDetectSample = now;
            scheduleDetect(s);
            return;
        }
        detectOverrunLogged = false;
        // Scheduled again from detectSampled; this one keeps the schedule if the collection never returns.
        lastDetectSample = now;
        scheduleDetect(s);
        startCollection(now, s, false, true);
    }

    /** Sends the queued Detect events in order while connected; a failure keeps them for the next connection. */
    private void flushDetectEvents() {
        Optional<CoreIpc> connection = session.connection();
        if (detect.pendingCount() == 0 || connection.isEmpty() || stopping.get()) {
            return;
        }
        String topic = settings.get().detect().eventsTopic(thing.value());
        int before = detect.pendingCount();
        Optional<IpcException> failed = detect.flush(connection.get(), topic, session.callTimeout());
        if (detect.pendingCount() != before) {
            persist();
        }
        failed.ifPresent(e -> {
            log.warn("detect_event_publish_failed", "topic", topic, "kind", e.kind(), "pending",
                    detect.pendingCount(), "error", redactor.clean(e.getMessage()), "effect",
                    "kept; sent in order when the connection returns");
            session.callFailed(e);
        });
    }

    /**
     * Publishes the prepared report once it may go: answer subscriptions in place (or refused by accessControl), and
     * the spacing after the last publish kept. Until then it is held and tried again, the subscriptions with backoff,
     * until the next cycle replaces it.
     */
    private void publishHeld() {
        PreparedReport report = held;
        if (report == null || stopping.get()) {
            return;
        }
        Optional<CoreIpc> connection = session.connection();
        if (connection.isEmpty()) {
            log.warn("report_skipped", "id", report.reportId(), "reason", "ipc_disconnected");
            clearHeld();
            return;
        }
        Duration interval = settings.get().sampleInterval();
        Instant earliest = reports.earliestPublish(tracker.lastPublishedAt(), interval);
        if (clock.instant().isBefore(earliest)) {
            // Only after a clock step or an interval cut below the spacing: the next cycle was scheduled after it.
            holdUntil(Duration.between(clock.instant(), earliest));
            return;
        }
        IpcSession.AnswerState answers = session.ensureAnswers(report.format());
        if (answers == IpcSession.AnswerState.MISSING) {
            if (!heldLogged) {
                heldLogged = true;
                heldSince = clock.instant();
                log.warn("report_held", "id", report.reportId(), "reason", "answer_subscriptions_missing", "effect",
                        "published as soon as Device Defender's answers can be seen; retrying until the next cycle");
            }
            holdUntil(retry.delay(heldRetries++));
            return;
        }
        if (heldLogged) {
            log.info("report_released", "id", report.reportId(), "held_s",
                    Duration.between(heldSince, clock.instant()).toSeconds());
        }
        clearHeld();
        publish(connection.get(), report, answers, interval);
    }

    private void holdUntil(Duration delay) {
        if (heldRetry != null) {
            heldRetry.cancel();
        }
        heldRetry = scheduler.schedule(delay, () -> {
            heldRetry = null;
            publishHeld();
        });
    }

    private void clearHeld() {
        held = null;
        heldLogged = false;
        heldRetries = 0;
        if (heldRetry != null) {
            heldRetry.cancel();
            heldRetry = null;
        }
    }

    private void publish(CoreIpc ipc, PreparedReport report, IpcSession.AnswerState answers, Duration interval) {
        String topic = topics.metrics(report.format());
        tracker.publishing(report, clock.instant());
        persist();
        try {
            IpcCalls.call(() -> ipc.publishToIoTCore(topic, report.payload()), session.callTimeout());
        } catch (IpcException e) {
            boolean mayHaveBeenSent = e.kind() == IpcException.Kind.TIMEOUT;
            tracker.publishFailed(report.reportId(), mayHaveBeenSent, clock.instant());
            persist();
            if (mayHaveBeenSent) {
                reports.published(clock.instant(), interval);
            }
            log.error("report_publish_failed", "id", report.reportId(), "topic", topic, "kind", e.kind(),
                    "error", redactor.clean(e.getMessage()));
            session.callFailed(e);
            return;
        }
        Instant sent = clock.instant();
        tracker.published(sent);
        reports.published(sent, interval);
        logPublished(report, topic);
        if (answers == IpcSession.AnswerState.READY_WITHOUT_ACCEPTANCES
                && tracker.publishSucceededWithoutAnswers(report.reportId())) {
            log.info("baseline_advanced", "id", report.reportId(), "basis", "publish_succeeded");
        }
        persist();
    }

    /**
     * Says why a report that had a baseline carries no network_stats (the assembler's decision, carried in the report).
     * Once per accepted baseline: when the report is not accepted, the next one resets for the same reason, and saying
     * so again adds nothing.
     */
    private void logBaselineReset(NetworkBaseline accepted, PreparedReport report) {
        // Identity, not equals: the tracker hands out the same instance until a new baseline is accepted.
        if (accepted == null || accepted == resetLoggedFor || report.nextBaseline().isEmpty()) {
            return;
        }
        NetworkBaseline next = report.nextBaseline().get();
        if (report.baselineFit() == BaselineFit.SOURCE_CHANGED) {
            log.info("network_baseline_reset", "reason", "proc_root_changed", "id", report.reportId(), "from",
                    accepted.networkSource(), "to", next.networkSource(), "effect", RESET_EFFECT);
        } else if (report.baselineFit() == BaselineFit.BOOT_CHANGED) {
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
        // Every update re-reads the whole configuration: a problem is logged when its value first appears, not again
        // with each update that changed some other key.
        Set<SettingsProblem> problems = Set.copyOf(result.problems());
        for (SettingsProblem p : result.problems()) {
            if (!problemsLogged.contains(p)) {
                log.error("config_invalid", "key", p.key(), "value", p.givenValue(), "rule", p.rule());
            }
        }
        problemsLogged = problems;
        if (!result.unknownKeys().isEmpty() && !result.unknownKeys().equals(unknownKeysLogged)) {
            log.info("config_unknown_keys", "keys", String.join(",", result.unknownKeys()), "effect", "ignored");
        }
        unknownKeysLogged = result.unknownKeys();
        Settings next = result.settings();
        settings.set(next);
        configurationSeen = true;
        applyDetect(next, first || !next.detectInterval().equals(previous.detectInterval())
                || detect.samples(next) != detect.samples(previous));
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

    /** Loads or swaps the profiles (live), sends what that raised, and reschedules Detect's own samples if asked. */
    private void applyDetect(Settings s, boolean reschedule) {
        boolean queued;
        try {
            queued = detect.configure(s, clock.instant());
        } catch (RuntimeException e) {
            // The loader reports bad profiles as problems; this is the backstop that keeps reporting going.
            log.error("detect_configure_failed", "error", EventLog.describe(e), "effect",
                    "the profiles in force before this update stay in force");
            queued = false;
        }
        if (reschedule) {
            scheduleDetect(s);
        }
        if (queued) {
            persist();
            flushDetectEvents();
        }
    }

    private void logSettings(String event, Settings s) {
        log.info(event, "interval_s", s.sampleInterval().toSeconds(), "proc_root", s.procRoot(),
                "format", s.reportFormat().topicSegment(), "key_names", s.keyNames().configValue(),
                "max_report_bytes", s.maxReportBytes(), "include_loopback", s.includeLoopbackTraffic(),
                "custom_metrics", String.join(",", s.customMetrics()), "custom_metrics_topic",
                s.customMetricsTopic(), "max_custom_metrics", s.maxCustomMetrics(), "disk_usage_path",
                s.diskUsagePath(), "detect_profiles", s.detect().securityProfiles().size(), "detect_interval_s",
                s.detectInterval().toSeconds(), "publish_metrics_reports", s.detect().publishMetricsReports(),
                "detect_events_topic", s.detect().eventsTopic(thing.value()));
    }

    private void persist() {
        try {
            store.save(tracker.snapshot().withDetect(detect.exportState()));
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
            flushDetectEvents();
            // Subscribed now so they are in place when the report is due; publishHeld checks them again.
            session.ensureAnswers(settings.get().reportFormat());
            session.ensureCustomMetrics(settings.get().customMetricsTopic(), false);
            if (held != null) {
                publishHeld();
            }
            if (first && !stopping.get()) {
                Instant due = reports.scheduleFirst(tracker.lastPublishedAt(), settings.get().sampleInterval());
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
