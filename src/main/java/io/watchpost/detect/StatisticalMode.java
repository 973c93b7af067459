package io.watchpost.detect;

import java.util.Optional;

/**
 * What a behavior with {@code statisticalThreshold} becomes on the device. AWS computes the percentile over every
 * device of the profile, which one device cannot reproduce, so by default such a behavior is kept unsupported; the
 * opt-in {@code self-baseline} evaluates it against this device's own history instead, labelled as such.
 */
public enum StatisticalMode {
    /** Statistical behaviors load as unsupported-on-device (the default). */
    UNSUPPORTED("unsupported-on-device"),
    /** Statistical behaviors on device-side and custom numeric metrics are evaluable against this device's history. */
    SELF_BASELINE("self-baseline");

    private final String configName;

    StatisticalMode(String configName) {
        this.configName = configName;
    }

    /** The value of the {@code StatisticalMode} configuration key. */
    public String configName() {
        return configName;
    }

    public static Optional<StatisticalMode> fromConfig(String value) {
        for (StatisticalMode m : values()) {
            if (m.configName.equals(value)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
