package io.watchpost.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TcpConnectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0:0", "10.1.2.3:44321", "255.255.255.255:65535", "[::]:0", "[::1]:22",
            "[fd00::a:0:1]:8883", "[2001:db8::1:0:0:1]:443", "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:65535",
            "[1::]:1"})
    void printedFormReadsBackToTheSameConnection(String remote) {
        TcpConnection c = new TcpConnection(remote, 5000, "eth0");
        assertEquals(remote, c.remoteAddress());
        assertEquals(c, new TcpConnection(c.remoteAddress(), 5000, "eth0"));
    }

    @Test
    void ipv4MappedTextIsTheIpv4Peer() {
        TcpConnection mapped = new TcpConnection("[::ffff:192.0.2.7]:443", 1, null);
        assertEquals(TcpConnection.ipv4(0xC0000207, 443, 1, null), mapped);
        assertEquals("192.0.2.7:443", mapped.remoteAddress());
        assertTrue(mapped.isIpv4());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3.4", "1.2.3:4", "1.2.3.256:4", "1.2.3.4:65536", "1.2.3.4:x", "[::1]", "[1:2]:3",
            "[1::2::3]:4", "[12345::]:1", "[g::]:1", "localhost:80", "[1:2:3:4:5:6:7:8:9]:1"})
    void textThatIsNotAnAddressIsRefusedWithTheText(String remote) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TcpConnection(remote, 1, null));
        assertTrue(e.getMessage().contains("'" + remote + "'"), e.getMessage());
    }

    @Test
    void orderIsIpv4FirstThenNumericAddressThenRemotePortLocalPortAndInterface() {
        List<TcpConnection> ordered = List.of(
                new TcpConnection("9.0.0.1:443", 1, null),
                new TcpConnection("10.0.0.2:80", 1, null),      // 10 > 9 as a number (as text "10" < "9")
                new TcpConnection("10.0.0.2:443", 1, null),     // remote port 443 > 80 numerically
                new TcpConnection("10.0.0.2:443", 2, null),
                new TcpConnection("10.0.0.2:443", 2, "eth0"),
                new TcpConnection("10.0.0.2:443", 2, "eth1"),
                new TcpConnection("255.255.255.255:1", 1, null),
                new TcpConnection("[::]:1", 1, null),           // every IPv6 peer after every IPv4 peer
                new TcpConnection("[::1]:1", 1, null),
                new TcpConnection("[::1:0:0:0]:1", 1, null),
                new TcpConnection("[fd00::2]:1", 1, null),
                new TcpConnection("[fd00::10]:1", 1, null),
                new TcpConnection("[ffff::]:1", 1, null));
        List<TcpConnection> shuffled = new ArrayList<>(ordered);
        Collections.shuffle(shuffled, new Random(7));
        shuffled.sort(null);
        assertEquals(ordered, shuffled);
        for (int i = 1; i < ordered.size(); i++) {
            assertTrue(ordered.get(i - 1).compareTo(ordered.get(i)) < 0, ordered.get(i).toString());
            assertTrue(ordered.get(i).compareTo(ordered.get(i - 1)) > 0, ordered.get(i).toString());
        }
    }
}
