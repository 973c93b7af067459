package io.watchpost.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.collect.Bounded;
import io.watchpost.collect.InterfaceCounters;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.collect.RemoteAddresses;
import io.watchpost.collect.PortSet;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportAssemblerTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final String BOOT = "boot-a";
    private static final String CONTAINER_NET = "/proc/net";
    private static final String HOST_NET = "/host/proc/1/net";
    private final ReportAssembler assembler = new ReportAssembler();

    private static NetworkSnapshot snapshot(String bootId, InterfaceCounters... interfaces) {
        return snapshotFrom(CONTAINER_NET, bootId, interfaces);
    }

    private static NetworkSnapshot snapshotFrom(String networkSource, String bootId, InterfaceCounters... interfaces) {
        return new NetworkSnapshot(bootId, networkSource,
                // delivered out of order and with a duplicate: the report sorts and de-duplicates
                new Bounded<>(List.of(new PortBinding(443, null), new PortBinding(22, "eth0"),
                        new PortBinding(22, "eth0")), 40),
                new Bounded<>(List.of(new PortBinding(5353, null)), 1),
                new Bounded<>(List.of(new TcpConnection("[::1]:9", 80, null), new TcpConnection("1.2.3.4:5", 22,
                        "eth0")), 2),
                List.of(interfaces), 3,
                PortSet.empty(), PortSet.empty(), RemoteAddresses.empty());
    }

    private static InterfaceCounters eth0(long rxBytes) {
        return new InterfaceCounters("eth0", false, rxBytes, 1, 2, 3);
    }

    @Test
    void listsAreSortedAndTotalsComeFromTheCollector() {
        MetricsReport r = assembler.assemble(snapshot(BOOT, eth0(1)), null, false, 0, NOW, Map.of()).report();
        assertEquals(List.of(new PortBinding(22, "eth0"), new PortBinding(443, null)), r.tcpPorts().entries());
        assertEquals(40, r.tcpPorts().total());
        assertEquals(List.of(new TcpConnection("1.2.3.4:5", 22, "eth0"), new TcpConnection("[::1]:9", 80, null)),
                r.connections().entries());
        assertEquals(ReportHeader.VERSION, r.header().version());
        assertEquals(NOW.toEpochMilli(), r.header().reportId());
    }

    @Test
    void withoutABaselineThereAreNoNetworkStatsButTheNextBaselineIsOffered() {
        AssembledReport a = assembler.assemble(snapshot(BOOT, eth0(500)), null, false, 0, NOW, Map.of());
        assertEquals(Optional.empty(), a.report().networkStats());
        assertEquals(Optional.of(new NetworkBaseline(BOOT, CONTAINER_NET, List.of(eth0(500)))), a.nextBaseline());
    }

    @Test
    void aBaselineFromAnotherBootGivesNoNetworkStats() {
        NetworkBaseline old = new NetworkBaseline("boot-before-reboot", CONTAINER_NET, List.of(eth0(100)));
        AssembledReport a = assembler.assemble(snapshot(BOOT, eth0(500)), old, false, 0, NOW, Map.of());
        assertEquals(Optional.empty(), a.report().networkStats());
    }

    @Test
    void anUnknownBootIdGivesNoNetworkStatsAndNoNextBaseline() {
        NetworkBaseline base = new NetworkBaseline(BOOT, CONTAINER_NET, List.of(eth0(100)));
        AssembledReport a = assembler.assemble(snapshot(null, eth0(500)), base, false, 0, NOW, Map.of());
        assertEquals(Optional.empty(), a.report().networkStats());
        assertEquals(Optional.empty(), a.nextBaseline());
    }

    @Test
    void theSameBootGivesDeltasAndTheBaselineKeepsLoopbackForLaterSettings() {
        InterfaceCounters lo = new InterfaceCounters("lo", true, 10_000, 100, 10_000, 100);
        NetworkBaseline base = new NetworkBaseline(BOOT, CONTAINER_NET, List.of(eth0(100),
                new InterfaceCounters("lo", true, 0, 0, 0, 0)));
        AssembledReport excluded = assembler.assemble(snapshot(BOOT, eth0(600), lo), base, false, 0, NOW, Map.of());
        assertEquals(Optional.of(new NetworkStats(500, 0, 0, 0)), excluded.report().networkStats());
        assertTrue(excluded.nextBaseline().orElseThrow().interfaces().contains(lo));

        AssembledReport included = assembler.assemble(snapshot(BOOT, eth0(600), lo), base, true, 0, NOW, Map.of());
        assertEquals(Optional.of(new NetworkStats(10_500, 10_000, 100, 100)), included.report().networkStats());
    }

    @Test
    void aBaselineFromAnotherNetworkSourceOfTheSameBootGivesNoNetworkStatsAndOffersTheNewCounters() {
        // The container's namespace had eth0 only; the host's /proc shows eth0 (other counters) and wlan0, which a
        // delta would count whole since boot.
        NetworkBaseline container = new NetworkBaseline(BOOT, CONTAINER_NET, List.of(eth0(100)));
        InterfaceCounters wlan0 = new InterfaceCounters("wlan0", false, 9_000_000, 9_000, 8_000_000, 8_000);
        AssembledReport a = assembler.assemble(snapshotFrom(HOST_NET, BOOT, eth0(7_000_000), wlan0), container,
                false, 0, NOW, Map.of());

        assertEquals(Optional.empty(), a.report().networkStats());
        assertEquals(Optional.of(new NetworkBaseline(BOOT, HOST_NET, List.of(eth0(7_000_000), wlan0))),
                a.nextBaseline());
    }

    @Test
    void theSameNetworkSourceAfterAChangeGivesDeltasAgainstTheNewBaseline() {
        NetworkBaseline host = assembler.assemble(snapshotFrom(HOST_NET, BOOT, eth0(7_000_000)),
                new NetworkBaseline(BOOT, CONTAINER_NET, List.of(eth0(100))), false, 0, NOW, Map.of())
                .nextBaseline().orElseThrow();
        AssembledReport next = assembler.assemble(snapshotFrom(HOST_NET, BOOT, eth0(7_000_250)), host, false, 0, NOW,
                Map.of());
        assertEquals(Optional.of(new NetworkStats(250, 0, 0, 0)), next.report().networkStats());
    }

    @Test
    void baselineFitNamesWhyABaselineCannotBeUsed() {
        NetworkBaseline base = new NetworkBaseline(BOOT, CONTAINER_NET, List.of());
        assertEquals(BaselineFit.USABLE, BaselineFit.of(base, BOOT, CONTAINER_NET));
        assertEquals(BaselineFit.NO_BASELINE, BaselineFit.of(null, BOOT, CONTAINER_NET));
        assertEquals(BaselineFit.BOOT_UNKNOWN, BaselineFit.of(base, null, CONTAINER_NET));
        assertEquals(BaselineFit.BOOT_CHANGED, BaselineFit.of(base, "boot-b", HOST_NET));
        assertEquals(BaselineFit.SOURCE_CHANGED, BaselineFit.of(base, BOOT, HOST_NET));
    }

    @Test
    void customMetricsAreSortedByName() {
        var one = new CustomMetricValue.Number(BigDecimal.ONE);
        MetricsReport r = assembler.assemble(snapshot(BOOT), null, false, 0, NOW,
                Map.of("zeta", one, "alpha", one, "Mid", one)).report();
        assertEquals(List.of("Mid", "alpha", "zeta"), List.copyOf(r.customMetrics().keySet()));
    }
}
