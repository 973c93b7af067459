package io.watchpost.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.collect.TcpConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {
    /** An address as the collector holds a peer (IPv4 IPv4-mapped). */
    private static long[] peer(String text) {
        TcpConnection c = new TcpConnection(text.contains(":") ? "[" + text + "]:1" : text + ":1", 0, null);
        return new long[] {c.remoteHigh(), c.remoteLow()};
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.0/8, 10.255.1.2, true",
            "10.0.0.0/8, 11.0.0.1, false",
            "10.1.2.3/8, 10.9.9.9, true",          // host bits below the prefix are ignored
            "0.0.0.0/0, 203.0.113.9, true",
            "0.0.0.0/0, 2001:db8::1, false",       // an IPv4 CIDR never matches an IPv6 peer
            "192.0.2.7, 192.0.2.7, true",          // no prefix: one host
            "192.0.2.7, 192.0.2.8, false",
            "::ffff:198.51.100.0/120, 198.51.100.77, true", // IPv4-mapped CIDR is the IPv4 /24
            "::ffff:198.51.100.0/120, 198.51.101.1, false",
            "2001:db8::/32, 2001:db8:ffff::1, true",
            "2001:db8::/32, 2001:db9::1, false",
            "::/0, 2001:db8::1, true",
            "::/0, 10.0.0.1, false",               // an IPv6 CIDR never matches an IPv4(-mapped) peer
            "2001:db8::1/128, 2001:db8::1, true",
            "2001:db8:0:0:8000::/65, 2001:db8::8000:0:0:1, true",
            "2001:db8:0:0:8000::/65, 2001:db8::1, false"})
    void containsFollowsThePrefixAndTheFamily(String cidr, String address, boolean contained) {
        long[] a = peer(address);
        assertEquals(contained, Cidr.parse(cidr).contains(a[0], a[1]));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0/8", "10.0.0.0/", "10.0.0.0/-1", "1", "::ffff:1.2.3.4/95",
            "2001:db8::/129", "2001:db8:::1/64", "10.0.0.0/8/8"})
    void malformedCidrsAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    }

    @Test
    void textWidenAndHost() {
        assertEquals("10.0.0.0/8", Cidr.parse("10.1.2.3/8").text());
        assertEquals("2001:db8::/32", Cidr.parse("2001:0db8::1/32").text());
        assertEquals("198.51.100.0/24", Cidr.parse("::ffff:198.51.100.9/120").text());
        long[] a = peer("192.0.2.77");
        Cidr host = Cidr.host(a[0], a[1]);
        assertEquals("192.0.2.77/32", host.text());
        assertEquals("192.0.2.0/24", host.widen(24).text());
        long[] v6 = peer("2001:db8:1:2::9");
        assertEquals("2001:db8:1:2::9/128", Cidr.host(v6[0], v6[1]).text());
        assertEquals("2001:db8:1:2::/64", Cidr.host(v6[0], v6[1]).widen(64).text());
        assertTrue(host.ipv4());
        assertFalse(Cidr.host(v6[0], v6[1]).ipv4());
    }
}
