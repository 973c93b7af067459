package io.watchpost.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.watchpost.collect.InterfaceCounters;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkDeltasTest {
    private static InterfaceCounters eth(String name, long rxBytes, long txBytes) {
        return new InterfaceCounters(name, false, rxBytes, rxBytes / 10, txBytes, txBytes / 10);
    }

    @Test
    void growingCountersGiveTheirDifference() {
        NetworkStats s = NetworkDeltas.between(List.of(eth("eth0", 1000, 500)), List.of(eth("eth0", 3000, 800)),
                false);
        assertEquals(new NetworkStats(2000, 300, 200, 30), s);
    }

    @Test
    void aCounterThatWentDownContributesItsNewValue() {
        // interface reset (driver reload): counters restart near zero
        NetworkStats s = NetworkDeltas.between(List.of(eth("eth0", 900_000, 700_000)),
                List.of(eth("eth0", 1200, 3400)), false);
        assertEquals(new NetworkStats(1200, 3400, 120, 340), s);
    }

    @Test
    void aThirtyTwoBitWrapContributesTheValueSinceTheWrapAndNeverANegative() {
        long nearWrap = 0xFFFF_FF00L;
        NetworkStats s = NetworkDeltas.between(
                List.of(new InterfaceCounters("eth0", false, nearWrap, 10, 100, 10)),
                List.of(new InterfaceCounters("eth0", false, 0x50, 12, 150, 11)), false);
        assertEquals(new NetworkStats(0x50, 50, 2, 1), s);
    }

    @Test
    void anInterfaceAddedSinceTheBaselineContributesItsFullValue() {
        NetworkStats s = NetworkDeltas.between(List.of(eth("eth0", 100, 100)),
                List.of(eth("eth0", 150, 120), eth("wwan0", 5000, 7000)), false);
        assertEquals(new NetworkStats(50 + 5000, 20 + 7000, 5 + 500, 2 + 700), s);
    }

    @Test
    void anInterfaceRemovedSinceTheBaselineContributesNothing() {
        NetworkStats s = NetworkDeltas.between(List.of(eth("eth0", 100, 100), eth("usb0", 1_000_000, 1_000_000)),
                List.of(eth("eth0", 150, 120)), false);
        assertEquals(new NetworkStats(50, 20, 5, 2), s);
    }

    @Test
    void anInterfaceRemovedAndReAddedWithSmallerCountersContributesItsNewValue() {
        NetworkStats s = NetworkDeltas.between(List.of(eth("usb0", 1_000_000, 1_000_000)),
                List.of(eth("usb0", 4000, 2000)), false);
        assertEquals(new NetworkStats(4000, 2000, 400, 200), s);
    }

    @Test
    void loopbackIsExcludedUnlessAskedFor() {
        List<InterfaceCounters> before = List.of(eth("eth0", 100, 100),
                new InterfaceCounters("lo", true, 1000, 10, 1000, 10));
        List<InterfaceCounters> after = List.of(eth("eth0", 200, 300),
                new InterfaceCounters("lo", true, 9000, 90, 9000, 90));
        assertEquals(new NetworkStats(100, 200, 10, 20), NetworkDeltas.between(before, after, false));
        assertEquals(new NetworkStats(8100, 8200, 90, 100), NetworkDeltas.between(before, after, true));
    }

    @Test
    void deltasAboveLongMaxValueStayUnsigned() {
        long huge = Long.parseUnsignedLong("18446744073709551000"); // 2^64 - 616
        NetworkStats s = NetworkDeltas.between(List.of(new InterfaceCounters("eth0", false, 16, 0, 0, 0)),
                List.of(new InterfaceCounters("eth0", false, huge, 0, 0, 0)), false);
        assertEquals("18446744073709550984", Long.toUnsignedString(s.bytesIn()));
    }

    @Test
    void aDecreaseNearTwoToTheSixtyFourIsAResetNotAHugeDelta() {
        long huge = Long.parseUnsignedLong("18446744073709551000");
        NetworkStats s = NetworkDeltas.between(List.of(new InterfaceCounters("eth0", false, huge, 0, 0, 0)),
                List.of(new InterfaceCounters("eth0", false, 77, 0, 0, 0)), false);
        assertEquals(77, s.bytesIn());
    }

    @Test
    void sumsSaturateAtTwoToTheSixtyFourMinusOneInsteadOfWrapping() {
        long big = Long.parseUnsignedLong("10000000000000000000");
        NetworkStats s = NetworkDeltas.between(List.of(),
                List.of(new InterfaceCounters("a", false, big, 0, 0, 0),
                        new InterfaceCounters("b", false, big, 0, 0, 0)), false);
        assertEquals("18446744073709551615", Long.toUnsignedString(s.bytesIn()));
        assertEquals(NetworkDeltas.UNSIGNED_MAX, NetworkDeltas.saturatingAdd(-1L, 1));
        assertEquals(5, NetworkDeltas.saturatingAdd(2, 3));
    }
}
