package io.watchpost.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CidrSetTest {
    static Stream<Arguments> matches() {
        return Stream.of(
                Arguments.of("v4 inside /24", List.of("10.0.0.0/24"), "10.0.0.255", true),
                Arguments.of("v4 just past /24", List.of("10.0.0.0/24"), "10.0.1.0", false),
                Arguments.of("v4 /32 exact", List.of("192.0.2.7/32"), "192.0.2.7", true),
                Arguments.of("v4 /32 neighbour", List.of("192.0.2.7/32"), "192.0.2.8", false),
                Arguments.of("bare v4 is a host", List.of("192.0.2.7"), "192.0.2.7", true),
                Arguments.of("v4 /0 matches every v4", List.of("0.0.0.0/0"), "255.255.255.255", true),
                Arguments.of("v4 /0 does not match v6", List.of("0.0.0.0/0"), "2001:db8::1", false),
                Arguments.of("host bits below the prefix ignored", List.of("10.1.2.3/8"), "10.200.0.1", true),
                Arguments.of("mapped address is its v4", List.of("10.0.0.0/8"), "::ffff:10.9.8.7", true),
                Arguments.of("mapped CIDR is a v4 CIDR", List.of("::ffff:10.0.0.0/104"), "10.1.1.1", true),
                Arguments.of("mapped CIDR outside", List.of("::ffff:10.0.0.0/104"), "11.1.1.1", false),
                Arguments.of("v6 /32", List.of("2001:db8::/32"), "2001:db8:ffff::1", true),
                Arguments.of("v6 /32 outside", List.of("2001:db8::/32"), "2001:db9::1", false),
                Arguments.of("v6 /128 exact", List.of("2001:db8::1/128"), "2001:db8::1", true),
                Arguments.of("v6 /128 neighbour", List.of("2001:db8::1/128"), "2001:db8::2", false),
                Arguments.of("v6 /64 boundary in low word", List.of("2001:db8:0:1::/64"), "2001:db8:0:1:ffff::", true),
                Arguments.of("v6 /65", List.of("2001:db8::/65"), "2001:db8::8000:0:0:0", false),
                Arguments.of("::/0 matches every v6", List.of("::/0"), "ffff::1", true),
                Arguments.of("::/0 does not match v4", List.of("::/0"), "10.0.0.1", false),
                Arguments.of("v6 CIDR never matches v4", List.of("::/96"), "1.2.3.4", false),
                Arguments.of("one of many", List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"), "172.31.0.1",
                        true),
                Arguments.of("between many", List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"), "172.32.0.1",
                        false),
                Arguments.of("overlapping merge", List.of("10.0.0.0/16", "10.0.0.0/8", "10.5.0.0/16"), "10.99.0.1",
                        true),
                Arguments.of("empty set matches nothing", List.of(), "10.0.0.1", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matches")
    void matches(String name, List<String> cidrs, String address, boolean expected) {
        Cidr a = Cidr.parse(address);
        assertEquals(expected, CidrSet.parse(cidrs).contains(a.high(), a.low()));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("invalid")
    void invalid(String cidr, String mentions) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CidrSet.parse(List.of(cidr)));
        assertTrue(e.getMessage().contains(cidr) && e.getMessage().contains(mentions), e.getMessage());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("10.0.0.0/33", "0-32"),
                Arguments.of("2001:db8::/129", "0-128"),
                Arguments.of("10.0.0/8", "not an IPv4 or IPv6 address"),
                Arguments.of("10.0.0.256/8", "not an IPv4 or IPv6 address"),
                Arguments.of("10.0.0.0/", "prefix length"),
                Arguments.of("10.0.0.0/-1", "prefix length"),
                Arguments.of("2001:db8::1::2/64", "not an IPv4 or IPv6 address"),
                Arguments.of("example.com/8", "not an IPv4 or IPv6 address"),
                Arguments.of("fe80::1%eth0/64", "not an IPv4 or IPv6 address"),
                Arguments.of("::ffff:0:0/95", "at least /96"));
    }

    @org.junit.jupiter.api.Test
    void the_sorted_walk_answers_as_the_binary_search_in_any_order() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 200; round++) {
            List<String> cidrs = new java.util.ArrayList<>();
            for (int i = random.nextInt(12); i > 0; i--) {
                cidrs.add(random.nextBoolean()
                        ? (random.nextInt(4) + 10) + "." + random.nextInt(4) + ".0.0/" + (8 + random.nextInt(25))
                        : "2001:db8:" + Integer.toHexString(random.nextInt(4)) + "::/" + (32 + random.nextInt(97)));
            }
            CidrSet set = CidrSet.parse(cidrs);
            io.watchpost.collect.RemoteAddresses.Builder b = io.watchpost.collect.RemoteAddresses.builder();
            for (int i = 0; i < 300; i++) {
                if (random.nextBoolean()) {
                    b.addIpv4(((random.nextInt(4) + 10) << 24) | (random.nextInt(4) << 16) | random.nextInt(65536));
                } else {
                    b.add(0x2001_0db8_0000_0000L | ((long) random.nextInt(4) << 16), random.nextLong());
                }
            }
            io.watchpost.collect.RemoteAddresses sorted = b.build(true);
            CidrSet.Lookup walk = set.lookup();
            for (int i = 0; i < sorted.size(); i++) {
                assertEquals(set.contains(sorted.high(i), sorted.low(i)), walk.contains(sorted.high(i), sorted.low(i)),
                        cidrs + " " + sorted.text(i));
            }
            CidrSet.Lookup shuffled = set.lookup();
            for (int k = 0; k < sorted.size(); k++) {
                int i = random.nextInt(sorted.size());
                assertEquals(set.contains(sorted.high(i), sorted.low(i)),
                        shuffled.contains(sorted.high(i), sorted.low(i)), cidrs + " " + sorted.text(i));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void adjacent_ranges_merge_into_one() {
        assertEquals(1, CidrSet.parse(List.of("10.0.0.0/25", "10.0.0.128/25", "10.0.0.0/24")).ranges());
        assertEquals(1, CidrSet.parse(List.of("2001:db8::/33", "2001:db8:8000::/33")).ranges());
        assertEquals(2, CidrSet.parse(List.of("10.0.0.0/25", "10.0.1.0/25")).ranges());
    }
}
