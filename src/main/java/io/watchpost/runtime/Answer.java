package io.watchpost.runtime;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * Device Defender's answer to one report.
 *
 * @param status       which topic it came on
 * @param reportId     the report it answers; AWS documents it for accepted answers only, so it may be missing
 * @param errorCode    {@code statusDetails.ErrorCode} of a rejection (for example {@code Throttled}), else empty
 * @param errorMessage {@code statusDetails.ErrorMessage} of a rejection, else empty
 */
public record Answer(Status status, OptionalLong reportId, String errorCode, String errorMessage) {
    public enum Status { ACCEPTED, REJECTED }

    public Answer {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reportId, "reportId");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(errorMessage, "errorMessage");
    }

    /** The id for a log line: the number, or "unknown". */
    public String shownId() {
        return reportId.isPresent() ? Long.toString(reportId.getAsLong()) : "unknown";
    }
}
