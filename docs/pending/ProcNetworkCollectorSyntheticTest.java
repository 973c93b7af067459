// PENDING (not compiled): drop into src/test/java/io/watchpost/collect/ once ProcNetworkCollector lands.
// It checks Watchpost's collector against the answer the synthetic proc root generator wrote, for several seeds,
// sizes and shapes. If the collector's constructor or the interface order of NetworkSnapshot.interfaces differs
// from what is assumed below (constructor (EventLog); interfaces in net/dev file order), adjust those two places.
package io.watchpost.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    }

    @Test
    void aHostWithoutIpv6ReadsTheIpv4TablesOnly() throws Exception {
        Path root = temp.resolve("root");
        ExpectedCollection expected = SyntheticProcRoot.write(root,
                new SynthSpec(7, 300, 10, 20, 0.3, 30, 2, 0.0, 0.0, 0.1)).expected();
        Files.delete(root.resolve("net/tcp6")); // header-only with ipv6Share 0; absent when IPv6 is disabled
        Files.delete(root.resolve("net/udp6"));

        NetworkSnapshot snapshot = new ProcNetworkCollector(log).collect(root, 4096);

        assertEquals(expected.established(), snapshot.established().kept());
        assertEquals(expected.tcpListeners(), snapshot.tcpListeners().kept());
        assertEquals(expected.udpListeners(), snapshot.udpListeners().kept());
    }

    private static <T> void assertBounded(List<T> expected, Bounded<T> actual, int retainLimit, String what) {
        assertEquals(expected.size(), actual.total(), what + " total");
        assertEquals(expected.subList(0, Math.min(retainLimit, expected.size())), actual.kept(), what + " kept");
    }
}
