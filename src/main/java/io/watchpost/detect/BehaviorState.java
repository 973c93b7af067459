package io.watchpost.detect;

import java.time.Instant;

/**
 * The alarm state of one (profile, behavior), AWS's semantics
 * (https://docs.aws.amazon.com/iot/latest/apireference/API_BehaviorCriteria.html): in NORMAL, N violating
 * datapoints in a row raise the alarm; in ALARM, M compliant datapoints in a row clear it. A sample without a
 * datapoint changes neither count.
 */
final class BehaviorState {
    boolean inAlarm;
    /** Violating datapoints in a row (NORMAL), or at the time of the alarm. */
    int violating;
    /** Compliant datapoints in a row while in ALARM. */
    int compliant;
    String violationId;
    Instant violationStart;
    /** The last datapoint (or learning datapoint); invalidation counts from here. */
    Instant lastDatapoint;
    /** Windowed behaviors only. */
    WindowState window;
    /** Self-baseline behaviors only. */
    SelfBaseline history;
}
