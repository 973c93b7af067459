package io.watchpost.runtime;

import io.watchpost.config.DetectSettings;
import io.watchpost.config.Settings;
import io.watchpost.detect.DetectEngine;
import io.watchpost.detect.DetectionSample;
import io.watchpost.detect.LearningHistory;
import io.watchpost.detect.LoadedProfile;
import io.watchpost.detect.LoadedProfiles;
import io.watchpost.detect.Observation;
import io.watchpost.detect.PendingEvents;
import io.watchpost.detect.ProfileLoader;
import io.watchpost.detect.SecurityProfile;
import io.watchpost.detect.StatisticalMode;
import io.watchpost.detect.ViolationEvent;
import io.watchpost.detect.ViolationEventJson;
import io.watchpost.detect.ViolationEventLog;
import io.watchpost.ipc.CoreIpc;
import io.watchpost.ipc.IpcException;
import io.watchpost.json.JsonValues;
import io.watchpost.log.EventLog;
import io.watchpost.report.NetworkDeltas;
import io.watchpost.report.NetworkStats;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * On-device Detect inside the component: loads the configured Security Profiles, evaluates each Detect sample with the
 * {@link DetectEngine}, keeps the learning history for {@code suggest-profile}, and sends alarm events in order through
 * the {@link PendingEvents} queue, so an event raised while IoT Core is unreachable goes out when it returns. Alarm state
 * and pending events travel in the runtime's state file ({@link #exportState()}). Only the runtime's scheduler thread
 * calls it (and the shutdown hook after that thread stopped).
 */
public final class DetectRunner {
    /** How often the learning history is written at most (it is also written at shutdown). */
    static final Duration HISTORY_SAVE_INTERVAL = Duration.ofSeconds(LearningHistory.WINDOW_SECONDS);
    /**
     * Payload bytes the pending queue keeps at most, besides its 1,000-event bound: an event listing 100 IPv6
     * addresses is ~10 KiB, and the queue must leave the state file ({@link StateStore#MAX_FILE_BYTES}) room for the
     * report state and the alarm state. Past it the oldest events are dropped and counted like a full queue.
     */
    static final long PENDING_BYTES_BUDGET = StateStore.MAX_FILE_BYTES / 2;
    /** The alarm state is saved with each event; streak progress without an event at most this often. */
    static final Duration STATE_SAVE_INTERVAL = Duration.ofSeconds(300);

    /** What the engine was built from: a change of any of these rebuilds or re-profiles it. */
    private record EngineKey(List<Object> profiles, StatisticalMode mode, int minBaseline, Duration invalidateAfter,
                             boolean includeLoopback) {
        static EngineKey of(Settings s) {
            DetectSettings d = s.detect();
            return new EngineKey(d.securityProfiles(), statisticalMode(s), d.minBaselineDatapoints(),
                    d.invalidateAfter(), s.includeLoopbackTraffic());
        }
    }

    private final ThingName thing;
    private final Path workDir;
    private final Path stateDir;
    private final String componentVersion;
    private final RandomGenerator random;
    private final EventLog log;
    private final long pendingBytesBudget;
    private EngineKey applied;
    private DetectEngine engine;
    /** Restored from the state file and not yet imported (Detect off, or before the first configuration). */
    private Object restoredEngineState;
    private PendingEvents pending = new PendingEvents(PendingEvents.DEFAULT_CAPACITY);
    private LearningHistory history;
    private DetectionSample previousSample;
    private Instant historySavedAt;
    private Instant stateSavedAt;

    /**
     * @param workDir  what relative profile paths resolve against (the component's working directory)
     * @param stateDir where the learning history file is kept (the state file's directory)
     * @param random   where violation ids come from
     */
    public DetectRunner(ThingName thing, Path workDir, Path stateDir, String componentVersion, RandomGenerator random,
                        EventLog log) {
        this(thing, workDir, stateDir, componentVersion, random, log, PENDING_BYTES_BUDGET);
    }

    /** @param pendingBytesBudget payload characters the pending queue keeps at most (tests use a small one) */
    DetectRunner(ThingName thing, Path workDir, Path stateDir, String componentVersion, RandomGenerator random,
                 EventLog log, long pendingBytesBudget) {
        this.pendingBytesBudget = pendingBytesBudget;
        this.thing = Objects.requireNonNull(thing);
        this.workDir = Objects.requireNonNull(workDir);
        this.stateDir = Objects.requireNonNull(stateDir);
        this.componentVersion = Objects.requireNonNull(componentVersion);
        this.random = Objects.requireNonNull(random);
        this.log = Objects.requireNonNull(log);
    }

    /** Takes Detect's part of the state file; a corrupt part starts Detect fresh with one WARN (reports unaffected). */
    public void restore(Optional<Object> state) {
        if (state.isEmpty()) {
            return;
        }
        try {
            pending = PendingEvents.restore(JsonValues.field(state.get(), "pending"), PendingEvents.DEFAULT_CAPACITY);
        } catch (IllegalArgumentException | ClassCastException e) {
            log.warn("detect_state_fresh_start", "part", "pending_events", "error", e.getMessage(), "effect",
                    "events not yet published before the restart are lost");
            pending = new PendingEvents(PendingEvents.DEFAULT_CAPACITY);
        }
        restoredEngineState = JsonValues.field(state.get(), "engine");
        if (pending.size() > 0) {
            log.info("detect_events_restored", "pending", pending.size());
        }
    }

    /** What the settings' {@code StatisticalMode} makes of statistical behaviors (the loader's and engine's view). */
    public static StatisticalMode statisticalMode(Settings s) {
        return s.detect().selfBaseline() ? StatisticalMode.SELF_BASELINE : StatisticalMode.UNSUPPORTED;
    }

    /** The engine options the settings ask for; the component and the {@code detect} command both build from here. */
    public static DetectEngine.Options engineOptions(Settings s, String componentVersion) {
        DetectSettings d = s.detect();
        return new DetectEngine.Options(s.includeLoopbackTraffic(), d.selfBaseline(), d.minBaselineDatapoints(),
                Math.max(d.minBaselineDatapoints(), DetectEngine.DEFAULT_BASELINE_CAPACITY), d.invalidateAfter(),
                componentVersion);
    }

    /** Whether Detect samples under these settings (profiles configured, or the learning history asked for). */
    public boolean samples(Settings s) {
        return s.detect().enabled() || s.detect().learnBehavior();
    }

    /**
     * Applies the Detect part of new settings: loads the profiles when they (or a key that shapes the engine) changed,
     * swapping them into the running engine so alarms of changed or vanished behaviors are invalidated. The events
     * this produces are queued. Returns true when anything was queued.
     */
    public boolean configure(Settings s, Instant now) {
        EngineKey key = EngineKey.of(s);
        if (key.equals(applied)) {
            return false;
        }
        applied = key;
        int before = pending.size();
        if (!s.detect().enabled()) {
            if (engine != null) {
                queue(engine.replaceProfiles(List.of(), now));
                restoredEngineState = null;
                engine = null;
                log.info("detect_stopped", "reason", "SecurityProfiles is empty");
            }
            return pending.size() != before;
        }
        ProfileLoader loader = new ProfileLoader(statisticalMode(s));
        LoadedProfiles loaded = loader.load(s.detect().securityProfiles(), workDir);
        loaded.logProblems(log);
        List<SecurityProfile> profiles = loaded.profiles().stream().map(LoadedProfile::profile).toList();
        DetectEngine.Options options = engineOptions(s, componentVersion);
        if (engine != null && engine.options().equals(options)) {
            queue(engine.replaceProfiles(profiles, now));
        } else {
            Object carried = engine != null ? engine.exportState() : restoredEngineState;
            restoredEngineState = null;
            engine = new DetectEngine(thing.value(), profiles, options, random);
            if (carried != null) {
                DetectEngine.Imported imported = engine.importState(carried, now);
                if (imported.problem() != null) {
                    log.warn("detect_state_fresh_start", "part", "alarm_state", "error", imported.problem(),
                            "effect", "alarms start over; reports are unaffected");
                }
                queue(imported.events());
            }
        }
        log.info("detect_profiles_loaded", "profiles", loaded.profiles().size(), "behaviors_evaluated",
                loaded.evaluableCount(), "problems", loaded.problems().size());
        return pending.size() != before;
    }

    /**
     * Evaluates one Detect sample and feeds the learning history. Returns true when the state should be saved now:
     * an event was queued, or the last save of the alarm state is {@link #STATE_SAVE_INTERVAL} old.
     */
    public boolean sample(Settings s, DetectionSample sample, Optional<Observation> observation) {
        int before = pending.size();
        if (engine != null) {
            queue(engine.evaluate(sample).events());
        }
        if (observation.isPresent() && (s.detect().enabled() || s.detect().learnBehavior())) {
            learn(observation.get(), sample);
        }
        previousSample = sample;
        boolean save = pending.size() != before || stateSavedAt == null
                || !sample.time().isBefore(stateSavedAt.plus(STATE_SAVE_INTERVAL));
        if (save) {
            stateSavedAt = sample.time();
        }
        return save;
    }

    /**
     * A Detect sample could not be collected: alarms without a datapoint for {@code InvalidateAfterSeconds} are
     * invalidated all the same (a proc root that fails for two days). Returns true when an event was queued.
     */
    public boolean sampleFailed(Instant now) {
        if (engine == null) {
            return false;
        }
        int before = pending.size();
        queue(engine.invalidateStale(now));
        return pending.size() != before;
    }

    private void learn(Observation o, DetectionSample sample) {
        if (history == null) {
            try {
                history = LearningHistory.load(stateDir);
            } catch (LearningHistory.Unusable e) {
                log.info("learning_history_fresh", "path", stateDir.resolve(LearningHistory.FILE_NAME), "reason",
                        e.getMessage());
                history = new LearningHistory();
            }
        }
        history.observe(new Observation(o.time(), o.tcpPorts(), o.udpPorts(), o.listeningTcp(), o.listeningUdp(),
                o.established(), o.destinations(), traffic(previousSample, sample), o.custom()));
        if (historySavedAt == null || !o.time().isBefore(historySavedAt.plus(HISTORY_SAVE_INTERVAL))) {
            saveHistory();
            historySavedAt = o.time();
        }
    }

    /** Traffic since the previous sample, or null when the counters cannot be subtracted (reboot, other source). */
    private static NetworkStats traffic(DetectionSample previous, DetectionSample current) {
        if (previous == null || current.bootId() == null || !current.bootId().equals(previous.bootId())
                || !Objects.equals(current.networkSource(), previous.networkSource())) {
            return null;
        }
        return NetworkDeltas.between(previous.interfaces(), current.interfaces(), false);
    }

    /** Writes the learning history, if there is one; at shutdown and every few minutes. */
    public void saveHistory() {
        if (history == null) {
            return;
        }
        try {
            history.save(stateDir);
        } catch (IOException | RuntimeException e) {
            log.error("learning_history_save_failed", "path", stateDir.resolve(LearningHistory.FILE_NAME), "error",
                    e);
        }
    }

    /** Logs each event (WARN in-alarm, INFO cleared/invalidated) and queues it for publishing. */
    private void queue(List<ViolationEvent> events) {
        for (ViolationEvent e : events) {
            ViolationEventLog.log(log, e);
            pending.add(new PendingEvents.Pending(ViolationEventJson.write(e), e.details().suppressed()));
        }
        long dropped = pending.takeDropped() + keepWithinByteBudget();
        if (dropped > 0) {
            log.warn("detect_events_dropped", "count", dropped, "capacity", pending.capacity(), "bytes_budget",
                    pendingBytesBudget, "reason", "the pending-events queue is full; the oldest events were dropped");
        }
    }

    /** Drops the oldest events while the queue's payloads exceed {@link #PENDING_BYTES_BUDGET}; returns how many. */
    private long keepWithinByteBudget() {
        long bytes = 0;
        for (PendingEvents.Pending p : pending.snapshot()) {
            bytes += p.payload().length();
        }
        long dropped = 0;
        while (bytes > pendingBytesBudget && pending.size() > 1) {
            bytes -= pending.oldest().orElseThrow().payload().length();
            pending.removeOldest();
            dropped++;
        }
        return dropped;
    }

    /** How many events wait to be published. */
    public int pendingCount() {
        return pending.size();
    }

    /**
     * Publishes the queued events oldest first: to IoT Core (unless the behavior has {@code suppressAlerts}) and to
     * local publish/subscribe, both on {@code topic}. Stops at the first failure, keeping that event and every later
     * one for the next attempt (an event whose IoT Core publish succeeded but local one failed is sent again: at least
     * once). Returns the failure, if any, for the caller to log and hand to its connection handling.
     */
    public Optional<IpcException> flush(CoreIpc ipc, String topic, Duration callTimeout) {
        while (pending.oldest().isPresent()) {
            PendingEvents.Pending event = pending.oldest().get();
            byte[] payload = event.payload().getBytes(StandardCharsets.UTF_8);
            try {
                if (!event.localOnly()) {
                    IpcCalls.call(() -> ipc.publishToIoTCore(topic, payload), callTimeout);
                }
                IpcCalls.call(() -> ipc.publishToTopic(topic, payload), callTimeout);
            } catch (IpcException e) {
                return Optional.of(e);
            }
            pending.removeOldest();
            log.info("detect_event_published", "topic", topic, "iot_core", !event.localOnly(), "pending",
                    pending.size());
        }
        return Optional.empty();
    }

    /** Detect's part of the state file: the alarm state and the events not yet published. */
    public Optional<Object> exportState() {
        Object engineState = engine != null ? engine.exportState() : restoredEngineState;
        if (engineState == null && pending.size() == 0) {
            return Optional.empty();
        }
        Map<String, Object> state = new LinkedHashMap<>();
        if (engineState != null) {
            state.put("engine", engineState);
        }
        state.put("pending", pending.exportState());
        return Optional.of(state);
    }
}
