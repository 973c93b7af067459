package io.watchpost.detect;

import io.watchpost.log.EventLog;
import java.util.ArrayList;
import java.util.List;

/**
 * The log line of an alarm transition: WARN {@code detect_in_alarm} for a new alarm, INFO {@code detect_alarm_cleared}
 * and {@code detect_alarm_invalidated} for its end; the fields say which behavior and which ports, addresses or values.
 */
public final class ViolationEventLog {
    private ViolationEventLog() {
    }

    public static void log(EventLog log, ViolationEvent e) {
        List<Object> kv = new ArrayList<>(List.of("profile", e.securityProfileName(), "behavior",
                e.behavior().name(), "metric", String.valueOf(e.behavior().metric()), "violation_id",
                e.violationId()));
        ViolationEvent.Details d = e.details();
        if (d.offending() != null) {
            kv.addAll(List.of("offending", BehaviorJson.toJson(d.offending()), "offending_total",
                    d.offendingTotal()));
        } else if (e.metricValue() != null) {
            kv.addAll(List.of("value", BehaviorJson.toJson(e.metricValue())));
        }
        if (d.window() != null) {
            kv.addAll(List.of("window_start", d.window().start(), "window_end", d.window().end()));
        }
        if (d.evaluationMode() != EvaluationMode.STATIC) {
            kv.addAll(List.of("evaluation_mode", d.evaluationMode().wireName()));
        }
        if (d.suppressed()) {
            kv.addAll(List.of("suppressed", true));
        }
        if (d.reason() != null) {
            kv.addAll(List.of("reason", d.reason()));
        }
        Object[] pairs = kv.toArray();
        switch (e.type()) {
            case IN_ALARM -> log.warn("detect_in_alarm", pairs);
            case ALARM_CLEARED -> log.info("detect_alarm_cleared", pairs);
            default -> log.info("detect_alarm_invalidated", pairs);
        }
    }
}
