package io.watchpost.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The on-device Detect part of the configuration (docs/detect.md). Off unless {@code SecurityProfiles} lists a profile.
 *
 * @param securityProfiles      the {@code SecurityProfiles} value as configured: profile objects (maps) and file paths
 *                              (strings); loaded and validated by {@code io.watchpost.detect.ProfileLoader}
 * @param detectInterval        {@code DetectIntervalSeconds}; empty: follow {@code SampleIntervalSeconds}
 * @param publishMetricsReports {@code PublishMetricsReports}: false stops reports to Device Defender, Detect goes on
 * @param selfBaseline          {@code StatisticalMode: self-baseline}: statistical behaviors against this device's
 *                              own history ({@code unsupported}, the default: false)
 * @param minBaselineDatapoints {@code MinBaselineDatapoints}: self-baseline datapoints before any alarm
 * @param invalidateAfter       {@code InvalidateAfterSeconds}: no datapoint for this long invalidates an alarm
 * @param learnBehavior         {@code LearnBehavior}: keep the learning history even without profiles
 * @param eventsTopic           {@code DetectEventsTopic}, {@code {thingName}} not yet replaced
 */
public record DetectSettings(List<Object> securityProfiles, Optional<Duration> detectInterval,
                             boolean publishMetricsReports, boolean selfBaseline, int minBaselineDatapoints,
                             Duration invalidateAfter, boolean learnBehavior, String eventsTopic) {
    public static final Duration MIN_DETECT_INTERVAL = Duration.ofSeconds(10);
    public static final String DEFAULT_EVENTS_TOPIC = "watchpost/things/{thingName}/detect/events";
    public static final String THING_NAME_PLACEHOLDER = "{thingName}";
    /** The recipe's value of {@code DetectIntervalSeconds} that means "sample when reporting". */
    public static final String FOLLOW_SAMPLE_INTERVAL = "SampleIntervalSeconds";
    /** The values of {@code StatisticalMode}. */
    public static final String STATISTICAL_UNSUPPORTED = "unsupported";
    public static final String STATISTICAL_SELF_BASELINE = "self-baseline";

    public DetectSettings {
        securityProfiles = List.copyOf(securityProfiles);
        Objects.requireNonNull(detectInterval, "detectInterval");
        Objects.requireNonNull(invalidateAfter, "invalidateAfter");
        Objects.requireNonNull(eventsTopic, "eventsTopic");
    }

    public static DetectSettings defaults() {
        return new DetectSettings(List.of(), Optional.empty(), true, false, 288,
                Duration.ofSeconds(172_800), false, DEFAULT_EVENTS_TOPIC);
    }

    /** Detect runs when at least one profile is configured. */
    public boolean enabled() {
        return !securityProfiles.isEmpty();
    }

    /** How often Detect samples, given the report interval it follows by default. */
    public Duration interval(Duration sampleInterval) {
        return detectInterval.orElse(sampleInterval);
    }

    /** The events topic of one thing. */
    public String eventsTopic(String thingName) {
        return eventsTopic.replace(THING_NAME_PLACEHOLDER, thingName);
    }

    public DetectSettings withSecurityProfiles(List<Object> profiles) {
        return new DetectSettings(profiles, detectInterval, publishMetricsReports, selfBaseline,
                minBaselineDatapoints, invalidateAfter, learnBehavior, eventsTopic);
    }

    public DetectSettings withDetectInterval(Optional<Duration> interval) {
        return new DetectSettings(securityProfiles, interval, publishMetricsReports, selfBaseline,
                minBaselineDatapoints, invalidateAfter, learnBehavior, eventsTopic);
    }

    public DetectSettings withPublishMetricsReports(boolean publish) {
        return new DetectSettings(securityProfiles, detectInterval, publish, selfBaseline, minBaselineDatapoints,
                invalidateAfter, learnBehavior, eventsTopic);
    }
}
