package io.watchpost.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.watchpost.collect.Bounded;
import io.watchpost.collect.CollectException;
import io.watchpost.collect.InterfaceCounters;
import io.watchpost.collect.NetworkCollector;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.collect.RemoteAddresses;
import io.watchpost.collect.PortSet;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import io.watchpost.config.Settings;
import io.watchpost.config.KeyNames;
import io.watchpost.encode.ReportEncoder;
import io.watchpost.config.ReportFormat;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.report.NetworkBaseline;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollectingReportSourceTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Path ROOT = Path.of("/host/proc");

    private Path seenRoot;
    private int seenRetainLimit;

    private NetworkCollector returning(NetworkSnapshot snapshot) {
        return (root, retainLimit) -> {
            seenRoot = root;
            seenRetainLimit = retainLimit;
            return snapshot;
        };
    }

    private static NetworkSnapshot snapshot(int connections) {
        List<TcpConnection> conns = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            conns.add(new TcpConnection("10.0." + (i / 256) + "." + (i % 256) + ":443", 40000 + i % 20000, "eth0"));
        }
        return new NetworkSnapshot("boot", "/proc/net", new Bounded<>(List.of(new PortBinding(22, null)), 1),
                new Bounded<>(List.of(new PortBinding(68, "eth0")), 1), new Bounded<>(conns, connections),
                List.of(new InterfaceCounters("eth0", false, 5000, 50, 7000, 70)), 4,
                PortSet.empty(), PortSet.empty(), RemoteAddresses.empty());
    }

    private static Settings settings(ReportFormat format, int maxBytes) {
        Settings d = Settings.defaults().withProcRoot(ROOT).withReportFormat(format).withKeyNames(KeyNames.SHORT);
        return new Settings(d.sampleInterval(), d.procRoot(), d.reportFormat(), d.keyNames(), maxBytes, false,
                d.customMetrics(), d.customMetricsTopic(), d.maxCustomMetrics(), d.diskUsagePath());
    }

    @Test
    void composesCollectAssembleAndEncode() throws Exception {
        Map<String, CustomMetricValue> custom = Map.of("cpu_usage", new CustomMetricValue.Number(BigDecimal.TEN));
        List<Settings> asked = new ArrayList<>();
        var source = new CollectingReportSource(returning(snapshot(3)), settings -> {
            asked.add(settings);
            return custom;
        });
        NetworkBaseline baseline = new NetworkBaseline("boot", "/proc/net", List.of(
                new InterfaceCounters("eth0", false, 1000, 10, 2000, 20)));

        Settings settings = settings(ReportFormat.CBOR, 131_072);
        PreparedReport prepared = source.prepare(settings, baseline, 41, NOW);

        assertEquals(List.of(settings), asked, "custom metrics are asked once, with the report's settings");
        assertEquals(ROOT, seenRoot);
        assertEquals(ReportEncoder.of(ReportFormat.CBOR, KeyNames.SHORT).retainLimit(131_072), seenRetainLimit);
        assertEquals(NOW.toEpochMilli(), prepared.reportId());
        assertSame(ReportFormat.CBOR, prepared.format());
        assertEquals(new ReportSummary(1, 1, 3, 0, true, 1, 4), prepared.summary());
        assertEquals("boot", prepared.nextBaseline().orElseThrow().bootId());

        JsonNode doc = new CBORMapper().readTree(prepared.payload());
        assertEquals(NOW.toEpochMilli(), doc.get("hed").get("rid").longValue());
        assertEquals(4000, doc.get("met").get("ns").get("bi").longValue());
        assertEquals(10, doc.get("cmet").get("cpu_usage").get(0).get("number").intValue());
    }

    @Test
    void theSummaryAlsoCountsConnectionsTheCollectorDidNotKeep() throws Exception {
        NetworkSnapshot full = snapshot(10);
        // The collector kept 10 of 5,000 distinct connections (its retain limit): 4,990 are left out of the report.
        NetworkSnapshot bounded = new NetworkSnapshot(full.bootId(), full.networkSource(), full.tcpListeners(),
                full.udpListeners(), new Bounded<>(full.established().kept(), 5000), full.interfaces(),
                full.malformedLines(),
                PortSet.empty(), PortSet.empty(), RemoteAddresses.empty());
        PreparedReport prepared = new CollectingReportSource(returning(bounded))
                .prepare(settings(ReportFormat.JSON, 128 * 1024), null, 0, NOW);
        assertEquals(5000, prepared.summary().connections());
        assertEquals(4990, prepared.summary().droppedEntries());
    }

    @Test
    void theSummaryCountsEntriesDroppedForTheBudget() throws Exception {
        var source = new CollectingReportSource(returning(snapshot(500)));
        PreparedReport prepared = source.prepare(settings(ReportFormat.JSON, 2048), null, 0, NOW);
        assertTrue(prepared.payload().length <= 2048);
        ReportSummary s = prepared.summary();
        assertEquals(500, s.connections());
        assertTrue(s.droppedEntries() > 400 && s.droppedEntries() < 500, "dropped " + s.droppedEntries());
        assertEquals(false, s.networkStats());
        assertEquals(0, s.customMetrics());
    }

    @Test
    void collectFailuresReachTheCaller() {
        var source = new CollectingReportSource((root, limit) -> {
            throw new CollectException(root.resolve("net/tcp"), "No such file", null);
        });
        CollectException e = assertThrows(CollectException.class,
                () -> source.prepare(settings(ReportFormat.JSON, 131_072), null, 0, NOW));
        assertTrue(e.getMessage().contains("/host/proc/net/tcp"), e.getMessage());
    }
}
