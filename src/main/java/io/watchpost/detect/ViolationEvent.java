package io.watchpost.detect;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An alarm transition, shaped as AWS's {@code ViolationEvent}
 * (https://docs.aws.amazon.com/iot/latest/apireference/API_ViolationEvent.html) so that a consumer of Device Defender's
 * alarm notifications reads it unchanged, plus Watchpost's own details ({@link Details}, the {@code watchpost}
 * object). {@link ViolationEventJson} writes it.
 *
 * @param violationId         32 lowercase hex digits, the same for the in-alarm event and the one that ends it
 * @param thingName           the device
 * @param securityProfileName the profile
 * @param behavior            the behavior as loaded
 * @param metricValue         the datapoint that caused the transition, or null (invalidation has none)
 * @param type                the transition
 * @param time                when it happened ({@code violationEventTime}, epoch milliseconds in JSON)
 * @param details             the {@code watchpost} object
 */
public record ViolationEvent(String violationId, String thingName, String securityProfileName, Behavior behavior,
                             MetricValue metricValue, ViolationEventType type, Instant time, Details details) {

    /**
     * @param evaluationMode     static or self-baseline
     * @param offending          the elements (ports, addresses, values) or number that broke the rule, or null
     * @param offendingTotal     how many elements broke it (the list holds at most 100)
     * @param valueTotal         how many elements the measured list had (its {@code metricValue} holds at most 100;
     *                           written as {@code metricValueTotal} when it held more)
     * @param violating          consecutive violating datapoints at the transition
     * @param compliant          consecutive compliant datapoints at the transition
     * @param required           datapoints the transition needed ({@code consecutiveDatapointsToAlarm}/{@code ToClear})
     * @param window             the datapoint's window for a windowed metric, else null
     * @param threshold          self-baseline: the threshold the datapoint was compared with, else null
     * @param baselineDatapoints self-baseline: how many datapoints the threshold came from, else 0
     * @param violationStartTime when the alarm was raised
     * @param suppressed         the behavior has {@code suppressAlerts}: publish on local pub/sub only
     * @param reason             for an invalidation, why; else null
     * @param componentVersion   the Watchpost version that evaluated it
     */
    public record Details(EvaluationMode evaluationMode, MetricValue offending, int offendingTotal, int valueTotal,
                          int violating, int compliant, int required, DetectWindow window, BigDecimal threshold,
                          int baselineDatapoints, Instant violationStartTime, boolean suppressed, String reason,
                          String componentVersion) {
    }
}
