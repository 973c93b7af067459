package io.watchpost.detect;

import io.watchpost.collect.InterfaceCounters;
import io.watchpost.json.JsonValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Detect's state as a plain JSON value (maps, lists, strings, numbers) that the component embeds in its state file:
 * the detection baseline, and per behavior its alarm (violation id, start, streaks), last datapoint time, window and
 * self-baseline history. Bounded: one entry per loaded behavior, a history of at most the configured capacity.
 * Unsigned 64-bit counters are written as decimal strings. Reading is all or nothing: a value that is corrupt or out
 * of range restores nothing, so Detect starts fresh rather than on half a state.
 */
final class DetectStateCodec {
    static final String FORMAT = "watchpost-detect";
    static final int VERSION = 1;
    private static final Pattern VIOLATION_ID = Pattern.compile("[0-9a-f]{32}");
    private static final int MAX_STREAK = 10;

    private DetectStateCodec() {
    }

    static Map<String, Object> export(DetectEngine engine) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        CounterStep.Baseline b = engine.baseline();
        if (b != null && b.bootId() != null) { // without a boot id no later sample can be subtracted from it
            Map<String, Object> base = new LinkedHashMap<>();
            base.put("time", b.time().toEpochMilli());
            base.put("bootId", b.bootId());
            base.put("networkSource", b.networkSource());
            List<Object> interfaces = new ArrayList<>();
            for (InterfaceCounters c : b.interfaces()) {
                Map<String, Object> i = new LinkedHashMap<>();
                i.put("name", c.name());
                i.put("loopback", c.loopback());
                i.put("rxBytes", Long.toUnsignedString(c.rxBytes()));
                i.put("rxPackets", Long.toUnsignedString(c.rxPackets()));
                i.put("txBytes", Long.toUnsignedString(c.txBytes()));
                i.put("txPackets", Long.toUnsignedString(c.txPackets()));
                interfaces.add(i);
            }
            base.put("interfaces", interfaces);
            root.put("baseline", base);
        }
        List<Object> entries = new ArrayList<>();
        for (CompiledBehavior cb : engine.behaviors()) {
            BehaviorState st = engine.states().get(cb.key);
            if (st == null) {
                continue;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("profile", cb.profileName);
            e.put("behavior", cb.behavior.name());
            if (cb.behavior.metric() != null) {
                e.put("metric", cb.behavior.metric());
            }
            e.put("fingerprint", ViolationEventJson.fingerprint(cb.behavior));
            e.put("inAlarm", st.inAlarm);
            e.put("violating", st.violating);
            e.put("compliant", st.compliant);
            if (st.inAlarm) {
                e.put("violationId", st.violationId);
                e.put("violationStartTime", st.violationStart.toEpochMilli());
            }
            if (st.lastDatapoint != null) {
                e.put("lastDatapoint", st.lastDatapoint.toEpochMilli());
            }
            if (st.window != null && st.window.start != null) {
                WindowState w = st.window;
                Map<String, Object> win = new LinkedHashMap<>();
                win.put("durationSeconds", w.durationSeconds);
                win.put("start", w.start.toEpochMilli());
                win.put("sum", Long.toUnsignedString(w.sum));
                if (w.latest instanceof Measurement.Count c) {
                    win.put("latestCount", Long.toUnsignedString(c.value()));
                } else if (w.latest instanceof Measurement.Decimal d) {
                    win.put("latestNumber", d.value().toPlainString());
                }
                win.put("samples", w.samples);
                if (w.broken != null) {
                    win.put("broken", w.broken);
                }
                e.put("window", win);
            }
            if (st.history != null) {
                List<Object> values = new ArrayList<>();
                for (double v : st.history.values()) {
                    values.add(v);
                }
                e.put("history", values);
            }
            entries.add(e);
        }
        root.put("behaviors", entries);
        return root;
    }

    /** A persisted entry, read and checked before anything is applied. */
    private record Entry(String profile, String behavior, String metric, String fingerprint, BehaviorState state) {
    }

    static DetectEngine.Imported restore(DetectEngine engine, Object state, Instant now) {
        if (state == null) {
            return new DetectEngine.Imported(List.of(), null);
        }
        CounterStep.Baseline baseline;
        List<Entry> entries = new ArrayList<>();
        try {
            if (!FORMAT.equals(JsonValues.field(state, "format"))) {
                throw new Corrupt("format is not \"" + FORMAT + "\"");
            }
            long version = integer(state, "version", 1, Integer.MAX_VALUE);
            if (version != VERSION) {
                throw new Corrupt("version " + version + " is not " + VERSION);
            }
            baseline = baseline(JsonValues.field(state, "baseline"));
            if (!(JsonValues.field(state, "behaviors") instanceof List<?> list)) {
                throw new Corrupt("behaviors is not an array");
            }
            for (Object e : list) {
                entries.add(entry(e, engine.options()));
            }
        } catch (Corrupt | RuntimeException e) {
            return new DetectEngine.Imported(List.of(), "Detect state unusable, starting Detect fresh: "
                    + e.getMessage());
        }
        engine.baseline(baseline);
        Map<String, CompiledBehavior> byKey = new HashMap<>();
        engine.behaviors().forEach(b -> byKey.put(b.key, b));
        List<ViolationEvent> events = new ArrayList<>();
        for (Entry e : entries) {
            String key = CompiledBehavior.key(e.profile(), e.behavior());
            CompiledBehavior cb = byKey.get(key);
            boolean same = cb != null && cb.mode != EvaluationMode.UNSUPPORTED
                    && ViolationEventJson.fingerprint(cb.behavior).equals(e.fingerprint());
            if (same) {
                engine.states().put(key, e.state());
            } else if (e.state().inAlarm) {
                CompiledBehavior target = cb != null ? cb : CompiledBehavior.compile(e.profile(),
                        new Behavior(e.behavior(), e.metric(), null, null, null, null), false);
                events.add(engine.invalidatedOnImport(target, e.state(), now, cb == null
                        ? "the behavior was removed from the profile while Watchpost was stopped"
                        : "the behavior changed while Watchpost was stopped"));
            }
        }
        return new DetectEngine.Imported(events, null);
    }

    private static CounterStep.Baseline baseline(Object node) throws Corrupt {
        if (node == null) {
            return null;
        }
        Instant time = Instant.ofEpochMilli(integer(node, "time", 0, Long.MAX_VALUE));
        Object boot = JsonValues.field(node, "bootId");
        Object source = JsonValues.field(node, "networkSource");
        if (!(boot instanceof String) || !(source instanceof String)) {
            throw new Corrupt("baseline needs bootId and networkSource strings");
        }
        if (!(JsonValues.field(node, "interfaces") instanceof List<?> list)) {
            throw new Corrupt("baseline.interfaces is not an array");
        }
        List<InterfaceCounters> interfaces = new ArrayList<>();
        for (Object i : list) {
            Object name = JsonValues.field(i, "name");
            if (!(name instanceof String n) || !(JsonValues.field(i, "loopback") instanceof Boolean loopback)) {
                throw new Corrupt("baseline interface needs name and loopback");
            }
            interfaces.add(new InterfaceCounters(n, loopback, unsigned(i, "rxBytes"), unsigned(i, "rxPackets"),
                    unsigned(i, "txBytes"), unsigned(i, "txPackets")));
        }
        return new CounterStep.Baseline(time, (String) boot, (String) source, interfaces);
    }

    private static Entry entry(Object node, DetectEngine.Options options) throws Corrupt {
        String profile = text(node, "profile");
        String behavior = text(node, "behavior");
        Object metric = JsonValues.field(node, "metric");
        String fingerprint = text(node, "fingerprint");
        BehaviorState st = new BehaviorState();
        if (!(JsonValues.field(node, "inAlarm") instanceof Boolean inAlarm)) {
            throw new Corrupt(behavior + ": inAlarm is not a boolean");
        }
        st.inAlarm = inAlarm;
        st.violating = (int) integer(node, "violating", 0, MAX_STREAK);
        st.compliant = (int) integer(node, "compliant", 0, MAX_STREAK);
        if (st.inAlarm) {
            st.violationId = text(node, "violationId");
            if (!VIOLATION_ID.matcher(st.violationId).matches()) {
                throw new Corrupt(behavior + ": violationId is not 32 lowercase hex digits");
            }
            st.violationStart = Instant.ofEpochMilli(integer(node, "violationStartTime", 0, Long.MAX_VALUE));
        }
        if (JsonValues.field(node, "lastDatapoint") != null) {
            st.lastDatapoint = Instant.ofEpochMilli(integer(node, "lastDatapoint", 0, Long.MAX_VALUE));
        }
        Object win = JsonValues.field(node, "window");
        if (win != null) {
            WindowState w = new WindowState((int) integer(win, "durationSeconds", 1, 86_400));
            w.start = Instant.ofEpochMilli(integer(win, "start", 0, Long.MAX_VALUE));
            w.sum = unsigned(win, "sum");
            w.samples = (int) integer(win, "samples", 0, Integer.MAX_VALUE);
            if (JsonValues.field(win, "latestCount") != null) {
                w.latest = new Measurement.Count(unsigned(win, "latestCount"));
            } else if (JsonValues.field(win, "latestNumber") instanceof String n) {
                try {
                    w.latest = new Measurement.Decimal(new BigDecimal(n));
                } catch (NumberFormatException e) {
                    throw new Corrupt(behavior + ": window.latestNumber is not a number");
                }
            }
            Object broken = JsonValues.field(win, "broken");
            w.broken = broken instanceof String s ? s : null;
            st.window = w;
        }
        Object history = JsonValues.field(node, "history");
        if (history != null) {
            if (!(history instanceof List<?> values)) {
                throw new Corrupt(behavior + ": history is not an array");
            }
            SelfBaseline b = new SelfBaseline(options.baselineCapacity());
            int skip = Math.max(0, values.size() - options.baselineCapacity()); // the capacity may have shrunk
            for (Object v : values.subList(skip, values.size())) {
                if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                    throw new Corrupt(behavior + ": history holds a non-number");
                }
                b.add(n.doubleValue());
            }
            st.history = b;
        }
        return new Entry(profile, behavior, metric instanceof String m ? m : null, fingerprint, st);
    }

    private static String text(Object node, String name) throws Corrupt {
        if (!(JsonValues.field(node, name) instanceof String s) || s.isEmpty()) {
            throw new Corrupt(name + " is not a non-empty string");
        }
        return s;
    }

    private static long integer(Object node, String name, long min, long max) throws Corrupt {
        OptionalLong v = JsonValues.integerLong(JsonValues.field(node, name));
        if (v.isEmpty() || v.getAsLong() < min || v.getAsLong() > max) {
            throw new Corrupt(name + " is not an integer from " + min + " to " + max + ": "
                    + JsonValues.field(node, name));
        }
        return v.getAsLong();
    }

    private static long unsigned(Object node, String name) throws Corrupt {
        if (JsonValues.field(node, name) instanceof String s) {
            try {
                return Long.parseUnsignedLong(s);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new Corrupt(name + " is not an unsigned 64-bit decimal string");
    }

    private static final class Corrupt extends Exception {
        private static final long serialVersionUID = 1L;

        Corrupt(String message) {
            super(message);
        }
    }
}
