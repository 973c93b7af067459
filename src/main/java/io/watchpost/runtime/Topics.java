package io.watchpost.runtime;

import io.watchpost.config.ReportFormat;


/** The Device Defender MQTT topics of one thing. The recipe's accessControl must allow exactly these. */
public record Topics(String thingName) {

    /** {@code $aws/things/<thing>/defender/metrics/<json|cbor>}: where reports are published. */
    public String metrics(ReportFormat format) {
        return "$aws/things/" + thingName + "/defender/metrics/" + format.topicSegment();
    }

    /** Where Device Defender answers that a report was accepted. */
    public String accepted(ReportFormat format) {
        return metrics(format) + "/accepted";
    }

    /** Where Device Defender answers that a report was rejected. */
    public String rejected(ReportFormat format) {
        return metrics(format) + "/rejected";
    }
}
