package io.watchpost.encode;

import io.watchpost.config.KeyNames;
import io.watchpost.config.ReportFormat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.watchpost.collect.Bounded;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.collect.RemoteAddresses;
import io.watchpost.collect.PortSet;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.report.MetricsReport;
import io.watchpost.report.ReportAssembler;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ReportBudgetTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final int TCP = 1500;
    private static final int UDP = 800;
    private static final int CONNECTIONS = 4000;

    /** A busy gateway: many listeners on several interfaces and thousands of IPv4 and IPv6 peers. */
    private static MetricsReport busyReport(long seed) {
        Random random = new Random(seed);
        List<PortBinding> tcp = new ArrayList<>();
        List<PortBinding> udp = new ArrayList<>();
        List<TcpConnection> conns = new ArrayList<>();
        String[] ifaces = {null, "eth0", "wlan0", "br-4f3c2a1b9d0e"};
        for (int i = 0; i < TCP; i++) {
            tcp.add(new PortBinding(1 + i * 7, ifaces[i % ifaces.length]));
        }
        for (int i = 0; i < UDP; i++) {
            udp.add(new PortBinding(1000 + i * 3, ifaces[(i + 1) % ifaces.length]));
        }
        for (int i = 0; i < CONNECTIONS; i++) {
            String remote = i % 3 == 0
                    ? "[2001:db8:" + Integer.toHexString(random.nextInt(65536)) + "::" + i + "]:" + (1 + i % 60000)
                    : "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256) + ":" + (1024 + i);
            conns.add(new TcpConnection(remote, 1 + random.nextInt(65535), ifaces[i % ifaces.length]));
        }
        // the assembler sorts, so the order the collector delivers in does not matter
        Collections.shuffle(tcp, random);
        Collections.shuffle(conns, random);
        NetworkSnapshot snapshot = new NetworkSnapshot("boot", "/proc/net", new Bounded<>(tcp, TCP), new Bounded<>(udp, UDP),
                new Bounded<>(conns, CONNECTIONS + 17), List.of(), 0,
                PortSet.empty(), PortSet.empty(), RemoteAddresses.empty());
        return new ReportAssembler().assemble(snapshot, null, false, 0, NOW,
                Map.of("cpu_usage", new CustomMetricValue.Number(new BigDecimal("3.25")))).report();
    }

    static Stream<Arguments> encodingsAndBudgets() {
        List<Arguments> cases = new ArrayList<>();
        for (ReportFormat f : ReportFormat.values()) {
            for (KeyNames n : KeyNames.values()) {
                for (int budget : new int[] {2048, 4096, 20_000, 50_000, 90_000, 131_072}) {
                    cases.add(Arguments.of(f, n, budget));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} budget {2}")
    @MethodSource("encodingsAndBudgets")
    void neverExceedsTheBudgetKeepsTotalsAndDropsInOrderAsLittleAsPossible(ReportFormat format, KeyNames names,
                                                                           int budget) throws IOException {
        ReportEncoder encoder = ReportEncoder.of(format, names);
        MetricsReport full = busyReport(1);
        EncodedReport encoded = encoder.encodeWithin(full, budget);
        MetricsReport kept = encoded.report();
        int kT = kept.tcpPorts().entries().size();
        int kU = kept.udpPorts().entries().size();
        int kC = kept.connections().entries().size();

        assertTrue(encoded.payload().length <= budget, encoded.payload().length + " > " + budget);
        assertArrayEquals(encoder.encode(kept), encoded.payload());
        assertEquals(TCP, kept.tcpPorts().total());
        assertEquals(UDP, kept.udpPorts().total());
        assertEquals(CONNECTIONS + 17, kept.connections().total());
        assertEquals(full.tcpPorts().entries().subList(0, kT), kept.tcpPorts().entries());
        assertEquals(full.udpPorts().entries().subList(0, kU), kept.udpPorts().entries());
        assertEquals(full.connections().entries().subList(0, kC), kept.connections().entries());
        assertEquals((TCP - kT) + (UDP - kU) + (CONNECTIONS - kC), encoded.droppedEntries());
        assertEquals(1, kept.customMetrics().size());

        // listeners before connections: a list only keeps entries when every list before it is complete
        if (kC > 0) {
            assertEquals(TCP, kT);
            assertEquals(UDP, kU);
        }
        if (kU > 0) {
            assertEquals(TCP, kT);
        }
        // as little as possible: one more entry in the list that was cut would not fit
        if (kC < CONNECTIONS && kU == UDP) {
            assertTooBig(encoder, full.truncated(kT, kU, kC + 1, 1), budget);
        } else if (kU < UDP && kT == TCP) {
            assertTooBig(encoder, full.truncated(kT, kU + 1, 0, 1), budget);
        } else if (kT < TCP) {
            assertTooBig(encoder, full.truncated(kT + 1, 0, 0, 1), budget);
        }

        JsonNode doc = (format == ReportFormat.CBOR ? new CBORMapper() : new ObjectMapper())
                .readTree(encoded.payload());
        String met = names == KeyNames.LONG ? "metrics" : "met";
        String tp = names == KeyNames.LONG ? "listening_tcp_ports" : "tp";
        String t = names == KeyNames.LONG ? "total" : "t";
        assertEquals(TCP, doc.get(met).get(tp).get(t).intValue());
    }

    private static void assertTooBig(ReportEncoder encoder, MetricsReport oneMore, int budget) {
        int size = encoder.encode(oneMore).length;
        assertTrue(size > budget, "one more entry would still fit: " + size + " <= " + budget);
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void aReportThatFitsIsEncodedWhole(ReportFormat format) {
        ReportEncoder encoder = ReportEncoder.of(format, KeyNames.LONG);
        MetricsReport full = busyReport(2);
        byte[] whole = encoder.encode(full);
        EncodedReport exact = encoder.encodeWithin(full, whole.length);
        assertArrayEquals(whole, exact.payload());
        assertEquals(0, exact.droppedEntries());
        EncodedReport oneShort = encoder.encodeWithin(full, whole.length - 1);
        assertEquals(1, oneShort.droppedConnections());
        assertEquals(full.connections().entries().get(CONNECTIONS - 2),
                oneShort.report().connections().entries().get(CONNECTIONS - 2));
    }

    @Test
    void theResultIsDeterministicWhateverOrderTheCollectorDelivered() {
        ReportEncoder encoder = ReportEncoder.of(ReportFormat.JSON, KeyNames.SHORT);
        assertArrayEquals(encoder.encodeWithin(busyReport(3), 30_000).payload(),
                encoder.encodeWithin(busyReport(3), 30_000).payload());
        // a different shuffle seed changes only the delivery order of the same entries
        // (the IPv6 addresses also depend on the seed, so compare TCP-only cuts)
        MetricsReport a = busyReport(4);
        MetricsReport b = busyReport(5);
        assertEquals(a.tcpPorts(), b.tcpPorts());
        assertArrayEquals(encoder.encodeWithin(a.truncated(TCP, 0, 0, 1), 3000).payload(),
                encoder.encodeWithin(b.truncated(TCP, 0, 0, 1), 3000).payload());
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void tinyBudgets(ReportFormat format) {
        ReportEncoder encoder = ReportEncoder.of(format, KeyNames.LONG);
        MetricsReport full = busyReport(6);
        int empty = encoder.encode(full.truncated(0, 0, 0, 1)).length;

        EncodedReport justEmpty = encoder.encodeWithin(full, empty);
        assertEquals(0, justEmpty.report().tcpPorts().entries().size());
        assertEquals(TCP + UDP + CONNECTIONS, justEmpty.droppedEntries());
        assertEquals(TCP, justEmpty.report().tcpPorts().total());
        assertTrue(justEmpty.payload().length <= empty);

        // below that, custom metrics go (last name first) before the report gives up
        EncodedReport noCustom = encoder.encodeWithin(full, empty - 1);
        assertEquals(1, noCustom.droppedCustomMetrics());
        assertTrue(noCustom.report().customMetrics().isEmpty());
        assertTrue(noCustom.payload().length <= empty - 1);

        assertThrows(ReportTooLargeException.class, () -> encoder.encodeWithin(full, 40));
    }

    @Test
    void customMetricsAreDroppedByNameOnlyAfterAllListEntries() {
        ReportEncoder encoder = ReportEncoder.of(ReportFormat.JSON, KeyNames.LONG);
        Map<String, CustomMetricValue> custom = new TreeMap<>();
        for (int i = 0; i < 50; i++) {
            custom.put(String.format("metric_%02d", i), new CustomMetricValue.StringList(List.of("x".repeat(90))));
        }
        MetricsReport withCustom = new MetricsReport(busyReport(7).header(), busyReport(7).tcpPorts(),
                busyReport(7).udpPorts(), busyReport(7).connections(), java.util.Optional.empty(), custom);
        EncodedReport r = encoder.encodeWithin(withCustom, 3000);
        assertTrue(r.payload().length <= 3000);
        assertEquals(0, r.report().tcpPorts().entries().size());
        assertTrue(r.droppedCustomMetrics() > 0 && r.droppedCustomMetrics() < 50);
        assertEquals(List.copyOf(custom.keySet()).subList(0, 50 - r.droppedCustomMetrics()),
                List.copyOf(r.report().customMetrics().keySet()));
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void theRetainLimitIsNeverBelowWhatFits(ReportFormat format) {
        for (KeyNames names : KeyNames.values()) {
            ReportEncoder encoder = ReportEncoder.of(format, names);
            int budget = 131_072;
            int limit = encoder.retainLimit(budget);
            // the smallest possible entries: ports without an interface, port numbers of one digit where possible
            List<PortBinding> ports = new ArrayList<>();
            for (int p = 1; p <= Math.min(65535, limit + 500); p++) {
                ports.add(new PortBinding(p, null));
            }
            MetricsReport r = new MetricsReport(io.watchpost.report.ReportHeader.of(1),
                    new io.watchpost.report.ReportList<>(ports, ports.size()),
                    io.watchpost.report.ReportList.empty(), io.watchpost.report.ReportList.empty(),
                    java.util.Optional.empty(), Map.of());
            int fitted = encoder.encodeWithin(r, budget).report().tcpPorts().entries().size();
            assertTrue(fitted <= limit, format + " " + names + ": " + fitted + " fit, limit " + limit);
            assertFalse(limit > budget, "limit " + limit);
        }
        // {"pt":1} is 8 bytes in short JSON; a1 62 70 74 01 is 5 bytes in short CBOR
        assertEquals(format == ReportFormat.JSON ? 131_072 / 8 : 131_072 / 5,
                ReportEncoder.of(format, KeyNames.SHORT).retainLimit(131_072));
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void theConnectionRetainLimitIsNeverBelowWhatFits(ReportFormat format) {
        for (KeyNames names : KeyNames.values()) {
            ReportEncoder encoder = ReportEncoder.of(format, names);
            int budget = 131_072;
            int limit = encoder.connectionRetainLimit(budget);
            // the smallest possible entries: the shortest remote text ([::]:0) and local ports of one digit where
            // possible, no interface
            List<TcpConnection> connections = new ArrayList<>();
            for (int i = 0; i < limit + 500; i++) {
                connections.add(new TcpConnection(0, 0, 0, i, null));
            }
            assertEquals("[::]:0", connections.get(0).remoteAddress());
            MetricsReport r = new MetricsReport(io.watchpost.report.ReportHeader.of(1),
                    io.watchpost.report.ReportList.empty(), io.watchpost.report.ReportList.empty(),
                    new io.watchpost.report.ReportList<>(connections, connections.size()), java.util.Optional.empty(),
                    Map.of());
            int fitted = encoder.encodeWithin(r, budget).report().connections().entries().size();
            assertTrue(fitted <= limit, format + " " + names + ": " + fitted + " fit, limit " + limit);
            assertTrue(limit <= encoder.retainLimit(budget), "limit " + limit);
        }
        // {"remote_addr":"[::]:0","local_port":0} is 39 bytes in long JSON, 32 in long CBOR
        assertEquals(format == ReportFormat.JSON ? 131_072 / 39 : 131_072 / 32,
                ReportEncoder.of(format, KeyNames.LONG).connectionRetainLimit(131_072));
    }

    /**
     * Forces the size arithmetic to disagree with the encoder: the sizes of short keys, the encoder writing long keys,
     * so every entry is underestimated and the fitted report comes out too large. The cycle must still get a report:
     * trimmed by measuring real encodings, within the budget, and as full as the honest fit.
     */
    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void whenTheSizeArithmeticIsWrongTheReportIsTrimmedByMeasuringNotLost(ReportFormat format) {
        ReportEncoder longKeys = ReportEncoder.of(format, KeyNames.LONG);
        EntrySizes wrongSizes = ReportEncoder.of(format, KeyNames.SHORT).entrySizes();
        MetricsReport report = busyReport(11);
        int budget = 20_000;
        MetricsReport arithmeticChoice = report.truncated(
                wrongSizes.fitPorts(report.tcpPorts().entries(), budget).count(), 0, 0, 1);
        assertTrue(longKeys.encode(arithmeticChoice).length > budget, "the wrong sizes must overshoot for this test");

        EncodedReport trimmed = new BudgetFitter(longKeys, wrongSizes, report, budget).fit();

        EncodedReport honest = longKeys.encodeWithin(report, budget);
        assertTrue(trimmed.payload().length <= budget, trimmed.payload().length + " > " + budget);
        assertEquals(honest.droppedEntries(), trimmed.droppedEntries());
        assertArrayEquals(honest.payload(), trimmed.payload());
        assertEquals(report.tcpPorts().total(), trimmed.report().tcpPorts().total());
    }
}
