package io.watchpost.localcore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Local mode's view of Detect: one line per alarm event the component published on its events topic, read back from
 * the event's JSON (the component runs in another process). An event that is not suppressed goes to IoT Core and to
 * local publish/subscribe; a suppressed one ({@code suppressAlerts}) to local publish/subscribe only. So the line is
 * printed from the IoT Core publish, or from the local one when the event is suppressed: each event once.
 *
 * <pre>
 * --- detect IN-ALARM edge-baseline/allowed-tcp-ports (aws:listening-tcp-ports in-port-set ports 22, 443) | offending
 *     ports 8443 | value ports 22, 443, 8443 | 2 violating datapoints of 2 required | violationId 1d0b… | to IoT Core
 *     and local pub/sub
 * </pre>
 */
public final class LocalDetectConsole {
    public static final String EVENT_PREFIX = "--- detect ";

    private final PrintStream out;
    private final String eventsTopic;
    private final ObjectMapper json = new ObjectMapper();

    /** @param eventsTopic the component's DetectEventsTopic with the thing name filled in */
    public LocalDetectConsole(PrintStream out, String eventsTopic) {
        this.out = Objects.requireNonNull(out);
        this.eventsTopic = Objects.requireNonNull(eventsTopic);
    }

    /** Attaches to the core's IoT Core and local publish/subscribe publishes. */
    public void attach(LocalIpcServer server) {
        server.onPublishToIoTCore(p -> fromIoTCore(p.topic(), p.payload()));
        server.onPublishToTopic(this::fromLocalTopic);
    }

    void fromIoTCore(String topic, byte[] payload) {
        if (topic.equals(eventsTopic)) {
            print(render(payload));
        }
    }

    void fromLocalTopic(String topic, byte[] payload) {
        if (topic.equals(eventsTopic)) {
            JsonNode event = read(payload);
            // Not suppressed: the same event reaches IoT Core and is printed from there.
            if (event != null && event.path("watchpost").path("suppressed").asBoolean(false)) {
                print(render(event));
            }
        }
    }

    private void print(String line) {
        // One write per line, so lines from other threads never land inside it.
        out.print(line + "\n");
        out.flush();
    }

    String render(byte[] payload) {
        JsonNode event = read(payload);
        if (event == null) {
            return EVENT_PREFIX + "event of " + payload.length + " bytes on " + eventsTopic + " is not a JSON object";
        }
        return render(event);
    }

    private JsonNode read(byte[] payload) {
        try {
            JsonNode tree = json.readTree(payload);
            return tree != null && tree.isObject() ? tree : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The event in one line: the transition, profile/behavior and its rule, what broke it, the value, the datapoints,
     * the window or self-baseline threshold, where it went.
     */
    static String render(JsonNode e) {
        JsonNode w = e.path("watchpost");
        JsonNode behavior = e.path("behavior");
        String type = e.path("violationEventType").asText("?");
        StringBuilder sb = new StringBuilder(EVENT_PREFIX).append(switch (type) {
            case "in-alarm" -> "IN-ALARM";
            case "alarm-cleared" -> "CLEARED";
            case "alarm-invalidated" -> "INVALIDATED";
            default -> type;
        });
        sb.append(' ').append(e.path("securityProfileName").asText("?")).append('/')
                .append(behavior.path("name").asText("?")).append(" (").append(rule(behavior)).append(')');
        if (w.has("offending")) {
            sb.append(" | offending ").append(value(w.path("offending")));
            appendTotal(sb, w.path("offendingTotal").asInt(), listed(w.path("offending")));
        }
        if (e.has("metricValue")) {
            sb.append(" | value ").append(value(e.path("metricValue")));
            if (w.has("metricValueTotal")) {
                appendTotal(sb, w.path("metricValueTotal").asInt(), listed(e.path("metricValue")));
            }
        }
        JsonNode window = w.path("window");
        if (window.isObject()) {
            sb.append(" | window ").append(time(window.path("start"))).append(" to ").append(time(window.path("end")));
            if (window.has("value")) {
                sb.append(" = ").append(window.path("value").asText());
            }
        }
        JsonNode baseline = w.path("selfBaseline");
        if (baseline.isObject()) {
            sb.append(" | self-baseline ").append(baseline.path("statistic").asText()).append(" threshold ")
                    .append(baseline.path("threshold").asText()).append(" from ")
                    .append(baseline.path("datapoints").asInt()).append(" datapoints");
        }
        JsonNode datapoints = w.path("datapoints");
        if (datapoints.isObject()) {
            boolean alarm = "in-alarm".equals(type);
            int n = datapoints.path(alarm ? "violating" : "compliant").asInt();
            sb.append(" | ").append(n).append(alarm ? " violating" : " compliant")
                    .append(n == 1 ? " datapoint of " : " datapoints of ")
                    .append(datapoints.path("required").asInt()).append(" required");
        }
        if (w.has("reason")) {
            sb.append(" | ").append(w.path("reason").asText());
        }
        sb.append(" | violationId ").append(e.path("violationId").asText("?"));
        sb.append(w.path("suppressed").asBoolean(false) ? " | suppressed (suppressAlerts): local pub/sub only"
                : " | to IoT Core and local pub/sub");
        return sb.toString();
    }

    /** The behavior's rule: metric, operator and value (or statistic), window. */
    private static String rule(JsonNode behavior) {
        StringBuilder sb = new StringBuilder(behavior.path("metric").asText("?"));
        JsonNode c = behavior.path("criteria");
        if (c.has("comparisonOperator")) {
            sb.append(' ').append(c.path("comparisonOperator").asText());
            if (c.has("value")) {
                sb.append(' ').append(value(c.path("value")));
            } else if (c.path("statisticalThreshold").has("statistic")) {
                sb.append(' ').append(c.path("statisticalThreshold").path("statistic").asText());
            }
        }
        if (c.has("durationSeconds")) {
            sb.append(", ").append(c.path("durationSeconds").asInt()).append(" s window");
        }
        return sb.toString();
    }

    /** A MetricValue readably: {@code ports 22, 443}, {@code addresses 10.0.0.0/8}, {@code count 5}. */
    private static String value(JsonNode v) {
        StringBuilder sb = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(switch (field.getKey()) {
                case "cidrs" -> "addresses";
                default -> field.getKey();
            });
            JsonNode x = field.getValue();
            if (x.isArray()) {
                sb.append(x.isEmpty() ? " none" : " ");
                for (int i = 0; i < x.size(); i++) {
                    sb.append(i == 0 ? "" : ", ").append(x.get(i).asText());
                }
            } else {
                sb.append(' ').append(x.asText());
            }
        }
        return sb.isEmpty() ? "{}" : sb.toString();
    }

    /** Elements a MetricValue lists (0 for a count or number). */
    private static int listed(JsonNode v) {
        int n = 0;
        for (JsonNode x : v) {
            n += x.isArray() ? x.size() : 0;
        }
        return n;
    }

    private static void appendTotal(StringBuilder sb, int total, int listed) {
        if (total > listed) {
            sb.append(" (").append(total).append(" in all)");
        }
    }

    private static String time(JsonNode epochMillis) {
        return epochMillis.isNumber() ? Instant.ofEpochMilli(epochMillis.asLong()).toString() : "?";
    }
}
