package io.watchpost.detect;

import java.util.List;

/**
 * The outcome of one detection sample.
 *
 * @param verdicts one per behavior of every profile, in profile and behavior order
 * @param events   the alarm transitions, in the same order (publish in this order)
 */
public record DetectResult(List<BehaviorVerdict> verdicts, List<ViolationEvent> events) {
    public DetectResult {
        verdicts = List.copyOf(verdicts);
        events = List.copyOf(events);
    }
}
