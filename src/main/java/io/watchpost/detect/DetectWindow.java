package io.watchpost.detect;

import java.time.Instant;

/** A tumbling window of {@code durationSeconds}: {@code [start, end)}. */
public record DetectWindow(Instant start, Instant end, int durationSeconds) {
}
