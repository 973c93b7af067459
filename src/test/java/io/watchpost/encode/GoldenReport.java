package io.watchpost.encode;

import io.watchpost.collect.Bounded;
import io.watchpost.collect.InterfaceCounters;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.collect.RemoteAddresses;
import io.watchpost.collect.PortSet;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.report.MetricsReport;
import io.watchpost.report.NetworkBaseline;
import io.watchpost.report.ReportAssembler;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The fixed report behind the golden files: every field kind, IPv4/IPv6/mapped peers, a counter above 2^63. */
final class GoldenReport {
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00.123Z");
    static final String BOOT = "5b1c4e0a-8d0f-4b2e-9a57-3f7c2d1e6a90";
    static final String NETWORK_SOURCE = "/host/proc/1/net";

    private GoldenReport() {}

    static NetworkSnapshot snapshot() {
        return new NetworkSnapshot(BOOT, NETWORK_SOURCE,
                new Bounded<>(List.of(new PortBinding(22, null), new PortBinding(443, "wlan0"),
                        new PortBinding(8883, "eth0")), 3),
                new Bounded<>(List.of(new PortBinding(68, "eth0"), new PortBinding(5353, null)), 2),
                new Bounded<>(List.of(
                        // an IPv4-mapped IPv6 peer arrives already written as plain IPv4
                        new TcpConnection("10.0.0.5:51514", 22, "eth0"),
                        new TcpConnection("192.168.1.7:8883", 40000, null),
                        new TcpConnection("[2001:db8::1]:443", 55000, "wlan0")), 3),
                List.of(new InterfaceCounters("lo", true, 5000, 50, 5000, 50),
                        // rx bytes above 2^63 so the delta is above Long.MAX_VALUE (unsigned in a long)
                        new InterfaceCounters("eth0", false, Long.parseUnsignedLong("10000000000000000000"), 2_000,
                                90_000, 1_500),
                        new InterfaceCounters("wlan0", false, 123_456, 789, 654_321, 987)),
                0,
                PortSet.empty(), PortSet.empty(), RemoteAddresses.empty());
    }

    static NetworkBaseline baseline() {
        return new NetworkBaseline(BOOT, NETWORK_SOURCE, List.of(
                new InterfaceCounters("lo", true, 1000, 10, 1000, 10),
                new InterfaceCounters("eth0", false, 100, 1_000, 40_000, 500),
                new InterfaceCounters("wlan0", false, 23_456, 89, 54_321, 87)));
    }

    static Map<String, CustomMetricValue> customMetrics() {
        return Map.of(
                "cpu_usage", new CustomMetricValue.Number(new BigDecimal("12.5")),
                "free_mem", new CustomMetricValue.Number(new BigDecimal("1024.000")),
                "cpu_user_usage", new CustomMetricValue.NumberList(List.of(new BigDecimal("1"),
                        new BigDecimal("2.5"), new BigDecimal("3E+2"), new BigDecimal("-7"))),
                "network_interface_names", new CustomMetricValue.StringList(List.of("eth0", "wlan0")),
                "neighbour_addresses", new CustomMetricValue.IpList(List.of("192.168.1.1", "fe80::1")));
    }

    static MetricsReport report() {
        return new ReportAssembler().assemble(snapshot(), baseline(), false, 0, NOW, customMetrics()).report();
    }
}
