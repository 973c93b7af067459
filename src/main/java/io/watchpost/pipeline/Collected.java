package io.watchpost.pipeline;

import io.watchpost.detect.DetectionSample;
import io.watchpost.detect.Observation;
import java.util.Optional;

/**
 * What one collection produced. The proc root is read once, whatever was asked for: the report is assembled from the
 * same snapshot Detect evaluates.
 *
 * @param report      the encoded report, when a report was asked for
 * @param detection   the Detect sample of the snapshot, when Detect was asked for
 * @param observation what the learning history takes from the snapshot (traffic left null: the caller knows the
 *                    previous sample), present with {@code detection}
 */
public record Collected(Optional<PreparedReport> report, Optional<DetectionSample> detection,
                        Optional<Observation> observation) {
    public static Collected reportOnly(PreparedReport report) {
        return new Collected(Optional.of(report), Optional.empty(), Optional.empty());
    }
}
