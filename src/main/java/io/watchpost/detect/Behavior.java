package io.watchpost.detect;

/**
 * One element of a Security Profile's {@code behaviors[]}
 * (https://docs.aws.amazon.com/iot/latest/apireference/API_Behavior.html), as loaded; absent fields are null.
 *
 * @param name            1–128 characters of {@code [a-zA-Z0-9:_-]}; unique within its profile
 * @param metric          an {@code aws:} metric or a custom metric name, or null
 * @param metricDimension the dimension, or null
 * @param criteria        the criteria, or null
 * @param suppressAlerts  evaluate but do not notify IoT Core, or null (false)
 * @param exportMetric    AWS's metrics export flag, kept only to be echoed back, or null
 */
public record Behavior(String name, String metric, MetricDimension metricDimension, Criteria criteria,
                       Boolean suppressAlerts, Boolean exportMetric) {

    public boolean suppressed() {
        return Boolean.TRUE.equals(suppressAlerts);
    }
}
