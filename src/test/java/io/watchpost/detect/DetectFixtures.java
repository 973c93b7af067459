package io.watchpost.detect;

import io.watchpost.collect.InterfaceCounters;
import io.watchpost.collect.PortSet;
import io.watchpost.collect.RemoteAddresses;
import io.watchpost.report.CustomMetricValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Samples, behaviors and engines for Detect's tests, spelled as briefly as the tables need. */
final class DetectFixtures {
    static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    static final String THING = "gw-01";

    private DetectFixtures() {
    }

    static Behavior behavior(String name, String metric, ComparisonOperator op, MetricValue value) {
        return behavior(name, metric, op, value, null, null, null);
    }

    static Behavior behavior(String name, String metric, ComparisonOperator op, MetricValue value, Integer duration,
                             Integer toAlarm, Integer toClear) {
        return new Behavior(name, metric, null, new Criteria(op, value, duration, toAlarm, toClear, null, null),
                null, null);
    }

    static SecurityProfile profile(Behavior... behaviors) {
        return new SecurityProfile("edge-baseline", null, List.of(behaviors));
    }

    static DetectEngine engine(Behavior... behaviors) {
        return engine(DetectEngine.Options.defaults("9.9.9"), behaviors);
    }

    static DetectEngine engine(DetectEngine.Options options, Behavior... behaviors) {
        return new DetectEngine(THING, List.of(profile(behaviors)), options, new SplittableRandom(7));
    }

    static RemoteAddresses addresses(String... texts) {
        RemoteAddresses.Builder b = RemoteAddresses.builder();
        for (String t : texts) {
            Cidr a = Cidr.parse(t);
            b.add(a.high(), a.low());
        }
        return b.build(true);
    }

    static Sample at(long seconds) {
        return new Sample(T0.plusSeconds(seconds));
    }

    /** A sample builder; every metric empty or zero unless set. */
    static final class Sample {
        private final Instant time;
        private String bootId = "boot-1";
        private String source = "/proc/net";
        private PortSet tcp = PortSet.of();
        private PortSet udp = PortSet.of();
        private int tcpListeners;
        private int udpListeners;
        private int established;
        private RemoteAddresses destinations = RemoteAddresses.empty();
        private final List<InterfaceCounters> interfaces = new ArrayList<>();
        private final Map<String, CustomMetricValue> custom = new HashMap<>();

        Sample(Instant time) {
            this.time = time;
        }

        Sample boot(String id) {
            bootId = id;
            return this;
        }

        Sample source(String s) {
            source = s;
            return this;
        }

        Sample tcp(int... ports) {
            tcp = PortSet.of(ports);
            tcpListeners = ports.length;
            return this;
        }

        Sample udp(int... ports) {
            udp = PortSet.of(ports);
            udpListeners = ports.length;
            return this;
        }

        Sample established(int n) {
            established = n;
            return this;
        }

        Sample destinations(String... texts) {
            destinations = addresses(texts);
            return this;
        }

        Sample destinations(RemoteAddresses a) {
            destinations = a;
            return this;
        }

        /** eth0 with these cumulative counters (bytes and packets both), plus a busy loopback. */
        Sample counters(long rxBytes, long txBytes) {
            return counters("eth0", rxBytes, txBytes);
        }

        Sample counters(String name, long rxBytes, long txBytes) {
            if (interfaces.isEmpty()) {
                interfaces.add(new InterfaceCounters("lo", true, 1_000_000_000L + time.getEpochSecond(), 1,
                        1_000_000_000L + time.getEpochSecond(), 1));
            }
            interfaces.add(new InterfaceCounters(name, false, rxBytes, Long.divideUnsigned(rxBytes, 100), txBytes,
                    Long.divideUnsigned(txBytes, 100)));
            return this;
        }

        Sample custom(String name, CustomMetricValue value) {
            custom.put(name, value);
            return this;
        }

        Sample number(String name, String value) {
            return custom(name, new CustomMetricValue.Number(new BigDecimal(value)));
        }

        DetectionSample build() {
            return new DetectionSample(time, bootId, source, tcp, udp, tcpListeners, udpListeners, established,
                    destinations, interfaces, custom);
        }
    }
}
