package io.watchpost.encode;

import java.util.Locale;
import java.util.Optional;

/** Payload encoding of a report; it also names the last segment of the Device Defender topic. */
public enum ReportFormat {
    JSON("json"),
    CBOR("cbor");

    private final String topicSegment;

    ReportFormat(String topicSegment) {
        this.topicSegment = topicSegment;
    }

    /** The lower-case segment used in {@code $aws/things/<thing>/defender/metrics/<segment>} and in configuration. */
    public String topicSegment() {
        return topicSegment;
    }

    public static Optional<ReportFormat> fromConfig(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (ReportFormat f : values()) {
            if (f.topicSegment.equals(v)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
