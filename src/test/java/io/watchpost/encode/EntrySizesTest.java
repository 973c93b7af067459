package io.watchpost.encode;

import io.watchpost.config.KeyNames;
import io.watchpost.config.ReportFormat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import io.watchpost.report.MetricsReport;
import io.watchpost.report.ReportHeader;
import io.watchpost.report.ReportList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The computed entry sizes must equal what the generator writes, byte for byte, or the budget fit is wrong. */
class EntrySizesTest {
    /** Strings the arithmetic handles, and strings it must hand to the measuring generator. */
    private static final List<String> NAMES = List.of("a", "eth0", "br-4f3c2a1b9d0e", "x".repeat(23), "x".repeat(24),
            "x".repeat(255), "x".repeat(256), "x".repeat(1500), "ñic0", "wl\u00e4n", "q\"uote", "back\\slash",
            "tab\there", "nul\u0000", "del\u007f", "emoji\uD83D\uDE00", "");

    static Stream<Arguments> encodings() {
        List<Arguments> cases = new ArrayList<>();
        for (ReportFormat f : ReportFormat.values()) {
            for (KeyNames n : KeyNames.values()) {
                cases.add(Arguments.of(f, n));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("encodings")
    void portSizesEqualTheEncodedBytes(ReportFormat format, KeyNames names) {
        ReportEncoder encoder = ReportEncoder.of(format, names);
        EntrySizes sizes = sizes(format, names);
        List<PortBinding> ports = new ArrayList<>();
        for (int port : new int[] {1, 9, 10, 23, 24, 99, 100, 255, 256, 999, 1000, 9999, 10000, 65535}) {
            ports.add(new PortBinding(port, null));
            for (String name : NAMES) {
                ports.add(new PortBinding(port, name));
            }
        }
        for (PortBinding p : ports) {
            assertEquals(added(encoder, List.of(p), List.of()), sizes.fitPorts(List.of(p), Long.MAX_VALUE).bytes(),
                    p::toString);
        }
        // array overheads: CBOR's array head grows at 24 and 256 elements, JSON adds a comma per element
        List<PortBinding> many = new ArrayList<>(ports);
        many.addAll(ports); // sizes only: the encoder does not care about duplicates
        for (int count : new int[] {0, 1, 2, 23, 24, 25, 255, 256, 257, many.size()}) {
            List<PortBinding> first = many.subList(0, count);
            assertEquals(added(encoder, first, List.of()), sizes.fitPorts(first, Long.MAX_VALUE).bytes(),
                    () -> count + " ports");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("encodings")
    void connectionSizesEqualTheEncodedBytes(ReportFormat format, KeyNames names) {
        ReportEncoder encoder = ReportEncoder.of(format, names);
        EntrySizes sizes = sizes(format, names);
        List<TcpConnection> connections = new ArrayList<>();
        List<String> remotes = List.of("0.0.0.0:0", "0.0.0.0:1", "10.1.2.3:44321", "255.255.255.255:65535", "[::]:0",
                "[::1]:22", "[fd00::a:0:1]:8883", "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:65535");
        for (int localPort : new int[] {0, 1, 24, 256, 65535, 70_000, -1, -25, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            for (String remote : remotes) {
                connections.add(new TcpConnection(remote, localPort, null));
                connections.add(new TcpConnection(remote, localPort, "eth0"));
                connections.add(new TcpConnection(remote, localPort, "ñ\"\u0001"));
                for (String name : NAMES) {
                    connections.add(new TcpConnection(remote, localPort, name));
                }
            }
        }
        for (TcpConnection c : connections) {
            assertEquals(added(encoder, List.of(), List.of(c)),
                    sizes.fitConnections(List.of(c), Long.MAX_VALUE).bytes(), c::toString);
        }
        assertEquals(added(encoder, List.of(), connections),
                sizes.fitConnections(connections, Long.MAX_VALUE).bytes());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("encodings")
    void aFitKeepsTheLongestPrefixWithinTheRoom(ReportFormat format, KeyNames names) {
        ReportEncoder encoder = ReportEncoder.of(format, names);
        EntrySizes sizes = sizes(format, names);
        List<PortBinding> ports = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            ports.add(new PortBinding(i, i % 2 == 0 ? "eth0" : "wl\u00e4n"));
        }
        for (long room = 0; room < 2000; room += 37) {
            EntrySizes.Fit fit = sizes.fitPorts(ports, room);
            assertEquals(added(encoder, ports.subList(0, fit.count()), List.of()), fit.bytes());
            assertTrue(fit.bytes() <= room, "room " + room);
            long oneMore = added(encoder, ports.subList(0, fit.count() + 1), List.of());
            assertTrue(oneMore > room, "room " + room + " also holds " + (fit.count() + 1));
        }
    }

    private static EntrySizes sizes(ReportFormat format, KeyNames names) {
        return ReportEncoder.of(format, names).entrySizes();
    }

    /** Bytes the entries add to a document whose lists are otherwise empty, measured by encoding both. */
    private static long added(ReportEncoder encoder, List<PortBinding> ports, List<TcpConnection> connections) {
        return encoder.encode(report(ports, connections)).length - encoder.encode(report(List.of(), List.of())).length;
    }

    private static MetricsReport report(List<PortBinding> ports, List<TcpConnection> connections) {
        // the same totals whatever the entries: a total's digits are not part of the entries' bytes
        return new MetricsReport(ReportHeader.of(1), new ReportList<>(ports, 100_000), ReportList.empty(),
                new ReportList<>(connections, 100_000), Optional.empty(), Map.of());
    }
}
