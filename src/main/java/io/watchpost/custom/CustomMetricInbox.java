package io.watchpost.custom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.watchpost.json.JsonValueReader;
import io.watchpost.json.JsonValues;
import io.watchpost.log.EventLog;
import io.watchpost.report.CustomMetricValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Custom metrics sent by other Greengrass components on the local topic {@code CustomMetricsTopic}, one JSON message
 * per value:
 * <pre>{"name":"failed_logins","number":3}
 * {"name":"open_files","number_list":[12,40]}
 * {"name":"wifi_ssids","string_list":["home","lab-2"]}
 * {"name":"peers","ip_list":["192.0.2.7","2001:db8::1"]}</pre>
 *
 * <p>A message must be a JSON object with a {@code name} and exactly one of the four value keys, and nothing else; name
 * and value must obey {@link CustomMetricRules}. Numbers are taken exactly as written (never rounded): a number that
 * needs more than 15 significant digits is refused. A valid message replaces the last value of its name (a gauge: the
 * value stays in every report until replaced). Invalid messages are dropped and logged at WARN with the reason, at most
 * {@value #LOGGED_REFUSALS_PER_MINUTE} a minute so a broken sender cannot flood the log; the rest are counted, and the
 * count is logged when that minute ends (by a task on the injected {@link RunLater}, so even if no message follows).
 *
 * <p>At most {@code maxNames} distinct names are kept (Settings.maxCustomMetrics): a new name beyond the cap is refused,
 * updates of known names still apply. Lowering the cap does not evict names already kept.
 *
 * <p>Thread-safe: messages arrive on an IPC thread while the report loop takes {@link #snapshot()}s.
 */
public final class CustomMetricInbox implements Consumer<byte[]> {
    /** Far above any legitimate message (100 strings of 256 characters is about 26 KiB). */
    public static final int MAX_MESSAGE_BYTES = io.watchpost.ipc.MessageSizeLimits.LOCAL_MESSAGE_BYTES;
    static final int LOGGED_REFUSALS_PER_MINUTE = 10;
    private static final Duration REFUSAL_WINDOW = Duration.ofMinutes(1);
    static final String NAME = "name";
    static final List<String> VALUE_KEYS = List.of("number", "number_list", "string_list", "ip_list");

    private final EventLog log;
    private final Clock clock;
    private final IntSupplier maxNames;
    private final RunLater runLater;
    private final JsonFactory json;
    private final Map<String, CustomMetricValue> latest = new HashMap<>();
    private Instant refusalWindowStart = Instant.MIN;
    private int refusalsInWindow;
    private long suppressedRefusals;

    /** Runs a task once after a delay; the component's scheduler, so tests drive it without sleeping. */
    @FunctionalInterface
    public interface RunLater {
        void runAfter(Duration delay, Runnable task);
    }

    /**
     * An inbox with no timer: a count of refusals not logged is logged with the first refusal after its minute. For
     * tools that never receive messages (the {@code report} command) and tests.
     */
    public CustomMetricInbox(EventLog log, Clock clock, IntSupplier maxNames) {
        this(log, clock, maxNames, (delay, task) -> { });
    }

    /**
     * @param maxNames the current cap on distinct names, read at each new name (so a configuration update applies)
     * @param runLater runs the task that logs the count of refusals not logged when their minute ends
     */
    public CustomMetricInbox(EventLog log, Clock clock, IntSupplier maxNames, RunLater runLater) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxNames = Objects.requireNonNull(maxNames, "maxNames");
        this.runLater = Objects.requireNonNull(runLater, "runLater");
        this.json = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }

    /** The subscription callback: takes one raw message; never throws. */
    @Override
    public void accept(byte[] message) {
        Optional<String> refusal;
        try {
            refusal = receive(message);
        } catch (RuntimeException e) {
            // Never let a bad message kill the IPC callback thread.
            refusal = Optional.of("unexpected " + EventLog.describe(e));
        }
        refusal.ifPresent(this::logRefusal);
    }

    /**
     * Validates and keeps one message.
     *
     * @return empty when the value was kept, else why the message was refused
     */
    public Optional<String> receive(byte[] message) {
        if (message == null || message.length == 0) {
            return Optional.of("empty message");
        }
        if (message.length > MAX_MESSAGE_BYTES) {
            return Optional.of("message of " + message.length + " bytes is larger than " + MAX_MESSAGE_BYTES);
        }
        Optional<Object> root;
        try (JsonParser parser = json.createParser(message)) {
            // Numbers exactly as written: a decimal fraction must not pass through a double.
            root = JsonValueReader.readWhole(parser, JsonValueReader.Floats.EXACT);
        } catch (JsonProcessingException e) {
            return Optional.of("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Optional.of("not readable: " + EventLog.describe(e));
        }
        if (!(root.orElse(null) instanceof Map<?, ?> fields)) {
            return Optional.of("not a JSON object");
        }
        if (!(fields.get(NAME) instanceof String name)) {
            return Optional.of("\"name\" is missing or not a string");
        }
        String valueKey = null;
        for (Object k : fields.keySet()) {
            String key = k.toString();
            if (key.equals(NAME)) {
                continue;
            }
            if (!VALUE_KEYS.contains(key)) {
                return refused(name, "unknown key " + CustomMetricRules.shown(key) + "; allowed are \"name\" and one of "
                        + VALUE_KEYS);
            }
            if (valueKey != null) {
                return refused(name, "has both \"" + valueKey + "\" and \"" + key + "\"; exactly one value is allowed");
            }
            valueKey = key;
        }
        if (valueKey == null) {
            return refused(name, "has no value; one of " + VALUE_KEYS + " is required");
        }
        CustomMetricValue value;
        try {
            CustomMetricRules.checkName(name);
            value = CustomMetricRules.check(toValue(valueKey, fields.get(valueKey)));
        } catch (InvalidCustomMetricException e) {
            return refused(name, e.getMessage());
        }
        return keep(name, value);
    }

    /** The latest valid value of every name, sorted by name. */
    public SortedMap<String, CustomMetricValue> snapshot() {
        synchronized (latest) {
            return new TreeMap<>(latest);
        }
    }

    private Optional<String> keep(String name, CustomMetricValue value) {
        boolean isNew;
        synchronized (latest) {
            isNew = !latest.containsKey(name);
            if (isNew) {
                int cap = maxNames.getAsInt();
                if (latest.size() >= cap) {
                    return refused(name, "new name beyond MaxCustomMetrics (" + cap + " names kept already)");
                }
            }
            CustomMetricValue before = latest.put(name, value);
            if (before != null && !before.valueKey().equals(value.valueKey())) {
                log.warn("custom_metric_type_changed", "name", name, "from", before.valueKey(), "to", value.valueKey());
            }
        }
        if (isNew) {
            log.info("custom_metric_new", "name", name, "type", value.valueKey());
        } else {
            log.debug("custom_metric_received", "name", name);
        }
        return Optional.empty();
    }

    private static CustomMetricValue toValue(String key, Object node) throws InvalidCustomMetricException {
        switch (key) {
            case "number" -> {
                return new CustomMetricValue.Number(number(node, key));
            }
            case "number_list" -> {
                List<BigDecimal> values = new ArrayList<>();
                for (Object item : array(node, key)) {
                    values.add(number(item, key));
                }
                return new CustomMetricValue.NumberList(values);
            }
            case "string_list", "ip_list" -> {
                List<String> values = new ArrayList<>();
                for (Object item : array(node, key)) {
                    if (!(item instanceof String text)) {
                        throw new InvalidCustomMetricException(key + " holds " + describe(item)
                                + "; only strings are allowed");
                    }
                    values.add(text);
                }
                return key.equals("ip_list") ? new CustomMetricValue.IpList(values)
                        : new CustomMetricValue.StringList(values);
            }
            default -> throw new InvalidCustomMetricException("unknown value key " + key);
        }
    }

    private static List<?> array(Object node, String key) throws InvalidCustomMetricException {
        if (!(node instanceof List<?> items)) {
            throw new InvalidCustomMetricException(key + " must be a JSON array");
        }
        if (items.size() > CustomMetricRules.MAX_LIST_VALUES) {
            throw new InvalidCustomMetricException(key + " has " + items.size() + " values; at most "
                    + CustomMetricRules.MAX_LIST_VALUES + " are accepted");
        }
        return items;
    }

    /** Whole numbers arrive as Integer, Long or BigInteger, the others as BigDecimal (read exactly). */
    private static BigDecimal number(Object node, String key) throws InvalidCustomMetricException {
        if (node instanceof BigDecimal d) {
            return d;
        }
        if (node instanceof BigInteger i) {
            return new BigDecimal(i);
        }
        if (node instanceof Integer || node instanceof Long) {
            return BigDecimal.valueOf(((Number) node).longValue());
        }
        throw new InvalidCustomMetricException(key + " holds " + describe(node) + ", not a JSON number");
    }

    /** The JSON type and text of a value, shortened: {@code string "NaN"}, {@code boolean true}. */
    private static String describe(Object node) {
        String text = JsonValues.toJson(node);
        if (text.length() > 64) {
            text = text.substring(0, 64) + "…";
        }
        return JsonValues.typeName(node) + " " + text;
    }

    private static Optional<String> refused(String name, String reason) {
        return Optional.of("metric " + CustomMetricRules.shown(name) + ": " + reason);
    }

    private void logRefusal(String reason) {
        Instant now = clock.instant();
        long suppressed = 0;
        boolean logIt;
        Instant windowToClose = null;
        synchronized (this) {
            if (now.isBefore(refusalWindowStart) || !now.isBefore(refusalWindowStart.plus(REFUSAL_WINDOW))) {
                suppressed = takeSuppressed();
                refusalWindowStart = now;
            }
            logIt = refusalsInWindow < LOGGED_REFUSALS_PER_MINUTE;
            if (logIt) {
                refusalsInWindow++;
            } else if (suppressedRefusals++ == 0) {
                windowToClose = refusalWindowStart;
            }
        }
        logSuppressed(suppressed);
        if (logIt) {
            log.warn("custom_metric_refused", "reason", reason);
        }
        if (windowToClose != null) {
            Instant window = windowToClose;
            runLater.runAfter(Duration.between(now, window.plus(REFUSAL_WINDOW)), () -> closeWindow(window));
        }
    }

    /** The minute that started at {@code window} is over: log its count now rather than at the next refusal. */
    private void closeWindow(Instant window) {
        long suppressed;
        synchronized (this) {
            if (!window.equals(refusalWindowStart)) {
                return; // already closed by a later refusal, which logged the count
            }
            suppressed = takeSuppressed();
            refusalWindowStart = Instant.MIN;
        }
        logSuppressed(suppressed);
    }

    /** The count so far, and a fresh window's counters. Caller holds the lock. */
    private long takeSuppressed() {
        long suppressed = suppressedRefusals;
        suppressedRefusals = 0;
        refusalsInWindow = 0;
        return suppressed;
    }

    private void logSuppressed(long suppressed) {
        if (suppressed > 0) {
            log.warn("custom_metric_refusals_not_logged", "count", suppressed, "reason", "more than "
                    + LOGGED_REFUSALS_PER_MINUTE + " refused messages in a minute");
        }
    }
}
