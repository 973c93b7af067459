package io.watchpost.collect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bounded, de-duplicating accumulators against a plain TreeSet of records on random input. */
class AccumulatorTest {
    private static final List<String> NAMES = List.of("eth0", "eth1", "lo", "wlan0");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 100, 100_000})
    void portsMatchASortedSetOfRecords(int limit) {
        Random random = new Random(limit);
        PortAccumulator acc = new PortAccumulator(NAMES, limit);
        TreeSet<PortBinding> reference = new TreeSet<>();
        for (int i = 0; i < 20_000; i++) {
            int port = 1 + random.nextInt(random.nextBoolean() ? 50 : 65535);
            int rank = random.nextInt(NAMES.size() + 1) - 1;
            acc.add(port, rank);
            reference.add(new PortBinding(port, rank < 0 ? null : NAMES.get(rank)));
        }
        Bounded<PortBinding> result = acc.result();
        assertEquals(reference.size(), result.total());
        assertEquals(reference.stream().limit(limit).toList(), result.kept());
        assertEquals(PortSet.of(reference.stream().mapToInt(PortBinding::port).toArray()), acc.ports(),
                "every port, whatever the limit kept");
    }

    @Test
    void hugeRetainLimitAllocatesOnlyWhatIsSeen() {
        PortAccumulator ports = new PortAccumulator(NAMES, Integer.MAX_VALUE);
        ConnectionAccumulator connections = new ConnectionAccumulator(NAMES, Integer.MAX_VALUE);
        for (int port = 1; port <= 1000; port++) {
            ports.add(port, -1);
            connections.add(new int[] {0x7F000001}, port, 80, 2);
        }
        assertEquals(1000, ports.result().kept().size());
        assertEquals(1000, connections.result().total());
    }

    @Test
    void portZeroIsNoListener() {
        PortAccumulator acc = new PortAccumulator(NAMES, 10);
        acc.add(0, -1);
        assertEquals(Bounded.empty(), acc.result());
    }

    @Test
    void samePortOnTheSameInterfaceIsOneEntryButOtherInterfacesAreNot() {
        PortAccumulator acc = new PortAccumulator(NAMES, 10);
        acc.add(22, -1);
        acc.add(22, -1);
        acc.add(22, 0);
        acc.add(22, 2);
        acc.add(22, 2);
        assertEquals(new Bounded<>(List.of(new PortBinding(22, null), new PortBinding(22, "eth0"),
                new PortBinding(22, "lo")), 3), acc.result());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 500, 100_000})
    void connectionsMatchASortedSetOfRecords(int limit) {
        Random random = new Random(31L * limit + 1);
        ConnectionAccumulator acc = new ConnectionAccumulator(NAMES, limit);
        TreeSet<TcpConnection> reference = new TreeSet<>();
        for (int i = 0; i < 20_000; i++) {
            int kind = random.nextInt(3);
            int v4 = random.nextInt(4) == 0 ? 0x0A000001 : 0x0A000000 | random.nextInt(300);
            int[] remote;
            String text;
            if (kind == 0) {
                remote = new int[] {v4};
                text = ipv4(v4);
            } else if (kind == 1) {                       // the same peers, seen on dual-stack sockets
                remote = new int[] {0, 0, 0xffff, v4};
                text = ipv4(v4);
            } else {
                int last = random.nextInt(40);
                remote = new int[] {0xfd000000, 0, 0, last};
                text = "[fd00::" + Integer.toHexString(last) + "]";
                if (last == 0) {
                    text = "[fd00::]";
                }
            }
            int remotePort = 1 + random.nextInt(random.nextBoolean() ? 3 : 65535);
            int localPort = 1 + random.nextInt(5);
            int rank = random.nextInt(NAMES.size() + 1) - 1;
            acc.add(remote, remotePort, localPort, rank);
            reference.add(new TcpConnection(text + ":" + remotePort, localPort, rank < 0 ? null : NAMES.get(rank)));
        }
        Bounded<TcpConnection> result = acc.result();
        assertEquals(reference.size(), result.total());
        assertEquals(reference.stream().limit(limit).toList(), result.kept());
    }

    @Test
    void ipv4AndIpv4MappedPeerAreOneConnection() {
        ConnectionAccumulator acc = new ConnectionAccumulator(NAMES, 10);
        acc.add(new int[] {0xC0000202}, 443, 5000, 0);
        acc.add(new int[] {0, 0, 0xffff, 0xC0000202}, 443, 5000, 0);
        acc.add(new int[] {0, 0, 0xffff, 0xC0000202}, 443, 5000, 1);
        assertEquals(new Bounded<>(List.of(new TcpConnection("192.0.2.2:443", 5000, "eth0"),
                new TcpConnection("192.0.2.2:443", 5000, "eth1")), 2), acc.result());
    }

    @Test
    void keySetSurvivesGrowthWithCollidingKeys() {
        PackedKeySet set = new PackedKeySet();
        for (long i = 0; i < 50_000; i++) {
            assertEquals(true, set.add(i << 32, -i, -i));
        }
        for (long i = 0; i < 50_000; i++) {
            assertEquals(false, set.add(i << 32, -i, -i));
        }
        assertEquals(50_000, set.size());
    }

    @Test
    void clearedKeySetCountsAfreshAndGivesBackATableFarLargerThanNeeded() {
        PackedKeySet set = new PackedKeySet();
        for (long i = 0; i < 10_000; i++) {
            set.add(i, i, i);
        }
        int big = set.capacity();
        set.clear();
        assertEquals(0, set.size());
        assertEquals(big, set.capacity(), "kept while it fits the last fill");
        assertEquals(true, set.add(5, 5, 5), "a key of the previous cycle is new again");
        assertEquals(false, set.add(5, 5, 5));
        set.clear();
        assertTrue(set.capacity() < big, "a table 8x the last fill is given back: " + set.capacity());
        for (long i = 0; i < 1_000; i++) {
            assertEquals(true, set.add(i, -i, i));
        }
        assertEquals(1_000, set.size());
    }

    @Test
    void keySetCountsAfreshAfterEveryClear() {
        PackedKeySet set = new PackedKeySet();
        for (int cycle = 0; cycle < 1_000; cycle++) {
            assertEquals(true, set.add(cycle % 3, 7, Long.MAX_VALUE), "cycle " + cycle);
            assertEquals(true, set.add(cycle % 3, 7, 0), "cycle " + cycle);
            assertEquals(false, set.add(cycle % 3, 7, 0), "cycle " + cycle);
            assertEquals(2, set.size());
            set.clear();
        }
    }

    @Test
    void keysWhoseStoredHashBitsMatchAreStillToldApartByTheirValue() {
        // ~150,000 distinct keys in one set: pairs sharing the 32 stored hash bits are bound to occur (birthday
        // bound ~77,000), and a third of the adds are repeats
        PackedKeySet set = new PackedKeySet();
        Random random = new Random(5);
        Set<List<Long>> reference = new HashSet<>();
        for (int i = 0; i < 200_000; i++) {
            long a = random.nextInt(1000);
            long b = random.nextInt(100) * 0x0101010101010101L;
            long c = random.nextInt(3);
            assertEquals(reference.add(List.of(a, b, c)), set.add(a, b, c));
        }
        assertEquals(reference.size(), set.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 50})
    void pastTheDistinctBoundTheTotalIsAnUpperBoundAndTheKeptListStaysExact(int limit) {
        Random random = new Random(limit);
        ConnectionAccumulator acc = new ConnectionAccumulator(NAMES, limit, new PackedKeySet(), 100,
                new PackedKeySet(), 30);
        TreeSet<TcpConnection> reference = new TreeSet<>();
        Set<Long> peers = new HashSet<>();
        int rows = 0;
        for (int i = 0; i < 5_000; i++) { // few distinct values, so rows past the bound repeat each other often
            int peer = 0x0A000000 + random.nextInt(40);
            int port = 1 + random.nextInt(20);
            int rank = random.nextInt(NAMES.size() + 1) - 1;
            acc.add(new int[] {peer}, port, 443, rank);
            reference.add(TcpConnection.ipv4(peer, port, 443, rank < 0 ? null : NAMES.get(rank)));
            peers.add((long) peer);
            rows++;
        }
        Bounded<TcpConnection> result = acc.result();
        assertTrue(reference.size() > 100, "the bound is crossed: " + reference.size());
        assertFalse(result.exact());
        assertTrue(result.total() >= reference.size() && result.total() <= rows, result.total() + " vs "
                + reference.size());
        assertEquals(reference.stream().limit(limit).toList(), result.kept(), "smallest distinct, no repeats");
        RemoteAddresses destinations = acc.destinations();
        assertEquals(peers.size() > 30 ? 30 : peers.size(), destinations.size());
        assertEquals(peers.size() <= 30, destinations.complete());
    }

    @Test
    void belowTheBoundsTotalAndDestinationsAreExact() {
        ConnectionAccumulator acc = new ConnectionAccumulator(NAMES, 10, new PackedKeySet(), 100,
                new PackedKeySet(), 30);
        for (int i = 0; i < 60; i++) {
            acc.add(new int[] {0x0A000000 + i % 20}, 1000 + i % 30, 443, -1);
            acc.add(new int[] {0x0A000000 + i % 20}, 1000 + i % 30, 443, -1); // a repeat counts once
        }
        Bounded<TcpConnection> result = acc.result();
        assertTrue(result.exact());
        assertEquals(60, result.total());
        RemoteAddresses destinations = acc.destinations();
        assertTrue(destinations.complete());
        assertEquals(20, destinations.size());
        assertEquals("10.0.0.0", destinations.text(0));
        assertEquals("10.0.0.19", destinations.text(19));
    }

    @Test
    void connectionAccumulatorRefusesASetThatIsNotEmpty() {
        PackedKeySet set = new PackedKeySet();
        set.add(1, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> new ConnectionAccumulator(NAMES, 10, set, 100, new PackedKeySet(), 100));
    }

    private static String ipv4(int w) {
        return (w >>> 24) + "." + (w >>> 16 & 0xff) + "." + (w >>> 8 & 0xff) + "." + (w & 0xff);
    }
}
