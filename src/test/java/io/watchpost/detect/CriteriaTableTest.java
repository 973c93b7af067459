package io.watchpost.detect;

import static io.watchpost.detect.ComparisonOperator.GREATER_THAN;
import static io.watchpost.detect.ComparisonOperator.GREATER_THAN_EQUALS;
import static io.watchpost.detect.ComparisonOperator.IN_CIDR_SET;
import static io.watchpost.detect.ComparisonOperator.IN_PORT_SET;
import static io.watchpost.detect.ComparisonOperator.IN_SET;
import static io.watchpost.detect.ComparisonOperator.LESS_THAN;
import static io.watchpost.detect.ComparisonOperator.LESS_THAN_EQUALS;
import static io.watchpost.detect.ComparisonOperator.NOT_IN_CIDR_SET;
import static io.watchpost.detect.ComparisonOperator.NOT_IN_PORT_SET;
import static io.watchpost.detect.ComparisonOperator.NOT_IN_SET;
import static io.watchpost.detect.DetectFixtures.at;
import static io.watchpost.detect.DetectFixtures.behavior;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.watchpost.collect.RemoteAddresses;
import io.watchpost.report.CustomMetricValue;
import java.math.BigDecimal;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator on every value type it applies to, one datapoint each: compliant or violating exactly as AWS's
 * predicate says (a behavior describes normal), with the offending elements named, and empty lists compliant.
 */
class CriteriaTableTest {
    private static final BehaviorVerdict.Status OK = BehaviorVerdict.Status.COMPLIANT;
    private static final BehaviorVerdict.Status BAD = BehaviorVerdict.Status.VIOLATING;
    private static final BehaviorVerdict.Status NONE = BehaviorVerdict.Status.NO_DATAPOINT;

    private static MetricValue count(long c) {
        return MetricValue.ofCount(c);
    }

    private static MetricValue number(String n) {
        return MetricValue.ofNumber(new BigDecimal(n));
    }

    private static List<BigDecimal> decimals(String... n) {
        return Stream.of(n).map(BigDecimal::new).toList();
    }

    private static Arguments row(String name, Behavior b, UnaryOperator<DetectFixtures.Sample> sample,
                                 BehaviorVerdict.Status status, MetricValue offending) {
        return Arguments.of(name, b, sample, status, offending);
    }

    static Stream<Arguments> table() {
        String est = "aws:num-established-tcp-connections";
        Behavior lt = behavior("lt", est, LESS_THAN, count(10));
        Behavior le = behavior("le", est, LESS_THAN_EQUALS, count(10));
        Behavior gt = behavior("gt", est, GREATER_THAN, count(0));
        Behavior ge = behavior("ge", est, GREATER_THAN_EQUALS, count(3));
        Behavior tcpCount = behavior("tcpn", "aws:num-listening-tcp-ports", LESS_THAN_EQUALS, count(2));
        Behavior udpCount = behavior("udpn", "aws:num-listening-udp-ports", GREATER_THAN_EQUALS, count(1));
        Behavior cpu = behavior("cpu", "cpu_usage", LESS_THAN, number("75"));
        Behavior cpuLe = behavior("cpule", "cpu_usage", LESS_THAN_EQUALS, number("75.0"));
        Behavior tcpAllowed = behavior("tcp", "aws:listening-tcp-ports", IN_PORT_SET, MetricValue.ofPorts(
                List.of(22, 443)));
        Behavior udpDenied = behavior("udp", "aws:listening-udp-ports", NOT_IN_PORT_SET, MetricValue.ofPorts(
                List.of(23, 69)));
        Behavior destAllowed = behavior("dst", "aws:destination-ip-addresses", IN_CIDR_SET, MetricValue.ofCidrs(
                List.of("10.0.0.0/8", "2001:db8::/32")));
        Behavior destDenied = behavior("dst-deny", "aws:destination-ip-addresses", NOT_IN_CIDR_SET,
                MetricValue.ofCidrs(List.of("198.51.100.0/24")));
        Behavior ifAllowed = behavior("ifs", "network_interface_names", IN_SET, MetricValue.ofStrings(
                List.of("eth0", "wlan0")));
        Behavior procDenied = behavior("procs", "process_names", NOT_IN_SET, MetricValue.ofStrings(
                List.of("telnetd")));
        Behavior numsAllowed = behavior("nums", "modes", IN_SET, MetricValue.ofNumbers(decimals("1", "2")));
        Behavior numsDenied = behavior("nums-deny", "modes", NOT_IN_SET, MetricValue.ofNumbers(decimals("7")));
        Behavior ipsAllowed = behavior("ips", "local_ip_addresses", IN_CIDR_SET, MetricValue.ofCidrs(
                List.of("192.168.1.0/24")));
        Behavior portsOnNumber = behavior("mismatch", "cpu_usage", IN_PORT_SET, MetricValue.ofPorts(List.of(1)));
        return Stream.of(
                row("less-than below", lt, s -> s.established(9), OK, null),
                row("less-than equal violates", lt, s -> s.established(10), BAD, count(10)),
                row("less-than-equals equal", le, s -> s.established(10), OK, null),
                row("less-than-equals above", le, s -> s.established(11), BAD, count(11)),
                row("greater-than 0 with 0 violates (AWS CLI sample)", gt, s -> s.established(0), BAD, count(0)),
                row("greater-than above", gt, s -> s.established(1), OK, null),
                row("greater-than-equals equal", ge, s -> s.established(3), OK, null),
                row("greater-than-equals below", ge, s -> s.established(2), BAD, count(2)),
                row("num-listening-tcp-ports", tcpCount, s -> s.tcp(22, 80, 443), BAD, count(3)),
                row("num-listening-udp-ports none", udpCount, s -> s, BAD, count(0)),
                row("custom number less-than", cpu, s -> s.number("cpu_usage", "80.5"), BAD, number("80.5")),
                row("custom number below", cpu, s -> s.number("cpu_usage", "74.99"), OK, null),
                row("custom number 75 <= 75.0", cpuLe, s -> s.number("cpu_usage", "75"), OK, null),
                row("in-port-set outside", tcpAllowed, s -> s.tcp(22, 443, 8443), BAD,
                        MetricValue.ofPorts(List.of(8443))),
                row("in-port-set inside", tcpAllowed, s -> s.tcp(22), OK, null),
                row("in-port-set empty list", tcpAllowed, s -> s, OK, null),
                row("not-in-port-set denied", udpDenied, s -> s.udp(23, 53, 69), BAD,
                        MetricValue.ofPorts(List.of(23, 69))),
                row("not-in-port-set fine", udpDenied, s -> s.udp(53), OK, null),
                row("in-cidr-set v4 and v6 outside", destAllowed,
                        s -> s.destinations("10.1.1.1", "8.8.8.8", "2001:db8::5", "2001:db9::1"), BAD,
                        MetricValue.ofCidrs(List.of("8.8.8.8", "2001:db9::1"))),
                row("in-cidr-set mapped inside", destAllowed, s -> s.destinations("::ffff:10.2.3.4"), OK, null),
                row("in-cidr-set empty list", destAllowed, s -> s, OK, null),
                row("not-in-cidr-set mapped peer named as v4", destDenied,
                        s -> s.destinations("::ffff:198.51.100.9", "203.0.113.1"), BAD,
                        MetricValue.ofCidrs(List.of("198.51.100.9"))),
                row("not-in-cidr-set fine", destDenied, s -> s.destinations("203.0.113.1"), OK, null),
                row("in-set strings outside", ifAllowed, s -> s.custom("network_interface_names",
                        new CustomMetricValue.StringList(List.of("eth0", "tun0"))), BAD,
                        MetricValue.ofStrings(List.of("tun0"))),
                row("in-set strings empty", ifAllowed, s -> s.custom("network_interface_names",
                        new CustomMetricValue.StringList(List.of())), OK, null),
                row("not-in-set strings denied", procDenied, s -> s.custom("process_names",
                        new CustomMetricValue.StringList(List.of("sshd", "telnetd"))), BAD,
                        MetricValue.ofStrings(List.of("telnetd"))),
                row("in-set numbers: 1.0 is 1, 3 is not in", numsAllowed, s -> s.custom("modes",
                        new CustomMetricValue.NumberList(decimals("1.0", "3"))), BAD,
                        MetricValue.ofNumbers(decimals("3"))),
                row("not-in-set numbers fine", numsDenied, s -> s.custom("modes",
                        new CustomMetricValue.NumberList(decimals("1", "2"))), OK, null),
                row("not-in-set numbers denied", numsDenied, s -> s.custom("modes",
                        new CustomMetricValue.NumberList(decimals("7.00"))), BAD,
                        MetricValue.ofNumbers(decimals("7.00"))),
                row("custom ip-address-list in-cidr-set", ipsAllowed, s -> s.custom("local_ip_addresses",
                        new CustomMetricValue.IpList(List.of("192.168.1.20", "172.17.0.1"))), BAD,
                        MetricValue.ofCidrs(List.of("172.17.0.1"))),
                row("port operator on a number: no datapoint", portsOnNumber, s -> s.number("cpu_usage", "1"), NONE,
                        null),
                row("custom metric absent: no datapoint", cpu, s -> s, NONE, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void one_datapoint(String name, Behavior b, UnaryOperator<DetectFixtures.Sample> sample,
                       BehaviorVerdict.Status status, MetricValue offending) {
        DetectEngine engine = DetectFixtures.engine(b);
        DetectResult r = engine.evaluate(sample.apply(at(0)).build());
        BehaviorVerdict v = r.verdicts().get(0);
        assertEquals(status, v.status(), v.note());
        if (status == NONE) {
            assertNull(v.judgement());
            assertEquals(List.of(), r.events());
            return;
        }
        assertEquals(offending, v.judgement().offending());
        // consecutiveDatapointsToAlarm defaults to 1: a violating datapoint raises the alarm at once
        assertEquals(status == BAD ? 1 : 0, r.events().size());
        if (status == BAD) {
            ViolationEvent e = r.events().get(0);
            assertEquals(ViolationEventType.IN_ALARM, e.type());
            assertEquals(offending, e.details().offending());
        }
    }

    @Test
    void incomplete_list_that_complies_gives_no_datapoint_but_a_violation_found_in_it_counts() {
        Behavior allowed = behavior("dst", "aws:destination-ip-addresses", IN_CIDR_SET,
                MetricValue.ofCidrs(List.of("10.0.0.0/8")));
        DetectEngine engine = DetectFixtures.engine(allowed);
        // the collector stopped at its bound: what it has complies, the rest is unknown
        RemoteAddresses cut = RemoteAddresses.builder().addIpv4(0x0A00_0001).build(false);
        assertEquals(NONE, engine.evaluate(at(0).destinations(cut).build()).verdicts().get(0).status());
        RemoteAddresses cutBad = RemoteAddresses.builder().addIpv4(0x0A00_0001).addIpv4(0xC633_6407).build(false);
        BehaviorVerdict v = engine.evaluate(at(10).destinations(cutBad).build()).verdicts().get(0);
        assertEquals(BAD, v.status());
        assertEquals(MetricValue.ofCidrs(List.of("198.51.100.7")), v.judgement().offending());
    }

    @Test
    void long_lists_are_listed_up_to_100_offending_first_and_counted_in_full() {
        Behavior allowed = behavior("dst", "aws:destination-ip-addresses", IN_CIDR_SET,
                MetricValue.ofCidrs(List.of("10.0.0.0/8")));
        RemoteAddresses.Builder b = RemoteAddresses.builder();
        for (int i = 0; i < 5_000; i++) {
            b.addIpv4(0x0A00_0000 | i);          // 10.0.x.y: allowed
        }
        for (int i = 0; i < 150; i++) {
            b.addIpv4(0xC633_6400 | i);          // 198.51.100.i: not allowed
        }
        DetectResult r = DetectFixtures.engine(allowed).evaluate(at(0).destinations(b.build(true)).build());
        Judgement j = r.verdicts().get(0).judgement();
        assertEquals(150, j.offendingTotal());
        assertEquals(5_150, j.elementTotal());
        assertEquals(Criterion.LISTED, j.offending().cidrs().size());
        assertEquals("198.51.100.0", j.offending().cidrs().get(0));
        assertEquals(Criterion.LISTED, j.value().cidrs().size());
        assertEquals(j.offending().cidrs(), j.value().cidrs());
    }
}
