package io.watchpost.detect;

import java.math.BigDecimal;

/**
 * What one sample meant for one behavior: for the {@code detect} command's output and the integrator's state document.
 *
 * @param profileName the profile
 * @param behavior    the behavior as loaded
 * @param mode        how it is evaluated
 * @param status      the datapoint's outcome, or why there is none
 * @param judgement   the datapoint's value and offending elements, or null without a datapoint
 * @param window      the closed window the datapoint came from (windowed metrics), or null
 * @param threshold   self-baseline: the threshold in force, else null
 * @param inAlarm     the behavior's alarm state after this sample
 * @param note        why there is no datapoint (or why unsupported), else null
 */
public record BehaviorVerdict(String profileName, Behavior behavior, EvaluationMode mode, Status status,
                              Judgement judgement, DetectWindow window, BigDecimal threshold, boolean inAlarm,
                              String note) {

    public enum Status {
        COMPLIANT, VIOLATING,
        /** No datapoint this sample (window open, metric absent, reset in the window...): the streak pauses. */
        NO_DATAPOINT,
        /** Self-baseline still collecting its minimum history: no alarm. */
        LEARNING,
        /** Not evaluable on a device. */
        UNSUPPORTED
    }
}
