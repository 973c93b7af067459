package io.watchpost.detect;

import java.util.Optional;

/**
 * A behavior prepared for evaluation: what it measures, whether per sample or per window, in which mode, and its
 * comparison ready to apply; or why it cannot be evaluated on a device.
 */
final class CompiledBehavior {
    final String profileName;
    final Behavior behavior;
    /** Profile and behavior name: the alarm's identity. */
    final String key;
    final EvaluationMode mode;
    final String unsupportedReason;
    final Criterion criterion;
    /** The device-side metric, or null for a custom metric. */
    final DeviceMetric deviceMetric;
    /** The window length, or 0 for one datapoint per sample. */
    final int durationSeconds;
    /** Self-baseline: the percentile (0–100) or -1 for the mean. */
    final double percentile;

    private CompiledBehavior(String profileName, Behavior behavior, EvaluationMode mode, String unsupportedReason,
                             Criterion criterion, DeviceMetric deviceMetric, int durationSeconds, double percentile) {
        this.profileName = profileName;
        this.behavior = behavior;
        this.key = key(profileName, behavior.name());
        this.mode = mode;
        this.unsupportedReason = unsupportedReason;
        this.criterion = criterion;
        this.deviceMetric = deviceMetric;
        this.durationSeconds = durationSeconds;
        this.percentile = percentile;
    }

    static String key(String profileName, String behaviorName) {
        return profileName + "/" + behaviorName;
    }

    /** Byte and packet counters: the window's value is a sum of deltas. */
    boolean counter() {
        return deviceMetric != null && deviceMetric.windowed();
    }

    boolean windowed() {
        return durationSeconds > 0;
    }

    static CompiledBehavior compile(String profileName, Behavior b, boolean selfBaseline) {
        Criteria c = b.criteria();
        String metric = b.metric();
        if (metric == null) {
            return unsupported(profileName, b, "the behavior names no metric");
        }
        if (b.metricDimension() != null) {
            return unsupported(profileName, b, "metricDimension narrows a cloud-side metric");
        }
        if (DeviceMetric.CLOUD_SIDE.contains(metric)) {
            return unsupported(profileName, b, metric + " is a cloud-side metric");
        }
        Optional<DeviceMetric> device = DeviceMetric.fromWireName(metric);
        if (device.isEmpty() && metric.startsWith("aws:")) {
            return unsupported(profileName, b, metric + " is not a device-side metric Watchpost collects");
        }
        if (c == null) {
            return unsupported(profileName, b, "the behavior has no criteria");
        }
        if (c.isMachineLearning()) {
            return unsupported(profileName, b, "ML Detect needs the fleet's data and daily retraining");
        }
        double percentile = 0;
        if (c.isStatistical()) {
            if (!selfBaseline) {
                return unsupported(profileName, b, "statisticalThreshold is a fleet percentile; StatisticalMode "
                        + "self-baseline evaluates it against this device's own history");
            }
            Optional<Double> p = SelfBaseline.percentile(c.statistic());
            if (p.isEmpty()) {
                return unsupported(profileName, b, "statistic \"" + c.statistic() + "\" is not p0…p100 or Average");
            }
            percentile = p.get();
        }
        DeviceMetric dm = device.orElse(null);
        int duration = 0;
        if (c.durationSeconds() != null && c.durationSeconds() > 0
                && c.comparisonOperator() != null
                && c.comparisonOperator().family() == ComparisonOperator.Family.NUMERIC) {
            duration = c.durationSeconds();
        }
        if (dm != null && dm.windowed() && duration == 0) {
            return unsupported(profileName, b, metric + " needs durationSeconds (300, 600, 900, 1800 or 3600)");
        }
        Criterion criterion;
        try {
            criterion = new Criterion(c, c.isStatistical());
        } catch (IllegalArgumentException e) {
            return unsupported(profileName, b, e.getMessage());
        }
        if (dm != null && dm.family() != criterion.operator().family()) {
            return unsupported(profileName, b, metric + " cannot be compared with "
                    + criterion.operator().wireName());
        }
        return new CompiledBehavior(profileName, b, c.isStatistical() ? EvaluationMode.SELF_BASELINE
                : EvaluationMode.STATIC, null, criterion, dm, duration, percentile);
    }

    private static CompiledBehavior unsupported(String profileName, Behavior b, String reason) {
        return new CompiledBehavior(profileName, b, EvaluationMode.UNSUPPORTED, reason, null, null, 0, 0);
    }
}
