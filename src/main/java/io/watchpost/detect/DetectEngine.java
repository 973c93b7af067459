package io.watchpost.detect;

import io.watchpost.collect.RemoteAddresses;
import io.watchpost.report.CustomMetricValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * On-device Detect: evaluates the behaviors of the loaded Security Profiles on each detection sample, keeps every
 * behavior's alarm state, and returns the alarm transitions as {@link ViolationEvent}s. Pure: no /proc, no IPC, no
 * clock of its own (time comes with the sample). Not thread-safe: one caller drives it.
 *
 * <ul>
 *   <li>Snapshot metrics give one datapoint per sample; behaviors with {@code durationSeconds} (and the byte and
 *       packet counters) one per tumbling window ({@link WindowState}).</li>
 *   <li>Events on transitions only: {@code in-alarm} after {@code consecutiveDatapointsToAlarm} violating datapoints
 *       in a row, {@code alarm-cleared} after {@code consecutiveDatapointsToClear} compliant ones in a row, and
 *       {@code alarm-invalidated} after {@link Options#invalidateAfter} without a datapoint, or when a live profile
 *       swap changed or removed the behavior.</li>
 *   <li>State survives a restart through {@link #exportState()} / {@link #importState}.</li>
 * </ul>
 */
public final class DetectEngine {
    /** AWS invalidates alarms of a device that sent nothing for 2 days. */
    public static final Duration DEFAULT_INVALIDATE_AFTER = Duration.ofSeconds(172_800);
    /** One day of datapoints at 300 s. */
    public static final int DEFAULT_MIN_BASELINE_DATAPOINTS = 288;
    /** 14 days of datapoints at 300 s. */
    public static final int DEFAULT_BASELINE_CAPACITY = 4_032;

    /**
     * @param includeLoopback       count loopback traffic in the byte and packet metrics (the report's rule: no)
     * @param selfBaseline          {@code StatisticalMode: self-baseline}: evaluate statistical behaviors against
     *                              this device's history; otherwise they are unsupported
     * @param minBaselineDatapoints self-baseline: datapoints before any alarm ({@code MinBaselineDatapoints})
     * @param baselineCapacity      self-baseline: datapoints kept per behavior (the oldest drop out)
     * @param invalidateAfter       no datapoint for this long invalidates an alarm ({@code InvalidateAfterSeconds})
     * @param componentVersion      written into every event
     */
    public record Options(boolean includeLoopback, boolean selfBaseline, int minBaselineDatapoints,
                          int baselineCapacity, Duration invalidateAfter, String componentVersion) {
        public Options {
            if (minBaselineDatapoints < 1 || baselineCapacity < minBaselineDatapoints) {
                throw new IllegalArgumentException("need 1 <= minBaselineDatapoints (" + minBaselineDatapoints
                        + ") <= baselineCapacity (" + baselineCapacity + ")");
            }
            if (invalidateAfter.isNegative() || invalidateAfter.isZero()) {
                throw new IllegalArgumentException("invalidateAfter must be positive: " + invalidateAfter);
            }
            Objects.requireNonNull(componentVersion, "componentVersion");
        }

        public static Options defaults(String componentVersion) {
            return new Options(false, false, DEFAULT_MIN_BASELINE_DATAPOINTS, DEFAULT_BASELINE_CAPACITY,
                    DEFAULT_INVALIDATE_AFTER, componentVersion);
        }

        public Options withSelfBaseline(boolean on) {
            return new Options(includeLoopback, on, minBaselineDatapoints, baselineCapacity, invalidateAfter,
                    componentVersion);
        }

        public Options withIncludeLoopback(boolean on) {
            return new Options(on, selfBaseline, minBaselineDatapoints, baselineCapacity, invalidateAfter,
                    componentVersion);
        }
    }

    private final String thingName;
    private final Options options;
    private final RandomGenerator random;
    private List<CompiledBehavior> behaviors;
    private final Map<String, BehaviorState> states = new HashMap<>();
    private CounterStep.Baseline baseline;

    /**
     * @param random where violation ids come from (32 hex digits; unique, not secret)
     */
    public DetectEngine(String thingName, List<SecurityProfile> profiles, Options options, RandomGenerator random) {
        this.thingName = Objects.requireNonNull(thingName, "thingName");
        this.options = Objects.requireNonNull(options, "options");
        this.random = Objects.requireNonNull(random, "random");
        this.behaviors = compile(profiles);
    }

    public Options options() {
        return options;
    }

    private List<CompiledBehavior> compile(List<SecurityProfile> profiles) {
        List<CompiledBehavior> out = new ArrayList<>();
        for (SecurityProfile p : profiles) {
            for (Behavior b : p.behaviors()) {
                out.add(CompiledBehavior.compile(p.name(), b, options.selfBaseline()));
            }
        }
        return List.copyOf(out);
    }

    /** Evaluates every behavior on one sample; samples must come in time order. */
    public DetectResult evaluate(DetectionSample sample) {
        Instant now = sample.time();
        CounterStep step = CounterStep.between(baseline, sample, options.includeLoopback());
        baseline = CounterStep.baselineOf(sample);
        List<BehaviorVerdict> verdicts = new ArrayList<>(behaviors.size());
        List<ViolationEvent> events = new ArrayList<>();
        for (CompiledBehavior b : behaviors) {
            if (b.mode == EvaluationMode.UNSUPPORTED) {
                verdicts.add(new BehaviorVerdict(b.profileName, b.behavior, b.mode,
                        BehaviorVerdict.Status.UNSUPPORTED, null, null, null, false, b.unsupportedReason));
                continue;
            }
            BehaviorState st = states.computeIfAbsent(b.key, k -> new BehaviorState());
            BehaviorVerdict v = evaluate(b, st, sample, step, events);
            ViolationEvent stale = stale(b, st, now);
            if (stale != null) {
                events.add(stale);
                v = new BehaviorVerdict(v.profileName(), v.behavior(), v.mode(), v.status(), v.judgement(),
                        v.window(), v.threshold(), false, v.note());
            }
            verdicts.add(v);
        }
        return new DetectResult(verdicts, events);
    }

    private BehaviorVerdict evaluate(CompiledBehavior b, BehaviorState st, DetectionSample sample, CounterStep step,
                                     List<ViolationEvent> events) {
        Instant now = sample.time();
        Measurement m;
        DetectWindow window = null;
        String none = null;
        if (b.windowed()) {
            Measurement value = b.counter() ? null : measure(b, sample);
            if (!b.counter() && value == null) {
                m = null;
                none = noValue(b);
            } else {
                if (st.window == null || st.window.durationSeconds != b.durationSeconds) {
                    st.window = new WindowState(b.durationSeconds);
                }
                WindowState.Outcome out = st.window.add(now, step, b.counter() ? step.of(b.deviceMetric) : 0,
                        value);
                m = out.value();
                window = out.window();
                none = out.noDatapoint();
            }
        } else {
            m = measure(b, sample);
            none = m == null ? noValue(b) : null;
        }
        if (m == null) {
            return verdict(b, st, BehaviorVerdict.Status.NO_DATAPOINT, null, window, null, none);
        }
        BigDecimal threshold = null;
        int baselineDatapoints = 0;
        if (b.mode == EvaluationMode.SELF_BASELINE) {
            double x = numeric(m);
            if (Double.isNaN(x)) {
                return verdict(b, st, BehaviorVerdict.Status.NO_DATAPOINT, null, window, null,
                        "statisticalThreshold needs a number, not a " + Criterion.kind(m));
            }
            if (st.history == null) {
                st.history = new SelfBaseline(options.baselineCapacity());
            }
            st.lastDatapoint = now;
            if (st.history.size() < options.minBaselineDatapoints()) {
                st.history.add(x);
                return verdict(b, st, BehaviorVerdict.Status.LEARNING, null, window, null, "learning: "
                        + st.history.size() + " of " + options.minBaselineDatapoints() + " datapoints");
            }
            threshold = st.history.threshold(b.percentile);
            baselineDatapoints = st.history.size();
            st.history.add(x);
        }
        Judgement j = b.criterion.judge(m, threshold);
        if (!j.hasDatapoint()) {
            return verdict(b, st, BehaviorVerdict.Status.NO_DATAPOINT, null, window, threshold, j.noDatapoint());
        }
        st.lastDatapoint = now;
        ViolationEvent event = transition(b, st, j, window, new Threshold(threshold, baselineDatapoints), now);
        if (event != null) {
            events.add(event);
        }
        return verdict(b, st, j.violating() ? BehaviorVerdict.Status.VIOLATING : BehaviorVerdict.Status.COMPLIANT,
                j, window, threshold, null);
    }

    private static BehaviorVerdict verdict(CompiledBehavior b, BehaviorState st, BehaviorVerdict.Status status,
                                           Judgement j, DetectWindow window, BigDecimal threshold, String note) {
        return new BehaviorVerdict(b.profileName, b.behavior, b.mode, status, j, window, threshold, st.inAlarm,
                note);
    }

    private static String noValue(CompiledBehavior b) {
        return "no value for custom metric \"" + b.behavior.metric() + "\" in this sample";
    }

    /** §4.1 of the contract: N violating in a row raise, M compliant in a row clear; events on transitions only. */
    /** A self-baseline threshold and how many datapoints it came from (null and 0 for a static behavior). */
    private record Threshold(BigDecimal value, int datapoints) {
    }

    private ViolationEvent transition(CompiledBehavior b, BehaviorState st, Judgement j, DetectWindow window,
                                      Threshold threshold, Instant now) {
        Criteria c = b.behavior.criteria();
        if (!st.inAlarm) {
            st.violating = j.violating() ? st.violating + 1 : 0;
            if (st.violating < c.datapointsToAlarm()) {
                return null;
            }
            st.inAlarm = true;
            st.compliant = 0;
            st.violationId = newViolationId();
            st.violationStart = now;
            return event(b, st, ViolationEventType.IN_ALARM, j, window, threshold, c.datapointsToAlarm(), now, null);
        }
        st.compliant = j.violating() ? 0 : st.compliant + 1;
        if (st.compliant < c.datapointsToClear()) {
            return null;
        }
        ViolationEvent cleared = event(b, st, ViolationEventType.ALARM_CLEARED, j, window, threshold,
                c.datapointsToClear(), now, null);
        reset(st);
        return cleared;
    }

    private static void reset(BehaviorState st) {
        st.inAlarm = false;
        st.violating = 0;
        st.compliant = 0;
        st.violationId = null;
        st.violationStart = null;
    }

    private ViolationEvent event(CompiledBehavior b, BehaviorState st, ViolationEventType type, Judgement j,
                                 DetectWindow window, Threshold threshold, int required, Instant now,
                                 String reason) {
        ViolationEvent.Details details = new ViolationEvent.Details(b.mode, j == null ? null : j.offending(),
                j == null ? 0 : j.offendingTotal(), j == null ? 0 : j.elementTotal(), st.violating, st.compliant,
                required, window, threshold == null ? null : threshold.value(),
                threshold == null ? 0 : threshold.datapoints(), st.violationStart, b.behavior.suppressed(), reason,
                options.componentVersion());
        return new ViolationEvent(st.violationId, thingName, b.profileName, b.behavior, j == null ? null : j.value(),
                type, now, details);
    }

    private ViolationEvent invalidated(CompiledBehavior b, BehaviorState st, Instant now, String reason) {
        ViolationEvent e = event(b, st, ViolationEventType.ALARM_INVALIDATED, null, null, null, 0, now, reason);
        reset(st);
        return e;
    }

    /**
     * Invalidates every alarm whose behavior had no datapoint for {@link Options#invalidateAfter}. {@link #evaluate}
     * does this itself; call it when no sample could be collected at all (the collector failing for two days).
     */
    public List<ViolationEvent> invalidateStale(Instant now) {
        List<ViolationEvent> events = new ArrayList<>();
        for (CompiledBehavior b : behaviors) {
            BehaviorState st = states.get(b.key);
            ViolationEvent e = st == null ? null : stale(b, st, now);
            if (e != null) {
                events.add(e);
            }
        }
        return events;
    }

    private ViolationEvent stale(CompiledBehavior b, BehaviorState st, Instant now) {
        if (!st.inAlarm || st.lastDatapoint == null
                || Duration.between(st.lastDatapoint, now).compareTo(options.invalidateAfter()) < 0) {
            return null;
        }
        return invalidated(b, st, now, "no datapoint for " + Duration.between(st.lastDatapoint, now).getSeconds()
                + " s (InvalidateAfterSeconds " + options.invalidateAfter().getSeconds() + ")");
    }

    /**
     * Swaps the profiles (a configuration update). A behavior equal by value to one loaded before (same profile and
     * name) keeps its state; an alarm whose behavior changed or vanished is invalidated (its event carries the old
     * behavior); every other state is dropped.
     */
    public List<ViolationEvent> replaceProfiles(List<SecurityProfile> profiles, Instant now) {
        List<CompiledBehavior> next = compile(profiles);
        Map<String, CompiledBehavior> byKey = new LinkedHashMap<>();
        next.forEach(b -> byKey.put(b.key, b));
        List<ViolationEvent> events = new ArrayList<>();
        for (CompiledBehavior old : behaviors) {
            BehaviorState st = states.get(old.key);
            if (st == null) {
                continue;
            }
            CompiledBehavior now2 = byKey.get(old.key);
            boolean same = now2 != null && now2.behavior.equals(old.behavior) && now2.mode == old.mode;
            if (!same) {
                if (st.inAlarm) {
                    events.add(invalidated(old, st, now, now2 == null ? "the behavior was removed from the profile"
                            : "the behavior changed"));
                }
                states.remove(old.key);
            }
        }
        behaviors = next;
        return events;
    }

    private String newViolationId() {
        return String.format("%016x%016x", random.nextLong(), random.nextLong());
    }

    /** The value of a snapshot metric in a sample, or null when a custom metric has none. */
    private static Measurement measure(CompiledBehavior b, DetectionSample s) {
        if (b.deviceMetric != null) {
            return switch (b.deviceMetric) {
                case NUM_LISTENING_TCP_PORTS -> new Measurement.Count(s.tcpListeners());
                case NUM_LISTENING_UDP_PORTS -> new Measurement.Count(s.udpListeners());
                case NUM_ESTABLISHED_TCP_CONNECTIONS -> new Measurement.Count(s.establishedTcp());
                case LISTENING_TCP_PORTS -> new Measurement.Ports(s.tcpPorts());
                case LISTENING_UDP_PORTS -> new Measurement.Ports(s.udpPorts());
                case DESTINATION_IP_ADDRESSES -> new Measurement.Addresses(s.destinations());
                default -> throw new IllegalStateException(b.deviceMetric + " is windowed");
            };
        }
        CustomMetricValue v = s.custom().get(b.behavior.metric());
        if (v instanceof CustomMetricValue.Number n) {
            return new Measurement.Decimal(n.value());
        } else if (v instanceof CustomMetricValue.NumberList l) {
            return new Measurement.Decimals(l.values());
        } else if (v instanceof CustomMetricValue.StringList l) {
            return new Measurement.Texts(l.values());
        } else if (v instanceof CustomMetricValue.IpList l) {
            return new Measurement.Addresses(addresses(l.values()));
        }
        return null;
    }

    /** A custom ip-address-list (checked by the custom metrics rules already; text that does not parse is skipped). */
    private static RemoteAddresses addresses(List<String> texts) {
        RemoteAddresses.Builder b = RemoteAddresses.builder();
        for (String t : texts) {
            try {
                Cidr host = Cidr.parse(t);
                b.add(host.high(), host.low());
            } catch (IllegalArgumentException e) {
                // not an address: nothing to match
            }
        }
        return b.build(true);
    }

    private static double numeric(Measurement m) {
        if (m instanceof Measurement.Count c) {
            return c.value() >= 0 ? c.value() : Double.parseDouble(Long.toUnsignedString(c.value()));
        }
        return m instanceof Measurement.Decimal d ? d.value().doubleValue() : Double.NaN;
    }

    // Persistence lives in DetectStateCodec; these accessors give it the engine's parts.

    List<CompiledBehavior> behaviors() {
        return behaviors;
    }

    Map<String, BehaviorState> states() {
        return states;
    }

    CounterStep.Baseline baseline() {
        return baseline;
    }

    void baseline(CounterStep.Baseline b) {
        baseline = b;
    }

    String thingName() {
        return thingName;
    }

    /** Used when a persisted alarm's behavior changed or vanished while the component was stopped. */
    ViolationEvent invalidatedOnImport(CompiledBehavior b, BehaviorState st, Instant now, String reason) {
        return invalidated(b, st, now, reason);
    }

    /** The plain JSON value (maps, lists, strings, numbers) of the whole Detect state, for the state file. */
    public Map<String, Object> exportState() {
        return DetectStateCodec.export(this);
    }

    /**
     * Restores what {@link #exportState()} wrote, for the profiles loaded now. Alarms of behaviors that changed or
     * vanished meanwhile are invalidated (the returned events). A state that is corrupt or out of range restores
     * nothing (Detect starts fresh) and {@link Imported#problem} says why, for the caller's WARN.
     */
    public Imported importState(Object state, Instant now) {
        return DetectStateCodec.restore(this, state, now);
    }

    /**
     * @param events  alarm-invalidated events for alarms whose behavior changed or vanished while stopped
     * @param problem why nothing was restored, or null
     */
    public record Imported(List<ViolationEvent> events, String problem) {
        public Imported {
            events = List.copyOf(events);
        }
    }
}
