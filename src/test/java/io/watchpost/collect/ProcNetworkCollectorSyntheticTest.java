package io.watchpost.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.log.EventLog;
import io.watchpost.synth.ExpectedCollection;
import io.watchpost.synth.SynthSpec;
import io.watchpost.synth.SyntheticProcRoot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProcNetworkCollectorSyntheticTest {
    @TempDir
    Path temp;

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final EventLog log = new EventLog(new PrintStream(logged, true), new PrintStream(logged, true),
            Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC), EventLog.Level.DEBUG);

    static Stream<Arguments> roots() {
        return Stream.of(
                Arguments.of("empty tables", new SynthSpec(1, 0, 0, 0, 0, 0, 1, 0.5, 0.5, 0.1), 4096),
                Arguments.of("small gateway", SynthSpec.typical(2, 50), 4096),
                Arguments.of("IPv4 only", new SynthSpec(3, 400, 15, 30, 0.3, 40, 2, 0.0, 0.0, 0.1), 4096),
                Arguments.of("IPv6 heavy, many mapped", new SynthSpec(4, 1500, 40, 60, 0.5, 300, 6, 0.9, 0.6, 0.1),
                        4096),
                Arguments.of("busy server, lists cut at the retain limit", SynthSpec.typical(5, 5000), 100),
                Arguments.of("100,000 connections", SynthSpec.typical(6, 100_000), 4096));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roots")
    void collectsExactlyWhatTheGeneratorExpects(String name, SynthSpec spec, int retainLimit) throws Exception {
        Path root = temp.resolve("root");
        ExpectedCollection expected = SyntheticProcRoot.write(root, spec).expected();

        NetworkSnapshot snapshot = new ProcNetworkCollector(log).collect(root, retainLimit);

        assertEquals(expected.bootId(), snapshot.bootId());
        assertBounded(expected.tcpListeners(), snapshot.tcpListeners(), retainLimit, "listening TCP");
        assertBounded(expected.udpListeners(), snapshot.udpListeners(), retainLimit, "listening UDP");
        assertBounded(expected.established(), snapshot.established(), retainLimit, "established");
        assertEquals(expected.interfaces(), snapshot.interfaces());
        assertEquals(0, snapshot.malformedLines(), () -> "log:\n" + logged);
        // Detect's sets are whole even where the lists are cut at the retain limit
        assertEquals(PortSet.of(expected.tcpListeners().stream().mapToInt(PortBinding::port).toArray()),
                snapshot.tcpPorts(), "every listening TCP port");
        assertEquals(PortSet.of(expected.udpListeners().stream().mapToInt(PortBinding::port).toArray()),
                snapshot.udpPorts(), "every listening UDP port");
        RemoteAddresses.Builder destinations = RemoteAddresses.builder();
        expected.established().forEach(c -> destinations.add(c.remoteHigh(), c.remoteLow()));
        RemoteAddresses all = destinations.build(true);
        RemoteAddresses got = snapshot.destinations();
        if (all.size() <= ProcNetworkCollector.MAX_DESTINATIONS) {
            assertTrue(got.complete());
            assertEquals(all.toString(), got.toString());
            assertEquals(all.size(), got.size());
            for (int i = 0; i < all.size(); i++) {
                assertEquals(all.text(i), got.text(i));
            }
        } else {
            assertFalse(got.complete(), "more distinct peers than the bound");
            assertEquals(ProcNetworkCollector.MAX_DESTINATIONS, got.size());
        }
    }

    @Test
    void oneCollectorAnswersEachCycleAfreshWhateverTheCycleBeforeHeld() throws Exception {
        // The collector reuses its buffer and its distinct-connection table between cycles.
        ExpectedCollection big = SyntheticProcRoot.write(temp.resolve("big"), SynthSpec.typical(8, 20_000)).expected();
        ExpectedCollection small = SyntheticProcRoot.write(temp.resolve("small"), SynthSpec.typical(9, 40)).expected();
        ProcNetworkCollector collector = new ProcNetworkCollector(log);
        for (String root : List.of("big", "small", "small", "big", "small")) {
            ExpectedCollection expected = root.equals("big") ? big : small;
            NetworkSnapshot snapshot = collector.collect(temp.resolve(root), 4096);
            assertBounded(expected.tcpListeners(), snapshot.tcpListeners(), 4096, root + " listening TCP");
            assertBounded(expected.udpListeners(), snapshot.udpListeners(), 4096, root + " listening UDP");
            assertBounded(expected.established(), snapshot.established(), 4096, root + " established");
            assertEquals(expected.interfaces(), snapshot.interfaces());
        }
    }

    @Test
    void aHostWithoutIpv6ReadsTheIpv4TablesOnly() throws Exception {
        Path root = temp.resolve("root");
        ExpectedCollection expected = SyntheticProcRoot.write(root,
                new SynthSpec(7, 300, 10, 20, 0.3, 30, 2, 0.0, 0.0, 0.1)).expected();
        // The generator still writes dual-stack rows (accepted on [::] listeners) into tcp6, so the expected result of
        // the IPv4 tables alone is what the same root gives with header-only IPv6 tables; absent must equal empty.
        Path headerOnly = temp.resolve("header-only");
        copyTree(root, headerOnly);
        for (String table : List.of("net/tcp6", "net/udp6")) {
            String header = Files.readAllLines(root.resolve(table)).get(0);
            Files.writeString(headerOnly.resolve(table), header + "\n");
            Files.delete(root.resolve(table));
        }

        NetworkSnapshot absent = new ProcNetworkCollector(log).collect(root, 4096);
        NetworkSnapshot empty = new ProcNetworkCollector(log).collect(headerOnly, 4096);

        assertEquals(empty.established(), absent.established());
        assertEquals(empty.tcpListeners(), absent.tcpListeners());
        assertEquals(empty.udpListeners(), absent.udpListeners());
        assertEquals(0, absent.malformedLines());
        assertTrue(absent.established().total() > 0 && absent.tcpListeners().total() > 0);
        assertTrue(expected.established().containsAll(absent.established().kept()));
        assertTrue(expected.tcpListeners().containsAll(absent.tcpListeners().kept()));
        assertTrue(expected.udpListeners().containsAll(absent.udpListeners().kept()));
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static <T> void assertBounded(List<T> expected, Bounded<T> actual, int retainLimit, String what) {
        assertEquals(expected.size(), actual.total(), what + " total");
        assertEquals(expected.subList(0, Math.min(retainLimit, expected.size())), actual.kept(), what + " kept");
    }
}
