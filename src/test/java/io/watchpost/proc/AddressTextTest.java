package io.watchpost.proc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AddressTextTest {
    @ParameterizedTest
    @CsvSource({
            "::1, ::1",
            "::, ::",
            "fd00:0:0:0:0:0:0:2, fd00::2",
            "FE80:0000:0000:0000:00FC:00FF:FE00:0001, fe80::fc:ff:fe00:1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",     // two equal runs: the first is compressed
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",  // a single zero group is not compressed
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",           // the longest run wins
            "1:0:0:0:0:0:0:0, 1::",
            "fd02:0:0:0:1:0:0:1, fd02::1:0:0:1",
            "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    })
    void ipv6IsWrittenInRfc5952Form(String input, String expected) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(InetAddress.getByName(input).getAddress());
        int[] words = {b.getInt(), b.getInt(), b.getInt(), b.getInt()};
        StringBuilder sb = new StringBuilder();
        AddressText.appendIpv6(sb, words);
        assertEquals(expected, sb.toString());
    }

    @ParameterizedTest
    @CsvSource({"0x7F000001, 127.0.0.1", "0xC0000202, 192.0.2.2", "0xFFFFFFFF, 255.255.255.255", "0, 0.0.0.0"})
    void ipv4IsDottedDecimalOfTheNetworkOrderWord(long word, String expected) {
        StringBuilder sb = new StringBuilder();
        AddressText.appendIpv4(sb, (int) word);
        assertEquals(expected, sb.toString());
    }
}
