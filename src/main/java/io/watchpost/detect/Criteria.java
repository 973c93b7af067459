package io.watchpost.detect;

/**
 * AWS's {@code BehaviorCriteria} (https://docs.aws.amazon.com/iot/latest/apireference/API_BehaviorCriteria.html), as
 * loaded: a field absent from the input is null, so that validation can tell "absent" from "default" and an event can
 * carry the behavior as the operator wrote it. One of three shapes: static ({@code comparisonOperator} + {@code value}),
 * statistical ({@code comparisonOperator} + {@code statisticalThreshold} + {@code durationSeconds}) or ML
 * ({@code mlDetectionConfig} only).
 *
 * @param comparisonOperator           the operator, or null
 * @param value                        the static threshold, or null
 * @param durationSeconds              the window of a time-dimension metric, or null
 * @param consecutiveDatapointsToAlarm 1–10, or null (means 1)
 * @param consecutiveDatapointsToClear 1–10, or null (means 1)
 * @param statistic                    {@code statisticalThreshold.statistic} (e.g. {@code p90}), or null
 * @param mlConfidenceLevel            {@code mlDetectionConfig.confidenceLevel} (LOW, MEDIUM, HIGH), or null
 */
public record Criteria(ComparisonOperator comparisonOperator, MetricValue value, Integer durationSeconds,
                       Integer consecutiveDatapointsToAlarm, Integer consecutiveDatapointsToClear, String statistic,
                       String mlConfidenceLevel) {

    public int datapointsToAlarm() {
        return consecutiveDatapointsToAlarm == null ? 1 : consecutiveDatapointsToAlarm;
    }

    public int datapointsToClear() {
        return consecutiveDatapointsToClear == null ? 1 : consecutiveDatapointsToClear;
    }

    public boolean isStatistical() {
        return statistic != null;
    }

    public boolean isMachineLearning() {
        return mlConfidenceLevel != null;
    }
}
