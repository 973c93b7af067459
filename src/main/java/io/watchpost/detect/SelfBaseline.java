package io.watchpost.detect;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code StatisticalMode: self-baseline}: a statistical behavior's threshold from this device's own datapoints, not
 * the fleet's (which only the cloud has). A bounded ring of the most recent datapoints; the threshold is the
 * behavior's percentile of them (nearest rank: an observed value), or their mean for CloudFormation's
 * {@code Average}. Fewer than the minimum datapoints: learning, no threshold.
 */
final class SelfBaseline {
    /** The statistics AWS's API accepts ({@code StatisticalThreshold.statistic}), plus CloudFormation's Average. */
    private static final Pattern PERCENTILE = Pattern.compile("p(0|0\\.1|0\\.01|1|10|50|90|99|99\\.9|99\\.99|100)");
    static final String AVERAGE = "Average";

    private final double[] ring;
    private int size;
    private int next;

    SelfBaseline(int capacity) {
        ring = new double[capacity];
    }

    /** @return the percentile (0–100) a statistic names, -1 for Average, empty when it is neither */
    static Optional<Double> percentile(String statistic) {
        if (AVERAGE.equals(statistic)) {
            return Optional.of(-1.0);
        }
        if (statistic == null || !PERCENTILE.matcher(statistic).matches()) {
            return Optional.empty();
        }
        return Optional.of(Double.parseDouble(statistic.substring(1)));
    }

    void add(double value) {
        ring[next] = value;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    int size() {
        return size;
    }

    int capacity() {
        return ring.length;
    }

    /** @param percentile 0–100, or -1 for the mean */
    BigDecimal threshold(double percentile) {
        double[] values = values();
        if (percentile < 0) {
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            return BigDecimal.valueOf(sum / values.length);
        }
        Arrays.sort(values);
        int rank = (int) Math.ceil(percentile / 100.0 * values.length);
        return BigDecimal.valueOf(values[Math.max(rank, 1) - 1]);
    }

    /** The datapoints oldest first. */
    double[] values() {
        double[] out = new double[size];
        int first = size < ring.length ? 0 : next;
        for (int i = 0; i < size; i++) {
            out[i] = ring[(first + i) % ring.length];
        }
        return out;
    }
}
