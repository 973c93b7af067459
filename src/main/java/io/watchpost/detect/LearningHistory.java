package io.watchpost.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.watchpost.json.JsonValueReader;
import io.watchpost.json.JsonValues;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.report.NetworkStats;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the device did, kept bounded so a profile can be suggested from it ({@link ProfileSuggester}): how often each
 * listening port and destination was seen, the largest counts, byte and packet totals of tumbling windows of at least
 * {@value #WINDOW_SECONDS} s, and custom metric values. Not thread-safe; one owner feeds it.
 *
 * <p>Bounds (what is not kept is counted as truncated, and the suggestion says so): {@value #MAX_PORTS} distinct ports
 * per protocol, {@value #MAX_ADDRESSES} distinct destinations, the last {@value #MAX_WINDOWS} windows (14 days of
 * 300 s), {@value #MAX_CUSTOM_METRICS} custom metrics of at most {@value #MAX_CUSTOM_VALUES} distinct list values each.
 *
 * <p>Stored as {@value #FILE_NAME} in the state directory: one JSON object (format {@value #FORMAT_VERSION}), written to
 * a temporary file and moved into place.
 */
public final class LearningHistory {
    public static final String FILE_NAME = "watchpost-learning.json";
    public static final int FORMAT_VERSION = 1;
    public static final int WINDOW_SECONDS = 300;
    public static final int MAX_PORTS = 1024;
    public static final int MAX_ADDRESSES = 4096;
    public static final int MAX_WINDOWS = 4032;
    public static final int MAX_CUSTOM_METRICS = 64;
    public static final int MAX_CUSTOM_VALUES = 256;
    /** A history file larger than this is not read (it could not have been written within the bounds above). */
    public static final int MAX_FILE_BYTES = 4 << 20;

    /** Custom metric types as AWS names them. */
    public static final String NUMBER = "number";
    public static final String NUMBER_LIST = "number-list";
    public static final String STRING_LIST = "string-list";
    public static final String IP_LIST = "ip-address-list";

    private static final JsonFactory JSON = new JsonFactory();

    private long samples;
    private Instant first;
    private Instant last;
    private final TreeMap<Integer, Long> tcpPorts = new TreeMap<>();
    private final TreeMap<Integer, Long> udpPorts = new TreeMap<>();
    private boolean portsTruncated;
    private final TreeMap<String, Long> destinations = new TreeMap<>();
    private boolean destinationsTruncated;
    private long maxListeningTcp = -1;
    private long maxListeningUdp = -1;
    private long maxEstablished = -1;
    private Instant windowStart;
    private long[] windowSums = new long[4];
    private final Deque<long[]> windows = new ArrayDeque<>();
    private final LinkedHashMap<String, CustomSeries> custom = new LinkedHashMap<>();
    private boolean customTruncated;

    /** One custom metric's history: the range of a number, or how often each list value was seen. */
    public static final class CustomSeries {
        private final String type;
        private BigDecimal min;
        private BigDecimal max;
        private long count;
        private final TreeMap<String, Long> values = new TreeMap<>();
        private boolean truncated;

        CustomSeries(String type) {
            this.type = type;
        }

        public String type() {
            return type;
        }

        /** Smallest number seen (type number), or null. */
        public BigDecimal min() {
            return min;
        }

        /** Largest number seen (type number), or null. */
        public BigDecimal max() {
            return max;
        }

        /** How many datapoints were seen. */
        public long count() {
            return count;
        }

        /** List values (as text) and in how many datapoints each was seen. */
        public Map<String, Long> values() {
            return Collections.unmodifiableMap(values);
        }

        /** True when distinct list values beyond the bound were not kept. */
        public boolean truncated() {
            return truncated;
        }
    }

    /** Adds one observation. */
    public void observe(Observation o) {
        boolean gap = last != null && Duration.between(last, o.time()).toSeconds() > 2L * WINDOW_SECONDS;
        samples++;
        if (first == null) {
            first = o.time();
        }
        for (int p : o.tcpPorts()) {
            portsTruncated |= !countIn(tcpPorts, p, MAX_PORTS);
        }
        for (int p : o.udpPorts()) {
            portsTruncated |= !countIn(udpPorts, p, MAX_PORTS);
        }
        for (String a : o.destinations()) {
            destinationsTruncated |= !countIn(destinations, a, MAX_ADDRESSES);
        }
        maxListeningTcp = Math.max(maxListeningTcp, o.listeningTcp());
        maxListeningUdp = Math.max(maxListeningUdp, o.listeningUdp());
        maxEstablished = Math.max(maxEstablished, o.established());
        window(o.time(), gap ? null : o.traffic());
        o.custom().forEach(this::customValue);
        last = o.time();
    }

    /**
     * Tumbling windows: the deltas since the window started are summed; once {@value #WINDOW_SECONDS} s have passed
     * the sum is one window. A sample without a trustworthy delta (reset, reboot, a gap of more than two windows)
     * discards the open window, so no window ever holds traffic of unknown length.
     */
    private void window(Instant time, NetworkStats traffic) {
        if (traffic == null || windowStart == null) {
            windowStart = time;
            windowSums = new long[4];
            return;
        }
        windowSums[0] = saturatingAdd(windowSums[0], traffic.bytesIn());
        windowSums[1] = saturatingAdd(windowSums[1], traffic.bytesOut());
        windowSums[2] = saturatingAdd(windowSums[2], traffic.packetsIn());
        windowSums[3] = saturatingAdd(windowSums[3], traffic.packetsOut());
        if (Duration.between(windowStart, time).toSeconds() >= WINDOW_SECONDS) {
            windows.addLast(windowSums);
            while (windows.size() > MAX_WINDOWS) {
                windows.removeFirst();
            }
            windowStart = time;
            windowSums = new long[4];
        }
    }

    /** Adds without overflow; counters are unsigned, a value past {@code Long.MAX_VALUE} is kept as that. */
    private static long saturatingAdd(long a, long b) {
        if (b < 0) {
            return Long.MAX_VALUE;
        }
        long s = a + b;
        return s < a ? Long.MAX_VALUE : s;
    }

    private void customValue(String name, CustomMetricValue value) {
        String type = typeOf(value);
        CustomSeries series = custom.get(name);
        if (series == null || !series.type.equals(type)) {
            if (series == null && custom.size() >= MAX_CUSTOM_METRICS) {
                customTruncated = true;
                return;
            }
            series = new CustomSeries(type); // a metric that changed type starts over
            custom.put(name, series);
        }
        series.count++;
        if (value instanceof CustomMetricValue.Number n) {
            series.min = series.min == null || n.value().compareTo(series.min) < 0 ? n.value() : series.min;
            series.max = series.max == null || n.value().compareTo(series.max) > 0 ? n.value() : series.max;
            return;
        }
        List<String> texts = new ArrayList<>();
        if (value instanceof CustomMetricValue.NumberList l) {
            l.values().forEach(v -> texts.add(v.stripTrailingZeros().toPlainString()));
        } else if (value instanceof CustomMetricValue.StringList l) {
            texts.addAll(l.values());
        } else if (value instanceof CustomMetricValue.IpList l) {
            texts.addAll(l.values());
        }
        for (String t : new java.util.TreeSet<>(texts)) {
            series.truncated |= !countIn(series.values, t, MAX_CUSTOM_VALUES);
        }
    }

    private static String typeOf(CustomMetricValue value) {
        if (value instanceof CustomMetricValue.Number) {
            return NUMBER;
        }
        if (value instanceof CustomMetricValue.NumberList) {
            return NUMBER_LIST;
        }
        return value instanceof CustomMetricValue.StringList ? STRING_LIST : IP_LIST;
    }

    /** Counts one sighting; false when the key is new and the map is full (then it is not kept). */
    private static <K> boolean countIn(Map<K, Long> map, K key, int max) {
        Long n = map.get(key);
        if (n == null && map.size() >= max) {
            return false;
        }
        map.put(key, n == null ? 1 : n + 1);
        return true;
    }

    public long samples() {
        return samples;
    }

    /** When the first observation was made, or null. */
    public Instant first() {
        return first;
    }

    /** When the last observation was made, or null. */
    public Instant last() {
        return last;
    }

    public Map<Integer, Long> tcpPorts() {
        return Collections.unmodifiableMap(tcpPorts);
    }

    public Map<Integer, Long> udpPorts() {
        return Collections.unmodifiableMap(udpPorts);
    }

    public boolean portsTruncated() {
        return portsTruncated;
    }

    public Map<String, Long> destinations() {
        return Collections.unmodifiableMap(destinations);
    }

    public boolean destinationsTruncated() {
        return destinationsTruncated;
    }

    /** Largest count seen; -1 when nothing was observed. */
    public long maxListeningTcp() {
        return maxListeningTcp;
    }

    public long maxListeningUdp() {
        return maxListeningUdp;
    }

    public long maxEstablished() {
        return maxEstablished;
    }

    /** The completed windows' totals, oldest first, as {bytesIn, bytesOut, packetsIn, packetsOut}. */
    public List<long[]> windows() {
        List<long[]> out = new ArrayList<>(windows.size());
        windows.forEach(w -> out.add(w.clone()));
        return out;
    }

    public Map<String, CustomSeries> custom() {
        return Collections.unmodifiableMap(custom);
    }

    public boolean customTruncated() {
        return customTruncated;
    }

    // ---- persistence ----

    /** The history as plain values (see {@code io.watchpost.json}), the content of {@value #FILE_NAME}. */
    public Map<String, Object> toValue() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("version", FORMAT_VERSION);
        v.put("samples", samples);
        v.put("first", first == null ? null : first.toEpochMilli());
        v.put("last", last == null ? null : last.toEpochMilli());
        v.put("tcpPorts", keyed(tcpPorts));
        v.put("udpPorts", keyed(udpPorts));
        v.put("portsTruncated", portsTruncated);
        v.put("destinations", keyed(destinations));
        v.put("destinationsTruncated", destinationsTruncated);
        v.put("maxListeningTcp", maxListeningTcp);
        v.put("maxListeningUdp", maxListeningUdp);
        v.put("maxEstablished", maxEstablished);
        v.put("windowStart", windowStart == null ? null : windowStart.toEpochMilli());
        v.put("windowSums", longs(windowSums));
        List<Object> w = new ArrayList<>();
        windows.forEach(x -> w.add(longs(x)));
        v.put("windows", w);
        Map<String, Object> c = new LinkedHashMap<>();
        custom.forEach((name, s) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", s.type);
            m.put("count", s.count);
            if (s.min != null) {
                m.put("min", s.min);
                m.put("max", s.max);
            }
            if (!s.type.equals(NUMBER)) {
                m.put("values", new LinkedHashMap<>(s.values));
                m.put("truncated", s.truncated);
            }
            c.put(name, m);
        });
        v.put("custom", c);
        v.put("customTruncated", customTruncated);
        return v;
    }

    private static Map<String, Object> keyed(Map<?, Long> counts) {
        Map<String, Object> out = new LinkedHashMap<>();
        counts.forEach((k, n) -> out.put(String.valueOf(k), n));
        return out;
    }

    private static List<Object> longs(long[] values) {
        List<Object> out = new ArrayList<>(values.length);
        for (long x : values) {
            out.add(x);
        }
        return out;
    }

    /** Writes {@value #FILE_NAME} into {@code stateDir} atomically (temporary file, then a move). */
    public void save(Path stateDir) throws IOException {
        Path target = stateDir.resolve(FILE_NAME);
        Path tmp = stateDir.resolve(FILE_NAME + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JsonGenerator g = JSON.createGenerator(out)) {
            JsonValues.write(g, toValue());
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A history file that cannot be used; the message names the file and what is wrong. */
    public static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unusable(String message) {
            super(message);
        }
    }

    /** Reads {@value #FILE_NAME} from {@code stateDir}. */
    public static LearningHistory load(Path stateDir) throws Unusable {
        Path file = stateDir.resolve(FILE_NAME);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new Unusable("no learning history " + file + " (the component keeps it while Detect is configured"
                    + " or LearnBehavior is true)");
        } catch (IOException e) {
            throw new Unusable("cannot read learning history " + file + ": " + io.watchpost.log.EventLog.describe(e));
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new Unusable("learning history " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
        }
        try (JsonParser p = JSON.createParser(bytes)) {
            Object value = JsonValueReader.readWhole(p, JsonValueReader.Floats.EXACT).orElse(null);
            return fromValue(value);
        } catch (IOException e) {
            throw new Unusable("learning history " + file + " is not valid JSON: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Unusable("learning history " + file + " is not usable: " + e.getMessage());
        }
    }

    /**
     * The history from its plain-value form.
     *
     * @throws IllegalArgumentException naming the first field that is missing or has the wrong type
     */
    public static LearningHistory fromValue(Object value) {
        if (!(value instanceof Map<?, ?> v)) {
            throw new IllegalArgumentException("must be a JSON object");
        }
        long version = number(v, "version");
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("version " + version + " is not " + FORMAT_VERSION);
        }
        LearningHistory h = new LearningHistory();
        h.samples = number(v, "samples");
        h.first = instant(v.get("first"), "first");
        h.last = instant(v.get("last"), "last");
        counts(v, "tcpPorts", MAX_PORTS).forEach((k, n) -> h.tcpPorts.put(port(k), n));
        counts(v, "udpPorts", MAX_PORTS).forEach((k, n) -> h.udpPorts.put(port(k), n));
        h.portsTruncated = bool(v, "portsTruncated");
        h.destinations.putAll(counts(v, "destinations", MAX_ADDRESSES));
        h.destinationsTruncated = bool(v, "destinationsTruncated");
        h.maxListeningTcp = number(v, "maxListeningTcp");
        h.maxListeningUdp = number(v, "maxListeningUdp");
        h.maxEstablished = number(v, "maxEstablished");
        h.windowStart = instant(v.get("windowStart"), "windowStart");
        h.windowSums = sums(v.get("windowSums"), "windowSums");
        List<?> w = list(v.get("windows"), "windows");
        for (int i = Math.max(0, w.size() - MAX_WINDOWS); i < w.size(); i++) {
            h.windows.addLast(sums(w.get(i), "windows[" + i + "]"));
        }
        if (!(v.get("custom") instanceof Map<?, ?> c)) {
            throw new IllegalArgumentException("custom must be an object");
        }
        for (Map.Entry<?, ?> e : c.entrySet()) {
            if (h.custom.size() >= MAX_CUSTOM_METRICS) {
                break;
            }
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> m) || !(m.get("type") instanceof String type)
                    || !List.of(NUMBER, NUMBER_LIST, STRING_LIST, IP_LIST).contains(type)) {
                throw new IllegalArgumentException("custom." + name + " needs a type: number, number-list,"
                        + " string-list or ip-address-list");
            }
            CustomSeries s = new CustomSeries(type);
            s.count = number(m, "count");
            if (type.equals(NUMBER)) {
                if (m.get("min") != null) {
                    s.min = decimal(m.get("min"), "custom." + name + ".min");
                    s.max = decimal(m.get("max"), "custom." + name + ".max");
                }
            } else {
                s.values.putAll(counts(m, "values", MAX_CUSTOM_VALUES));
                s.truncated = bool(m, "truncated");
            }
            h.custom.put(name, s);
        }
        h.customTruncated = bool(v, "customTruncated");
        return h;
    }

    private static long number(Map<?, ?> m, String key) {
        return JsonValues.integerLong(m.get(key)).orElseThrow(
                () -> new IllegalArgumentException(key + " must be a whole number"));
    }

    private static boolean bool(Map<?, ?> m, String key) {
        if (!(m.get(key) instanceof Boolean b)) {
            throw new IllegalArgumentException(key + " must be true or false");
        }
        return b;
    }

    private static Instant instant(Object v, String key) {
        if (v == null) {
            return null;
        }
        return Instant.ofEpochMilli(JsonValues.integerLong(v).orElseThrow(
                () -> new IllegalArgumentException(key + " must be epoch milliseconds")));
    }

    private static BigDecimal decimal(Object v, String key) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        return BigDecimal.valueOf(JsonValues.integerLong(v).orElseThrow(
                () -> new IllegalArgumentException(key + " must be a number")));
    }

    private static List<?> list(Object v, String key) {
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException(key + " must be an array");
        }
        return l;
    }

    private static long[] sums(Object v, String key) {
        List<?> l = list(v, key);
        if (l.size() != 4) {
            throw new IllegalArgumentException(key + " must hold 4 numbers");
        }
        long[] out = new long[4];
        for (int i = 0; i < 4; i++) {
            out[i] = JsonValues.integerLong(l.get(i)).orElseThrow(
                    () -> new IllegalArgumentException(key + " must hold 4 whole numbers"));
        }
        return out;
    }

    private static Map<String, Long> counts(Map<?, ?> m, String key, int max) {
        if (!(m.get(key) instanceof Map<?, ?> c)) {
            throw new IllegalArgumentException(key + " must be an object");
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : c.entrySet()) {
            if (out.size() >= max) {
                break;
            }
            out.put(String.valueOf(e.getKey()), JsonValues.integerLong(e.getValue()).orElseThrow(
                    () -> new IllegalArgumentException(key + "." + e.getKey() + " must be a whole number")));
        }
        return out;
    }

    private static int port(String key) {
        try {
            int p = Integer.parseInt(key);
            if (p >= 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("port \"" + key + "\" is not 0-65535");
    }
}
