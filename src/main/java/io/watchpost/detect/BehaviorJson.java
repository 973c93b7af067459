package io.watchpost.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Behavior} in the AWS API's camelCase shape, with the fields it was loaded with (a CloudFormation
 * input comes out camelCase with {@code count} a number), as events embed it and {@code suggest-profile} prints it:
 * the form {@code create-security-profile --behaviors} takes. jackson-core only.
 */
public final class BehaviorJson {
    private static final JsonFactory JSON = new JsonFactory();
    private static final BigDecimal PLAIN_MIN = new BigDecimal("1e-6");
    private static final BigDecimal PLAIN_MAX = new BigDecimal("1e21");

    private BehaviorJson() {
    }

    /** Writes the behavior as one JSON object at the generator's position. */
    public static void write(JsonGenerator g, Behavior b) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", b.name());
        if (b.metric() != null) {
            g.writeStringField("metric", b.metric());
        }
        if (b.metricDimension() != null) {
            g.writeObjectFieldStart("metricDimension");
            g.writeStringField("dimensionName", b.metricDimension().dimensionName());
            if (b.metricDimension().operator() != null) {
                g.writeStringField("operator", b.metricDimension().operator());
            }
            g.writeEndObject();
        }
        if (b.criteria() != null) {
            g.writeFieldName("criteria");
            writeCriteria(g, b.criteria());
        }
        if (b.suppressAlerts() != null) {
            g.writeBooleanField("suppressAlerts", b.suppressAlerts());
        }
        if (b.exportMetric() != null) {
            g.writeBooleanField("exportMetric", b.exportMetric());
        }
        g.writeEndObject();
    }

    private static void writeCriteria(JsonGenerator g, Criteria c) throws IOException {
        g.writeStartObject();
        if (c.comparisonOperator() != null) {
            g.writeStringField("comparisonOperator", c.comparisonOperator().wireName());
        }
        if (c.value() != null) {
            g.writeFieldName("value");
            writeValue(g, c.value());
        }
        if (c.durationSeconds() != null) {
            g.writeNumberField("durationSeconds", c.durationSeconds());
        }
        if (c.consecutiveDatapointsToAlarm() != null) {
            g.writeNumberField("consecutiveDatapointsToAlarm", c.consecutiveDatapointsToAlarm());
        }
        if (c.consecutiveDatapointsToClear() != null) {
            g.writeNumberField("consecutiveDatapointsToClear", c.consecutiveDatapointsToClear());
        }
        if (c.statistic() != null) {
            g.writeObjectFieldStart("statisticalThreshold");
            g.writeStringField("statistic", c.statistic());
            g.writeEndObject();
        }
        if (c.mlConfidenceLevel() != null) {
            g.writeObjectFieldStart("mlDetectionConfig");
            g.writeStringField("confidenceLevel", c.mlConfidenceLevel());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /** Writes a {@code MetricValue} (a threshold, or a measured value in an event) with the fields it has. */
    public static void writeValue(JsonGenerator g, MetricValue v) throws IOException {
        g.writeStartObject();
        if (v.count() != null) {
            // a measured byte count is unsigned 64-bit: above 2^63-1 the long is negative
            g.writeFieldName("count");
            if (v.count() >= 0) {
                g.writeNumber(v.count());
            } else {
                g.writeNumber(new java.math.BigInteger(Long.toUnsignedString(v.count())));
            }
        }
        if (v.cidrs() != null) {
            writeStrings(g, "cidrs", v.cidrs());
        }
        if (v.ports() != null) {
            g.writeArrayFieldStart("ports");
            for (int p : v.ports()) {
                g.writeNumber(p);
            }
            g.writeEndArray();
        }
        if (v.number() != null) {
            g.writeFieldName("number");
            writeNumber(g, v.number());
        }
        if (v.numbers() != null) {
            g.writeArrayFieldStart("numbers");
            for (BigDecimal n : v.numbers()) {
                writeNumber(g, n);
            }
            g.writeEndArray();
        }
        if (v.strings() != null) {
            writeStrings(g, "strings", v.strings());
        }
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    /** Plain decimal where that stays short ({@code 100}, not {@code 1E+2}); scientific otherwise. */
    static void writeNumber(JsonGenerator g, BigDecimal n) throws IOException {
        BigDecimal abs = n.abs();
        boolean plain = abs.signum() == 0 || (abs.compareTo(PLAIN_MIN) >= 0 && abs.compareTo(PLAIN_MAX) < 0);
        g.writeNumber(plain ? n.toPlainString() : n.toString());
    }

    /** Compact JSON text of one behavior. */
    public static String toJson(Behavior b) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            write(g, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** Compact JSON text of one metric value. */
    public static String toJson(MetricValue v) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            writeValue(g, v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * The behavior as plain values (see {@code io.watchpost.json}) in the API shape: what {@link #write} writes, for
     * a caller that assembles a larger document, and for validating it again.
     */
    public static Map<String, Object> toValue(Behavior b) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", b.name());
        putIfPresent(out, "metric", b.metric());
        if (b.metricDimension() != null) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("dimensionName", b.metricDimension().dimensionName());
            putIfPresent(d, "operator", b.metricDimension().operator());
            out.put("metricDimension", d);
        }
        if (b.criteria() != null) {
            Criteria c = b.criteria();
            Map<String, Object> m = new LinkedHashMap<>();
            putIfPresent(m, "comparisonOperator", c.comparisonOperator() == null ? null
                    : c.comparisonOperator().wireName());
            if (c.value() != null) {
                m.put("value", toValue(c.value()));
            }
            putIfPresent(m, "durationSeconds", c.durationSeconds());
            putIfPresent(m, "consecutiveDatapointsToAlarm", c.consecutiveDatapointsToAlarm());
            putIfPresent(m, "consecutiveDatapointsToClear", c.consecutiveDatapointsToClear());
            if (c.statistic() != null) {
                m.put("statisticalThreshold", Map.of("statistic", c.statistic()));
            }
            if (c.mlConfidenceLevel() != null) {
                m.put("mlDetectionConfig", Map.of("confidenceLevel", c.mlConfidenceLevel()));
            }
            out.put("criteria", m);
        }
        putIfPresent(out, "suppressAlerts", b.suppressAlerts());
        putIfPresent(out, "exportMetric", b.exportMetric());
        return out;
    }

    /** A metric value as plain values with the fields it has. */
    public static Map<String, Object> toValue(MetricValue v) {
        Map<String, Object> out = new LinkedHashMap<>();
        putIfPresent(out, "count", v.count());
        putIfPresent(out, "cidrs", v.cidrs());
        putIfPresent(out, "ports", v.ports());
        putIfPresent(out, "number", v.number());
        putIfPresent(out, "numbers", v.numbers());
        putIfPresent(out, "strings", v.strings());
        return out;
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
