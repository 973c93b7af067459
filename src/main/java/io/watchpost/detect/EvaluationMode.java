package io.watchpost.detect;

/** How a behavior is evaluated on the device; {@link #wireName} is {@code watchpost.evaluationMode} in events. */
public enum EvaluationMode {
    /** {@code comparisonOperator} + {@code value}, exactly as the cloud evaluates it. */
    STATIC("static"),
    /** {@code statisticalThreshold} against this device's own history (the cloud uses the fleet's). */
    SELF_BASELINE("self-baseline"),
    /** Never evaluated here: cloud-side metric, metricDimension, ML, or statistical without self-baseline. */
    UNSUPPORTED("unsupported-on-device");

    private final String wireName;

    EvaluationMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
