package io.watchpost.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteAddressesTest {
    private static List<String> texts(RemoteAddresses a) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.text(i));
        }
        return out;
    }

    @Test
    void buildSortsIpv4FirstThenUnsignedAndDropsRepeats() {
        RemoteAddresses a = RemoteAddresses.builder()
                .add(0x2001_0db8_0000_0000L, 0x0000_0000_0000_0001L)
                .addIpv4(0xC0A8_0102)            // 192.168.1.2
                .addIpv4(0x0A00_0001)            // 10.0.0.1
                .addIpv4(0xC0A8_0102)
                .add(0xfe80_0000_0000_0000L, 0x0000_0000_0000_0001L)
                .add(0x2001_0db8_0000_0000L, 0x0000_0000_0000_0001L)
                .build(true);
        assertEquals(List.of("10.0.0.1", "192.168.1.2", "2001:db8::1", "fe80::1"), texts(a));
        assertTrue(a.isIpv4(0));
        assertFalse(a.isIpv4(2));
        assertTrue(a.complete());
    }

    @Test
    void ipv4HighWordsSortAsUnsigned() {
        RemoteAddresses a = RemoteAddresses.builder().addIpv4(0xFF00_0001).addIpv4(0x0100_0001).build(true);
        assertEquals(List.of("1.0.0.1", "255.0.0.1"), texts(a));
    }

    @Test
    void incompleteIsCarriedAndEmptyIsEmpty() {
        assertFalse(RemoteAddresses.builder().addIpv4(1).build(false).complete());
        assertFalse(RemoteAddresses.builder().build(false).complete());
        assertEquals(0, RemoteAddresses.empty().size());
        assertTrue(RemoteAddresses.empty().complete());
    }

    @Test
    void growsPastItsFirstArrays() {
        RemoteAddresses.Builder b = RemoteAddresses.builder();
        for (int i = 1000; i > 0; i--) {
            b.addIpv4(i);
            b.addIpv4(i);
        }
        RemoteAddresses a = b.build(true);
        assertEquals(1000, a.size());
        assertEquals("0.0.0.1", a.text(0));
        assertEquals("0.0.3.232", a.text(999));
        assertThrows(IndexOutOfBoundsException.class, () -> a.text(1000));
    }
}
