package io.watchpost.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;

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
        BehaviorJson.write(g, e.behavior());
        if (e.metricValue() != null) {
            g.writeFieldName("metricValue");
            BehaviorJson.writeValue(g, e.metricValue());
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
            BehaviorJson.writeValue(g, d.offending());
            g.writeNumberField("offendingTotal", d.offendingTotal());
        }
        if (e.metricValue() != null && d.valueTotal() > Criterion.LISTED) {
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
                g.writeFieldName("value");
                BehaviorJson.writeNumber(g, e.metricValue().number());
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

    /** Unsigned 64-bit, as the window's byte and packet sums are. */
    private static void writeUnsigned(JsonGenerator g, String name, long value) throws IOException {
        g.writeFieldName(name);
        if (value >= 0) {
            g.writeNumber(value);
        } else {
            g.writeNumber(new BigInteger(Long.toUnsignedString(value)));
        }
    }

    /** A 64-bit FNV-1a hash of the behavior's JSON, in hex: tells a persisted alarm whether its behavior changed. */
    static String fingerprint(Behavior b) {
        long h = 0xcbf29ce484222325L;
        for (char ch : BehaviorJson.toJson(b).toCharArray()) {
            h ^= ch;
            h *= 0x100000001b3L;
        }
        return String.format("%016x", h);
    }
}
