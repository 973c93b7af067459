package io.watchpost.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Writes a {@link ViolationEvent} as JSON with jackson-core: AWS's {@code ViolationEvent} field names and types
 * (https://docs.aws.amazon.com/iot/latest/apireference/API_ViolationEvent.html; {@code violationEventTime} in epoch
 * milliseconds as in Device Defender's SNS notifications), then the {@code watchpost} object. Absent values are left
 * out rather than written as null, as AWS does.
 */
public final class ViolationEventJson {
    /** The version of the {@code watchpost} object's layout. */
    public static final String VERSION = "1";
    private static final JsonFactory JSON = new JsonFactory();

    private ViolationEventJson() {
    }

    public static String write(ViolationEvent e) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            write(g, e);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return text.toString();
    }

    public static void write(JsonGenerator g, ViolationEvent e) throws IOException {
        g.writeStartObject();
        g.writeStringField("violationId", e.violationId());
        g.writeStringField("thingName", e.thingName());
        g.writeStringField("securityProfileName", e.securityProfileName());
        g.writeFieldName("behavior");
        writeBehavior(g, e.behavior());
        if (e.metricValue() != null) {
            g.writeFieldName("metricValue");
            writeMetricValue(g, e.metricValue());
        }
        g.writeStringField("violationEventType", e.type().wireName());
        g.writeNumberField("violationEventTime", e.time().toEpochMilli());
        ViolationEvent.Details d = e.details();
        g.writeObjectFieldStart("watchpost");
        g.writeStringField("version", VERSION);
        g.writeStringField("source", "on-device");
        g.writeStringField("evaluationMode", d.evaluationMode().wireName());
        if (d.offending() != null) {
            g.writeFieldName("offending");
            writeMetricValue(g, d.offending());
            g.writeNumberField("offendingTotal", d.offendingTotal());
        }
        if (e.metricValue() != null && d.valueTotal() > 1) {
            g.writeNumberField("metricValueTotal", d.valueTotal());
        }
        if (e.type() != ViolationEventType.ALARM_INVALIDATED) {
            g.writeObjectFieldStart("datapoints");
            g.writeNumberField("violating", d.violating());
            g.writeNumberField("compliant", d.compliant());
            g.writeNumberField("required", d.required());
            g.writeEndObject();
        }
        if (d.window() != null) {
            g.writeObjectFieldStart("window");
            g.writeNumberField("start", d.window().start().toEpochMilli());
            g.writeNumberField("end", d.window().end().toEpochMilli());
            g.writeNumberField("durationSeconds", d.window().durationSeconds());
            if (e.metricValue() != null && e.metricValue().count() != null) {
                writeUnsigned(g, "value", e.metricValue().count());
            } else if (e.metricValue() != null && e.metricValue().number() != null) {
                g.writeNumberField("value", e.metricValue().number());
            }
            g.writeEndObject();
        }
        if (d.threshold() != null) {
            g.writeObjectFieldStart("selfBaseline");
            g.writeStringField("statistic", e.behavior().criteria().statistic());
            g.writeNumberField("threshold", d.threshold());
            g.writeNumberField("datapoints", d.baselineDatapoints());
            g.writeEndObject();
        }
        if (d.violationStartTime() != null) {
            g.writeNumberField("violationStartTime", d.violationStartTime().toEpochMilli());
        }
        g.writeBooleanField("suppressed", d.suppressed());
        if (d.reason() != null) {
            g.writeStringField("reason", d.reason());
        }
        g.writeStringField("componentVersion", d.componentVersion());
        g.writeEndObject();
        g.writeEndObject();
    }

    /** A {@code Behavior} with the fields it was loaded with, in AWS's names. */
    public static void writeBehavior(JsonGenerator g, Behavior b) throws IOException {
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
        Criteria c = b.criteria();
        if (c != null) {
            g.writeObjectFieldStart("criteria");
            if (c.comparisonOperator() != null) {
                g.writeStringField("comparisonOperator", c.comparisonOperator().wireName());
            }
            if (c.value() != null) {
                g.writeFieldName("value");
                writeMetricValue(g, c.value());
            }
            writeOptional(g, "durationSeconds", c.durationSeconds());
            writeOptional(g, "consecutiveDatapointsToAlarm", c.consecutiveDatapointsToAlarm());
            writeOptional(g, "consecutiveDatapointsToClear", c.consecutiveDatapointsToClear());
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
        if (b.suppressAlerts() != null) {
            g.writeBooleanField("suppressAlerts", b.suppressAlerts());
        }
        if (b.exportMetric() != null) {
            g.writeBooleanField("exportMetric", b.exportMetric());
        }
        g.writeEndObject();
    }

    /** A {@code MetricValue}: only its present fields. */
    public static void writeMetricValue(JsonGenerator g, MetricValue v) throws IOException {
        g.writeStartObject();
        if (v.count() != null) {
            writeUnsigned(g, "count", v.count());
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
            g.writeNumberField("number", v.number());
        }
        if (v.numbers() != null) {
            g.writeArrayFieldStart("numbers");
            for (BigDecimal n : v.numbers()) {
                g.writeNumber(n);
            }
            g.writeEndArray();
        }
        if (v.strings() != null) {
            writeStrings(g, "strings", v.strings());
        }
        g.writeEndObject();
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    private static void writeOptional(JsonGenerator g, String name, Integer value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value);
        }
    }

    /** Byte counts are unsigned 64-bit: above 2^63-1 a long prints negative. */
    private static void writeUnsigned(JsonGenerator g, String name, long value) throws IOException {
        g.writeFieldName(name);
        if (value >= 0) {
            g.writeNumber(value);
        } else {
            g.writeNumber(new java.math.BigInteger(Long.toUnsignedString(value)));
        }
    }

    /** A 64-bit FNV-1a hash of the behavior's JSON, in hex: tells a persisted alarm whether its behavior changed. */
    static String fingerprint(Behavior b) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(text)) {
            writeBehavior(g, b);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        long h = 0xcbf29ce484222325L;
        for (char ch : text.toString().toCharArray()) {
            h ^= ch;
            h *= 0x100000001b3L;
        }
        return String.format("%016x", h);
    }
}
