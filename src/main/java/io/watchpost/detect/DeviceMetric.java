package io.watchpost.detect;

import java.util.Optional;
import java.util.Set;

/**
 * The device-side {@code aws:} metrics a Watchpost collection carries
 * (https://docs.aws.amazon.com/iot-device-defender/latest/devguide/detect-device-side-metrics.html), with the
 * operator family each accepts and whether its datapoint is a window of deltas ({@code durationSeconds}) or one
 * value per detection sample.
 */
public enum DeviceMetric {
    ALL_BYTES_OUT("aws:all-bytes-out", ComparisonOperator.Family.NUMERIC, true),
    ALL_BYTES_IN("aws:all-bytes-in", ComparisonOperator.Family.NUMERIC, true),
    ALL_PACKETS_OUT("aws:all-packets-out", ComparisonOperator.Family.NUMERIC, true),
    ALL_PACKETS_IN("aws:all-packets-in", ComparisonOperator.Family.NUMERIC, true),
    NUM_LISTENING_TCP_PORTS("aws:num-listening-tcp-ports", ComparisonOperator.Family.NUMERIC, false),
    NUM_LISTENING_UDP_PORTS("aws:num-listening-udp-ports", ComparisonOperator.Family.NUMERIC, false),
    NUM_ESTABLISHED_TCP_CONNECTIONS("aws:num-established-tcp-connections", ComparisonOperator.Family.NUMERIC, false),
    LISTENING_TCP_PORTS("aws:listening-tcp-ports", ComparisonOperator.Family.PORT_SET, false),
    LISTENING_UDP_PORTS("aws:listening-udp-ports", ComparisonOperator.Family.PORT_SET, false),
    DESTINATION_IP_ADDRESSES("aws:destination-ip-addresses", ComparisonOperator.Family.CIDR_SET, false);

    /** Cloud-side metrics: valid in a profile, never evaluable on a device (loaded as unsupported-on-device). */
    public static final Set<String> CLOUD_SIDE = Set.of("aws:message-byte-size", "aws:num-messages-sent",
            "aws:num-messages-received", "aws:num-authorization-failures", "aws:num-connection-attempts",
            "aws:num-disconnects", "aws:source-ip-address");

    /** {@code durationSeconds} values AWS accepts for the windowed device-side metrics. */
    public static final Set<Integer> DURATIONS = Set.of(300, 600, 900, 1800, 3600);

    private final String wireName;
    private final ComparisonOperator.Family family;
    private final boolean windowed;

    DeviceMetric(String wireName, ComparisonOperator.Family family, boolean windowed) {
        this.wireName = wireName;
        this.family = family;
        this.windowed = windowed;
    }

    public String wireName() {
        return wireName;
    }

    public ComparisonOperator.Family family() {
        return family;
    }

    /** True for the byte and packet counters: one datapoint per {@code durationSeconds} window, a sum of deltas. */
    public boolean windowed() {
        return windowed;
    }

    public static Optional<DeviceMetric> fromWireName(String name) {
        for (DeviceMetric m : values()) {
            if (m.wireName.equals(name)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
