package io.watchpost.detect;

/**
 * {@code Behavior.metricDimension} (https://docs.aws.amazon.com/iot/latest/apireference/API_MetricDimension.html):
 * narrows a cloud-side metric, e.g. to a topic filter. Never evaluated on the device.
 *
 * @param dimensionName the dimension's name
 * @param operator      {@code IN} or {@code NOT_IN}, or null (means IN)
 */
public record MetricDimension(String dimensionName, String operator) {
}
