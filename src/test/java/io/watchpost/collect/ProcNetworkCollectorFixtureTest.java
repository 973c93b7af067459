package io.watchpost.collect;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchpost.log.EventLog;
import io.watchpost.proc.ProcFixtures;
import io.watchpost.proc.ProcFixtures.SsSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The collector over captured proc roots, checked against what ss and ip printed at the same instant. */
class ProcNetworkCollectorFixtureTest {
    private static final int NO_LIMIT = 10_000;
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final EventLog log = new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8),
            new PrintStream(logged, true, StandardCharsets.UTF_8), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), EventLog.Level.DEBUG);
    // the fixtures come from a little-endian kernel, whatever machine replays them
    private final ProcNetworkCollector collector = new ProcNetworkCollector(log, ByteOrder.LITTLE_ENDIAN);

    /** What the oracle says the collector must report, as sorted distinct sets. */
    record Expected(TreeSet<PortBinding> tcp, TreeSet<PortBinding> udp, TreeSet<TcpConnection> established) {}

    static Expected expected(String fixture, Predicate<SsSocket> keep) throws Exception {
        JsonNode ipAddr = ProcFixtures.json(fixture, "ip-addr.json");
        Map<InetAddress, String> owners = ProcFixtures.ipAddrOracle(ipAddr);
        List<InetAddress> hostOnly = ProcFixtures.ipv4HostAddresses(ipAddr);
        Expected e = new Expected(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        for (SsSocket s : ProcFixtures.ssOracle(fixture, "ss-listen.txt")) {
            if (keep.test(s)) {
                PortBinding p = new PortBinding(s.localPort(),
                        ProcFixtures.expectedOwner(s.localAddress(), owners, hostOnly));
                (s.netid().equals("tcp") ? e.tcp : e.udp).add(p);
            }
        }
        for (SsSocket s : ProcFixtures.ssOracle(fixture, "ss-established.txt")) {
            if (keep.test(s)) {
                e.established.add(new TcpConnection(s.peerText(), s.localPort(),
                        ProcFixtures.expectedOwner(s.localAddress(), owners, hostOnly)));
            }
        }
        return e;
    }

    private static void assertMatches(Expected e, NetworkSnapshot s) {
        assertEquals(List.copyOf(e.tcp), s.tcpListeners().kept());
        assertEquals(e.tcp.size(), s.tcpListeners().total());
        assertEquals(List.copyOf(e.udp), s.udpListeners().kept());
        assertEquals(e.udp.size(), s.udpListeners().total());
        assertEquals(List.copyOf(e.established), s.established().kept());
        assertEquals(e.established.size(), s.established().total());
    }

    private String logText() {
        return logged.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {ProcFixtures.HOST, ProcFixtures.MANY_INTERFACES})
    void reportsExactlyWhatSsAndIpSaw(String fixture) throws Exception {
        NetworkSnapshot s = collector.collect(ProcFixtures.dir(fixture), NO_LIMIT);
        assertMatches(expected(fixture, x -> true), s);
        assertEquals(0, s.malformedLines());
        assertEquals(Files.readString(ProcFixtures.dir(fixture).resolve("sys/kernel/random/boot_id")).trim(), s.bootId());
        List<InterfaceCounters> fromIp = new ArrayList<>();
        for (JsonNode link : ProcFixtures.json(fixture, "ip-link-stats.json")) {
            JsonNode st = link.get("stats64");
            String name = link.get("ifname").asText();
            fromIp.add(new InterfaceCounters(name, link.get("link_type").asText().equals("loopback"),
                    st.get("rx").get("bytes").asLong(), st.get("rx").get("packets").asLong(),
                    st.get("tx").get("bytes").asLong(), st.get("tx").get("packets").asLong()));
        }
        assertEquals(new TreeSet<>(fromIp.stream().map(Object::toString).toList()),
                new TreeSet<>(s.interfaces().stream().map(Object::toString).toList()));
        assertFalse(logText().contains(" WARN "), logText());
    }

    @Test
    void hostCaptureHasTheCasesTheDecisionsNameSpelledOut() throws Exception {
        NetworkSnapshot s = collector.collect(ProcFixtures.dir(ProcFixtures.HOST), NO_LIMIT);
        List<PortBinding> tcp = s.tcpListeners().kept();
        assertTrue(tcp.contains(new PortBinding(47000, null)), "wildcard 0.0.0.0");
        assertTrue(tcp.contains(new PortBinding(47001, null)), "dual-stack [::]");
        assertEquals(1, tcp.stream().filter(p -> p.port() == 47002).count(), "two SO_REUSEPORT listeners, one entry");
        assertTrue(tcp.contains(new PortBinding(47010, "lo")), "127.0.0.1");
        assertTrue(tcp.contains(new PortBinding(47012, "lo")), "::1");
        assertTrue(tcp.contains(new PortBinding(47014, "eth0")), "192.0.2.2");
        assertTrue(tcp.contains(new PortBinding(47016, "eth0")), "fd00::2");
        assertTrue(tcp.contains(new PortBinding(47018, "eth0")), "fe80::fc:ff:fe00:1");
        assertEquals(1, s.udpListeners().kept().stream().filter(p -> p.port() == 47003).count(),
                "UDP 0.0.0.0 and v6-only [::] on one port: one entry");
        List<TcpConnection> est = s.established().kept();
        assertTrue(est.stream().anyMatch(c -> c.localPort() == 47001 && c.remoteAddress().startsWith("127.0.0.1:")
                && "lo".equals(c.localInterface())), "IPv4-mapped row written as plain IPv4, owned by lo: " + est);
        assertTrue(est.stream().anyMatch(c -> c.remoteAddress().startsWith("[fd00::2]:") && c.localPort() == 47016));
        assertTrue(est.stream().anyMatch(c -> c.remoteAddress().startsWith("[::1]:") && c.localPort() == 47012));
        // connected UDP clients (ss shows them ESTAB, not in -l) are no listeners: every UDP port is one of ours
        assertTrue(s.udpListeners().kept().stream().allMatch(p -> p.port() >= 47000 && p.port() < 47100));
        InterfaceCounters lo = s.interfaces().stream().filter(i -> i.name().equals("lo")).findFirst().orElseThrow();
        assertTrue(lo.loopback());
        assertTrue(s.interfaces().stream().filter(i -> !i.name().equals("lo")).noneMatch(InterfaceCounters::loopback));
    }

    @Test
    void remotePeersInAnotherNamespaceCarryTheLocalInterface() throws Exception {
        NetworkSnapshot s = collector.collect(ProcFixtures.dir(ProcFixtures.MANY_INTERFACES), NO_LIMIT);
        List<TcpConnection> est = s.established().kept();
        assertTrue(est.stream().anyMatch(c -> c.remoteAddress().equals("10.1.0.2:9000") && "v1-main".equals(c.localInterface())));
        assertTrue(est.stream().anyMatch(c -> c.remoteAddress().equals("[fd01::2]:9000") && "v1-main".equals(c.localInterface())));
        assertTrue(est.stream().anyMatch(c -> c.remoteAddress().equals("172.16.5.2:9000") && "v3.data".equals(c.localInterface())));
        assertTrue(est.stream().anyMatch(c -> c.remoteAddress().equals("10.4.0.2:9000")
                && "vethlongname015".equals(c.localInterface())));
        assertTrue(s.tcpListeners().kept().contains(new PortBinding(48032, null)), "10.9.9.9/32 has no connected route");
        assertTrue(s.tcpListeners().kept().contains(new PortBinding(48034, "vethlongname015")), "secondary address");
        assertTrue(s.tcpListeners().kept().contains(new PortBinding(48022, "v2-main")), "fd02::1:0:0:1");
    }

    @Test
    void retainLimitKeepsTheSmallestAndTotalsCountAll() throws Exception {
        Expected e = expected(ProcFixtures.MANY_INTERFACES, x -> true);
        NetworkSnapshot s = collector.collect(ProcFixtures.dir(ProcFixtures.MANY_INTERFACES), 3);
        assertEquals(List.copyOf(e.tcp).subList(0, 3), s.tcpListeners().kept());
        assertEquals(e.tcp.size(), s.tcpListeners().total());
        assertEquals(List.copyOf(e.udp).subList(0, 3), s.udpListeners().kept());
        assertEquals(List.copyOf(e.established).subList(0, 3), s.established().kept());
        assertEquals(e.established.size(), s.established().total());
        NetworkSnapshot none = collector.collect(ProcFixtures.dir(ProcFixtures.MANY_INTERFACES), 0);
        assertEquals(List.of(), none.established().kept());
        assertEquals(e.established.size(), none.established().total());
        assertEquals(e.tcp.size(), none.tcpListeners().total());
    }

    @Test
    void ipv6OffMeansIpv4OnlyAndNoWarning(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        for (String f : List.of("tcp6", "udp6", "if_inet6")) {
            Files.delete(root.resolve("1/net").resolve(f));
        }
        NetworkSnapshot s = collector.collect(root, NO_LIMIT);
        assertMatches(expected(ProcFixtures.HOST, x -> !x.local().startsWith("[") && !x.local().startsWith("*")), s);
        assertFalse(logText().contains(" WARN "), logText());
    }

    @Test
    void containerRootWithoutPid1NetFallsBackAndWarnsOnce(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.net(ProcFixtures.HOST, ""), root.resolve("net"));
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST).resolve("sys"), root.resolve("sys"));
        NetworkSnapshot s = collector.collect(root, NO_LIMIT);
        assertMatches(expected(ProcFixtures.HOST, x -> true), s);
        assertEquals(root.resolve("net").toAbsolutePath().normalize().toString(), s.networkSource());
        collector.collect(root, NO_LIMIT);
        String[] warnings = logText().lines().filter(l -> l.contains(" WARN ")).toArray(String[]::new);
        assertEquals(1, warnings.length, logText());
        assertTrue(warnings[0].contains("proc_host_net_unreadable"));
        assertTrue(warnings[0].contains("using=" + root.resolve("net")));
        assertTrue(warnings[0].contains("container"), warnings[0]);
    }

    @Test
    void containerRootPrefersTheHostNamespaceInPid1Net(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.MANY_INTERFACES), root);
        ProcFixtures.copyTree(ProcFixtures.net(ProcFixtures.HOST, ""), root.resolve("net"));
        NetworkSnapshot s = collector.collect(root, NO_LIMIT);
        assertMatches(expected(ProcFixtures.MANY_INTERFACES, x -> true), s);
        // The baseline is tied to the directory the counters came from, written the same however the root is given.
        assertEquals(root.resolve("1/net").toAbsolutePath().normalize().toString(), s.networkSource());
        assertEquals(s.networkSource(), collector.collect(root.resolve("1/..").resolve("."), NO_LIMIT).networkSource());
        assertFalse(logText().contains(" WARN "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp-truncated", "tcp-too-few-columns", "tcp-non-hex", "tcp-binary", "tcp-overlong",
            "tcp-empty"})
    void brokenTcpLineIsSkippedCountedAndLoggedWithFileAndLine(String variant, @TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        Path tcp = root.resolve("1/net/tcp");
        Files.copy(ProcFixtures.broken(variant), tcp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        NetworkSnapshot s = collector.collect(root, NO_LIMIT);
        assertEquals(1, s.malformedLines());
        List<String> warnings = logText().lines().filter(l -> l.contains(" WARN ")).toList();
        assertEquals(1, warnings.size(), logText());
        String w = warnings.get(0);
        assertTrue(w.contains("proc_lines_skipped file=" + tcp + " skipped=1 first_line="), w);
        int line = variant.equals("tcp-truncated") ? (int) Files.readString(tcp).lines().count()
                : variant.equals("tcp-empty") ? 1 : 3;
        assertTrue(w.contains("first_line=" + line + " "), w);
        w.chars().forEach(c -> assertTrue(c >= 0x20 && c < 0x7f, "only printable ASCII in the log: " + w));
        if (!variant.equals("tcp-truncated") && !variant.equals("tcp-empty")) {
            // the good rows are all still there
            assertMatches(expected(ProcFixtures.HOST, x -> true), s);
        }
    }

    @Test
    void loggedTextIsEscapedAndCutAt200Bytes(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        Files.copy(ProcFixtures.broken("tcp-binary"), root.resolve("1/net/tcp"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        collector.collect(root, NO_LIMIT);
        String w = logText().lines().filter(l -> l.contains("proc_lines_skipped")).findFirst().orElseThrow();
        assertTrue(w.contains("text=\"\\x00\\x01\\xff\\xfe garbage \\x1b[31m\\r"), w);
        assertTrue(w.contains("reason=\"binary byte 0x0 at column 1\""), w);

        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root.resolve("other"));
        Files.copy(ProcFixtures.broken("tcp-overlong"), root.resolve("other/1/net/tcp"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        logged.reset();
        collector.collect(root.resolve("other"), NO_LIMIT);
        String o = logText().lines().filter(l -> l.contains("proc_lines_skipped")).findFirst().orElseThrow();
        String text = o.substring(o.indexOf("text=\"") + 6, o.length() - 1);
        assertEquals(200 + "...".length(), text.length(), text);
    }

    @Test
    void manyBadLinesInOneFileAreOneWarningPerCycle(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        Path udp = root.resolve("1/net/udp");
        Files.writeString(udp, Files.readString(udp) + "junk\nmore junk\n  7: 0100007F\n", StandardCharsets.US_ASCII);
        NetworkSnapshot s = collector.collect(root, NO_LIMIT);
        assertEquals(3, s.malformedLines());
        collector.collect(root, NO_LIMIT);
        List<String> warnings = logText().lines().filter(l -> l.contains("proc_lines_skipped")).toList();
        assertEquals(2, warnings.size(), "one per cycle");
        assertTrue(warnings.get(0).contains("file=" + udp + " skipped=3 first_line=" + (Files.readString(udp).lines().count() - 2)));
    }

    @Test
    void missingRootTcpOrDevIsACollectExceptionNamingThePath(@TempDir Path root) throws Exception {
        CollectException noRoot = assertThrows(CollectException.class,
                () -> collector.collect(root.resolve("absent"), NO_LIMIT));
        assertEquals(root.resolve("absent"), noRoot.path());
        assertTrue(noRoot.getMessage().startsWith(root.resolve("absent").toString()));

        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root.resolve("a"));
        Files.delete(root.resolve("a/1/net/tcp"));
        CollectException noTcp = assertThrows(CollectException.class, () -> collector.collect(root.resolve("a"), NO_LIMIT));
        assertEquals(root.resolve("a/1/net/tcp"), noTcp.path());

        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root.resolve("b"));
        Files.delete(root.resolve("b/1/net/dev"));
        CollectException noDev = assertThrows(CollectException.class, () -> collector.collect(root.resolve("b"), NO_LIMIT));
        assertEquals(root.resolve("b/1/net/dev"), noDev.path());
    }

    @Test
    void unreadableTableIsACollectException(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        Files.delete(root.resolve("1/net/tcp6"));
        Files.createDirectory(root.resolve("1/net/tcp6"));
        CollectException e = assertThrows(CollectException.class, () -> collector.collect(root, NO_LIMIT));
        assertEquals(root.resolve("1/net/tcp6"), e.path());
        assertTrue(e.getMessage().endsWith("is a directory, not a regular file; only regular files are read"),
                e.getMessage());
    }

    @Test
    void missingUdpOrBootIdIsLoggedNotFatal(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        Files.delete(root.resolve("1/net/udp"));
        Files.delete(root.resolve("sys/kernel/random/boot_id"));
        NetworkSnapshot s = collector.collect(root, NO_LIMIT);
        assertNull(s.bootId());
        Expected udp6Only = expected(ProcFixtures.HOST, x -> !"udp".equals(x.netid()) || x.local().startsWith("["));
        assertEquals(List.copyOf(udp6Only.udp), s.udpListeners().kept());
        assertEquals(expected(ProcFixtures.HOST, x -> true).tcp.size(), s.tcpListeners().total());
        assertTrue(logText().contains("proc_table_missing file=" + root.resolve("1/net/udp")), logText());
        assertTrue(logText().contains("boot_id_unavailable"), logText());
    }

    @Test
    void brokenAddressTablesOnlyCostTheirBadLines(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        for (String f : List.of("if_inet6", "route", "fib_trie")) {
            Files.copy(ProcFixtures.broken(f + "-broken"), root.resolve("1/net").resolve(f),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        NetworkSnapshot s = collector.collect(root, NO_LIMIT);
        assertMatches(expected(ProcFixtures.HOST, x -> true), s);
        assertEquals(2 + 2 + 3, s.malformedLines());
        assertEquals(3, logText().lines().filter(l -> l.contains("proc_lines_skipped")).count());
    }
}
