package io.watchpost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.watchpost.collect.Bounded;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import io.watchpost.config.SettingsParser;
import io.watchpost.proc.ProcFixtures;
import io.watchpost.proc.ProcFixtures.SsSocket;
import io.watchpost.testing.RoutableAddresses;
import java.io.Closeable;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar watchpost.jar report} against this machine's live /proc while the test holds sockets of every kind,
 * cross-checked with {@code ss} (sock_diag netlink) run right after each report and with interface owners from
 * {@code ip -j addr}. The in-process counterpart is {@code ProcNetworkCollectorLiveTest}; this one checks the whole
 * command: the jar, the config file, both encodings and both key spellings, and {@code --delta-seconds}.
 *
 * <p>Other processes on a shared machine may hold so many sockets that the report is cut to its size budget. Each list
 * is sorted and cut from the end, so the kept entries are the smallest ones: the test checks its own entries exactly
 * as far as the kept list reaches (all of them when nothing was cut), and prints how many that was.
 */
class ReportLiveProcIT {
    private static final int MAX_REPORT_BYTES = 131_072;

    /** The document's keys in one spelling, written out here from the AWS field table, not read from the encoder. */
    private record Keys(String header, String reportId, String version, String metrics, String tcpPorts,
                        String udpPorts, String ports, String port, String iface, String total, String networkStats,
                        List<String> statKeys, String tcpConnections, String established, String connections,
                        String remoteAddr, String localPort, String localInterface) {
        static final Keys LONG = new Keys("header", "report_id", "version", "metrics", "listening_tcp_ports",
                "listening_udp_ports", "ports", "port", "interface", "total", "network_stats",
                List.of("bytes_in", "bytes_out", "packets_in", "packets_out"), "tcp_connections",
                "established_connections", "connections", "remote_addr", "local_port", "local_interface");
        static final Keys SHORT = new Keys("hed", "rid", "v", "met", "tp", "up", "pts", "pt", "if", "t", "ns",
                List.of("bi", "bo", "pi", "po"), "tc", "ec", "cs", "rad", "lp", "li");
    }

    /** The lists of one printed report, as the record types the collector uses (for their sort order). */
    private record Report(long reportId, Bounded<PortBinding> tcp, Bounded<PortBinding> udp,
                          Bounded<TcpConnection> connections, JsonNode networkStats) {}

    private record Run(int exit, byte[] stdout, String stderr, long startMillis, long endMillis) {}

    /** Loopback (all of 127.0.0.0/8 is) and sorts before the 127.0.0.1 and 127.0.0.2 peers of busy test machines. */
    private static final String LOW_SORTING_LOOPBACK = "127.0.0.100";
    private static final String IPV4_ADDR = "\\d{1,3}(\\.\\d{1,3}){3}:\\d{1,5}";
    private static final String IPV6_ADDR = "\\[[0-9a-f:]+\\]:\\d{1,5}";

    @TempDir
    Path dir;

    private final List<Closeable> held = new ArrayList<>();
    /** Ports of the test's TCP listeners, and of all its TCP sockets (listeners and both ends of connections). */
    private final Set<Integer> ourListenerPorts = new HashSet<>();
    private final Set<Integer> ourTcpPorts = new HashSet<>();
    /** Ports of all the test's UDP sockets: a connected client among them must not show up as a listener. */
    private final Set<Integer> ourUdpPorts = new HashSet<>();
    private final List<PortBinding> expectedTcp = new ArrayList<>();
    private final List<PortBinding> expectedUdp = new ArrayList<>();
    private final List<TcpConnection> expectedConnections = new ArrayList<>();
    private final List<Integer> udpClientPorts = new ArrayList<>();

    @Test
    void everySocketTheTestHoldsIsInTheReportAsSsSeesIt() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc");
        assumeSameNetworkNamespaceAsPid1();
        try {
            openSockets();
            Path config = config(MAX_REPORT_BYTES);

            Report json = checkRun("json/long", Keys.LONG, false, MAX_REPORT_BYTES, run("--config",
                    config.toString(), "--format", "json", "--names", "long"));
            Report delta = checkRun("json/long --delta-seconds 1", Keys.LONG, true, MAX_REPORT_BYTES, run("--config",
                    config.toString(), "--delta-seconds", "1"));
            Report cbor = checkRun("cbor/short", Keys.SHORT, false, MAX_REPORT_BYTES, run("--config",
                    config.toString(), "--format", "cbor", "--names", "short"));

            for (String stat : Keys.LONG.statKeys()) {
                JsonNode v = delta.networkStats().get(stat);
                assertTrue(v.isIntegralNumber() && v.bigIntegerValue().signum() >= 0, stat + " = " + v);
            }
            // The two encodings of the same sockets: our entries are the same wherever neither report was cut.
            assertEquals(visibleOurs(json.tcp(), cbor.tcp(), this::isOurListener),
                    visibleOurs(cbor.tcp(), json.tcp(), this::isOurListener));
            assertEquals(visibleOurs(json.udp(), cbor.udp(), this::isOurUdp),
                    visibleOurs(cbor.udp(), json.udp(), this::isOurUdp));
            assertEquals(visibleOurs(json.connections(), cbor.connections(), this::isOurConnection),
                    visibleOurs(cbor.connections(), json.connections(), this::isOurConnection));
        } finally {
            Collections.reverse(held);
            for (Closeable c : held) {
                c.close();
            }
        }
    }

    /**
     * With the smallest budget and more connections than fit, the report is cut: the kept connections are still
     * exactly the smallest of the sorted list, as ss sees it.
     */
    @Test
    void aReportCutToItsBudgetKeepsTheSmallestEntries() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc");
        assumeSameNetworkNamespaceAsPid1();
        try {
            openSockets();
            InetAddress v4 = InetAddress.getByName("127.0.0.1");
            ServerSocket many = listen(new ServerSocket(0, 100, v4), "lo");
            for (int i = 0; i < 30; i++) {
                Socket client = connect(many, v4);
                expectedConnections.add(new TcpConnection("127.0.0.1:" + many.getLocalPort(), client.getLocalPort(),
                        "lo"));
                expectedConnections.add(new TcpConnection("127.0.0.1:" + client.getLocalPort(), many.getLocalPort(),
                        "lo"));
            }
            int budget = SettingsParser.MIN_REPORT_BYTES;
            Report cut = checkRun("json/long cut", Keys.LONG, false, budget, run("--config",
                    config(budget).toString()));
            assertTrue(cut.connections().kept().size() < cut.connections().total(), "the report was cut: "
                    + cut.connections().kept().size() + " of " + cut.connections().total());
        } finally {
            Collections.reverse(held);
            for (Closeable c : held) {
                c.close();
            }
        }
    }

    private Path config(int maxReportBytes) throws IOException {
        Path config = dir.resolve("config-" + maxReportBytes + ".json");
        Files.writeString(config, "{\"" + SettingsParser.MAX_REPORT_BYTES + "\": " + maxReportBytes + "}");
        return config;
    }

    /** The command reads /proc/1/net (the host's namespace); the test's sockets are only there if it shares it. */
    private static void assumeSameNetworkNamespaceAsPid1() {
        try {
            Path self = Files.readSymbolicLink(Path.of("/proc/self/ns/net"));
            Path init = Files.readSymbolicLink(Path.of("/proc/1/ns/net"));
            assumeTrue(self.equals(init), "the test runs in network namespace " + self + ", pid 1 in " + init);
        } catch (IOException | UnsupportedOperationException e) {
            // unreadable namespace links: run anyway, a different namespace would show as missing sockets
        }
    }

    private void openSockets() throws IOException {
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        ServerSocket tcp4 = listen(new ServerSocket(0, 50, v4), "lo");
        ServerSocket tcp6 = listen(new ServerSocket(0, 50, v6), "lo");
        ServerSocket tcpAny = listen(new ServerSocket(0), null); // dual-stack [::]

        DatagramSocket udp4 = udpListener(new DatagramSocket(new InetSocketAddress(v4, 0)), "lo");
        DatagramSocket udp6 = udpListener(new DatagramSocket(new InetSocketAddress(v6, 0)), "lo");
        udpListener(new DatagramSocket(0), null);
        udpClient(new DatagramSocket(new InetSocketAddress(v4, 0))).connect(v4, udp4.getLocalPort());
        udpClient(new DatagramSocket(new InetSocketAddress(v6, 0))).connect(v6, udp6.getLocalPort());

        Socket client4 = connect(tcp4, v4);
        expectedConnections.add(new TcpConnection("127.0.0.1:" + tcp4.getLocalPort(), client4.getLocalPort(), "lo"));
        expectedConnections.add(new TcpConnection("127.0.0.1:" + client4.getLocalPort(), tcp4.getLocalPort(), "lo"));
        Socket client6 = connect(tcp6, v6);
        expectedConnections.add(new TcpConnection("[::1]:" + tcp6.getLocalPort(), client6.getLocalPort(), "lo"));
        expectedConnections.add(new TcpConnection("[::1]:" + client6.getLocalPort(), tcp6.getLocalPort(), "lo"));
        Socket clientMapped = connect(tcpAny, v4);
        // the client end is a plain IPv4 row; the accepted end on the dual-stack listener is an IPv4-mapped tcp6 row,
        // which the report writes as plain IPv4
        expectedConnections.add(new TcpConnection("127.0.0.1:" + tcpAny.getLocalPort(), clientMapped.getLocalPort(),
                "lo"));
        expectedConnections.add(new TcpConnection("127.0.0.1:" + clientMapped.getLocalPort(), tcpAny.getLocalPort(),
                "lo"));

        // The same two kinds once more with both ends on 127.0.0.100: "127.0.0.100:" sorts before "127.0.0.1:" and
        // "127.0.0.2:", so these stay in a report that other processes' loopback connections have cut.
        InetAddress low = InetAddress.getByName(LOW_SORTING_LOOPBACK);
        Socket clientLow = connect(listen(new ServerSocket(0, 50, low), "lo"), low, low);
        expectedConnections.add(new TcpConnection(LOW_SORTING_LOOPBACK + ":" + clientLow.getPort(),
                clientLow.getLocalPort(), "lo"));
        expectedConnections.add(new TcpConnection(LOW_SORTING_LOOPBACK + ":" + clientLow.getLocalPort(),
                clientLow.getPort(), "lo"));
        Socket clientLowMapped = connect(tcpAny, low, low);
        expectedConnections.add(new TcpConnection(LOW_SORTING_LOOPBACK + ":" + tcpAny.getLocalPort(),
                clientLowMapped.getLocalPort(), "lo"));
        expectedConnections.add(new TcpConnection(LOW_SORTING_LOOPBACK + ":" + clientLowMapped.getLocalPort(),
                tcpAny.getLocalPort(), "lo"));

        // this machine's own non-loopback addresses, where it has them (their connections are checked through ss)
        for (RoutableAddresses.Owned owned : RoutableAddresses.ofThisMachine()) {
            connect(listen(new ServerSocket(0, 50, owned.address()), owned.interfaceName()), owned.address());
        }
    }

    private <T extends Closeable> T hold(T c) {
        held.add(c);
        return c;
    }

    private ServerSocket listen(ServerSocket s, String owner) {
        hold(s);
        ourListenerPorts.add(s.getLocalPort());
        ourTcpPorts.add(s.getLocalPort());
        expectedTcp.add(new PortBinding(s.getLocalPort(), owner));
        return s;
    }

    private Socket connect(ServerSocket server, InetAddress to) throws IOException {
        return connect(server, to, null);
    }

    /** @param from the client's local address, or null to let the kernel choose */
    private Socket connect(ServerSocket server, InetAddress to, InetAddress from) throws IOException {
        Socket client = hold(new Socket());
        client.bind(new InetSocketAddress(from, 0));
        client.connect(new InetSocketAddress(to, server.getLocalPort()));
        hold(server.accept());
        ourTcpPorts.add(client.getLocalPort());
        return client;
    }

    private DatagramSocket udpListener(DatagramSocket s, String owner) {
        hold(s);
        ourUdpPorts.add(s.getLocalPort());
        expectedUdp.add(new PortBinding(s.getLocalPort(), owner));
        return s;
    }

    private DatagramSocket udpClient(DatagramSocket s) {
        hold(s);
        ourUdpPorts.add(s.getLocalPort());
        udpClientPorts.add(s.getLocalPort());
        return s;
    }

    private boolean isOurListener(PortBinding p) {
        return ourListenerPorts.contains(p.port());
    }

    private boolean isOurUdp(PortBinding p) {
        return ourUdpPorts.contains(p.port());
    }

    /** Both ends ours: on a busy machine other connections share ephemeral local port numbers. */
    private boolean isOurConnection(TcpConnection c) {
        return ourTcpPorts.contains(c.localPort()) && ourTcpPorts.contains(remotePort(c));
    }

    /** Runs the command, then ss at once, and checks the report against the test's sockets and ss entry for entry. */
    private Report checkRun(String label, Keys keys, boolean expectStats, int maxBytes, Run run) throws Exception {
        String ssListen = command("ss", "-H", "-tlnu");
        String ssEstablished = command("ss", "-H", "-tn", "state", "established");
        JsonNode ipAddr = new ObjectMapper().readTree(command("ip", "-j", "addr"));

        assertEquals(0, run.exit(), label + ": " + run.stderr());
        // stderr carries config problems and collector warnings; a clean live /proc and a valid config give neither
        assertEquals("", run.stderr(), label);
        ObjectMapper mapper = keys == Keys.SHORT ? new ObjectMapper(new CBORFactory()) : new ObjectMapper();
        if (keys == Keys.LONG) {
            String text = new String(run.stdout(), StandardCharsets.UTF_8);
            assertTrue(text.endsWith("}\n") && text.indexOf('\n') == text.length() - 1, "one JSON line: " + label);
        }
        JsonNode root = mapper.readTree(run.stdout());
        assertTrue(run.stdout().length <= maxBytes, label + ": " + run.stdout().length + " bytes");
        Report report = parse(root, keys, expectStats, label);
        assertTrue(report.reportId() >= run.startMillis() && report.reportId() <= run.endMillis(),
                label + ": report_id " + report.reportId() + " is epoch milliseconds of the run");

        // what the test knows it holds
        checkOurs(label + " tcp ports", report.tcp(), expectedTcp, this::isOurListener);
        checkOurs(label + " udp ports", report.udp(), expectedUdp, this::isOurUdp);
        for (int clientPort : udpClientPorts) {
            assertFalse(report.udp().kept().stream().anyMatch(p -> p.port() == clientPort),
                    label + ": connected UDP client port " + clientPort + " is no listener");
        }
        for (TcpConnection c : expectedConnections) {
            if (reaches(report.connections(), c)) {
                assertTrue(report.connections().kept().contains(c), label + ": " + c + " in "
                        + mine(report.connections().kept(), this::isOurConnection));
            }
        }

        // what ss sees for the same ports, owners from ip -j addr
        Map<InetAddress, String> owners = ProcFixtures.ipAddrOracle(ipAddr);
        List<InetAddress> hostOnly = ProcFixtures.ipv4HostAddresses(ipAddr);
        TreeSet<PortBinding> ssTcp = new TreeSet<>();
        TreeSet<PortBinding> ssUdp = new TreeSet<>();
        for (SsSocket s : ProcFixtures.parseSs(ssListen)) {
            PortBinding p = new PortBinding(s.localPort(), ProcFixtures.expectedOwner(s.localAddress(), owners,
                    hostOnly));
            if (s.netid().equals("tcp") && isOurListener(p)) {
                ssTcp.add(p);
            } else if (s.netid().equals("udp") && isOurUdp(p)) {
                ssUdp.add(p);
            }
        }
        TreeSet<TcpConnection> ssEst = new TreeSet<>();
        for (SsSocket s : ProcFixtures.parseSs(ssEstablished)) {
            TcpConnection c = new TcpConnection(s.peerText(), s.localPort(),
                    ProcFixtures.expectedOwner(s.localAddress(), owners, hostOnly));
            if (isOurConnection(c)) {
                ssEst.add(c);
            }
        }
        // the oracle itself: ss sees both ends of every connection the test holds, and no other of ours
        assertEquals(new TreeSet<>(expectedConnections), ssEst.stream().filter(c -> "lo".equals(c.localInterface()))
                .collect(Collectors.toCollection(TreeSet::new)), "loopback connections in ss");
        long ownAddressListeners = expectedTcp.stream().filter(p -> p.interfaceName() != null
                && !p.interfaceName().equals("lo")).count();
        assertEquals(expectedConnections.size() + 2 * ownAddressListeners, ssEst.size(), ssEst.toString());
        checkOurs(label + " tcp ports vs ss", report.tcp(), ssTcp, this::isOurListener);
        checkOurs(label + " udp ports vs ss", report.udp(), ssUdp, this::isOurUdp);
        checkOurs(label + " connections vs ss", report.connections(), ssEst, this::isOurConnection);
        return report;
    }

    /**
     * The report's entries of ours equal {@code expected}, as far as its sorted list reaches: all of them when the list
     * is complete, else those that sort at or before its last kept entry (the kept entries are the smallest).
     */
    private static <T extends Comparable<T>> void checkOurs(String label, Bounded<T> reported, Collection<T> expected,
                                                            Predicate<T> ours) {
        List<T> want = new TreeSet<>(expected).stream().filter(e -> reaches(reported, e)).toList();
        assertEquals(want, mine(reported.kept(), ours), label);
        assertTrue(reported.total() >= expected.size(), label + ": total " + reported.total());
        if (want.size() < expected.size()) {
            System.out.printf("ReportLiveProcIT: %s: report cut to %d of %d entries, %d of our %d checked%n", label,
                    reported.kept().size(), reported.total(), want.size(), expected.size());
        }
    }

    /** Whether the kept list reaches {@code entry} in sort order (always, when the list is complete). */
    private static <T extends Comparable<T>> boolean reaches(Bounded<T> list, T entry) {
        List<T> kept = list.kept();
        return kept.size() == list.total() || (!kept.isEmpty() && entry.compareTo(kept.get(kept.size() - 1)) <= 0);
    }

    /** Our entries of {@code list} that {@code other} reaches too: comparable between two possibly cut reports. */
    private static <T extends Comparable<T>> List<T> visibleOurs(Bounded<T> list, Bounded<T> other, Predicate<T> ours) {
        return mine(list.kept(), ours).stream().filter(e -> reaches(other, e)).toList();
    }

    private static <T> List<T> mine(List<T> all, Predicate<T> ours) {
        return all.stream().filter(ours).toList();
    }

    private static int remotePort(TcpConnection c) {
        return Integer.parseInt(c.remoteAddress().substring(c.remoteAddress().lastIndexOf(':') + 1));
    }

    /** Reads the document strictly: exact key sets, value types, strictly ascending lists, totals. */
    private static Report parse(JsonNode root, Keys k, boolean expectStats, String label) {
        assertEquals(Set.of(k.header(), k.metrics()), names(root), label);
        JsonNode header = root.get(k.header());
        assertEquals(Set.of(k.reportId(), k.version()), names(header), label);
        JsonNode id = header.get(k.reportId());
        assertTrue(id.isIntegralNumber() && id.canConvertToLong(), label + ": report_id " + id);
        assertTrue(header.get(k.version()).isTextual(), label);
        assertEquals("1.0", header.get(k.version()).textValue(), label);

        JsonNode metrics = root.get(k.metrics());
        Set<String> metricKeys = new HashSet<>(Set.of(k.tcpPorts(), k.udpPorts(), k.tcpConnections()));
        if (expectStats) {
            metricKeys.add(k.networkStats());
        }
        assertEquals(metricKeys, names(metrics), label);
        JsonNode stats = metrics.get(k.networkStats());
        if (expectStats) {
            assertEquals(Set.copyOf(k.statKeys()), names(stats), label);
            // re-keyed by the long names, so the caller checks one spelling
            ObjectMapper m = new ObjectMapper();
            var byLongName = m.createObjectNode();
            for (int i = 0; i < k.statKeys().size(); i++) {
                byLongName.set(Keys.LONG.statKeys().get(i), stats.get(k.statKeys().get(i)));
            }
            stats = byLongName;
        }
        JsonNode tcpConnections = metrics.get(k.tcpConnections());
        assertEquals(Set.of(k.established()), names(tcpConnections), label);
        return new Report(id.longValue(),
                list(metrics.get(k.tcpPorts()), k.ports(), k, p -> port(p, k, label), label),
                list(metrics.get(k.udpPorts()), k.ports(), k, p -> port(p, k, label), label),
                list(tcpConnections.get(k.established()), k.connections(), k, c -> connection(c, k, label), label),
                stats);
    }

    private static <T extends Comparable<T>> Bounded<T> list(JsonNode node, String arrayKey, Keys k,
                                                             Function<JsonNode, T> entry, String label) {
        assertNotNull(node, label);
        assertEquals(Set.of(arrayKey, k.total()), names(node), label);
        assertTrue(node.get(arrayKey).isArray(), label);
        JsonNode total = node.get(k.total());
        assertTrue(total.isInt() && total.intValue() >= node.get(arrayKey).size(), label + ": total " + total);
        List<T> kept = new ArrayList<>();
        for (JsonNode e : node.get(arrayKey)) {
            T t = entry.apply(e);
            assertTrue(kept.isEmpty() || kept.get(kept.size() - 1).compareTo(t) < 0,
                    label + ": not strictly ascending at " + t);
            kept.add(t);
        }
        return new Bounded<>(kept, total.intValue());
    }

    /** An interface key only where the bound address has an owner: a wildcard has none (never a null). */
    private static PortBinding port(JsonNode p, Keys k, String label) {
        assertTrue(Set.of(k.port()).equals(names(p)) || Set.of(k.port(), k.iface()).equals(names(p)), label + p);
        JsonNode port = p.get(k.port());
        assertTrue(port.isInt(), label + p);
        JsonNode iface = p.get(k.iface());
        assertTrue(iface == null || iface.isTextual() && !iface.textValue().isEmpty(), label + p);
        return new PortBinding(port.intValue(), iface == null ? null : iface.textValue());
    }

    /** remote_addr is a.b.c.d:port for IPv4 and IPv4-mapped peers, [v6]:port otherwise. */
    private static TcpConnection connection(JsonNode c, Keys k, String label) {
        assertTrue(Set.of(k.remoteAddr(), k.localPort()).equals(names(c))
                || Set.of(k.remoteAddr(), k.localPort(), k.localInterface()).equals(names(c)), label + c);
        JsonNode remote = c.get(k.remoteAddr());
        JsonNode local = c.get(k.localPort());
        JsonNode iface = c.get(k.localInterface());
        assertTrue(remote.isTextual(), label + c);
        String r = remote.textValue();
        assertTrue(r.matches(IPV4_ADDR) || r.matches(IPV6_ADDR) && !r.startsWith("[::ffff:"), label + c);
        assertTrue(local.isInt() && local.intValue() >= 1 && local.intValue() <= 65535, label + c);
        assertTrue(iface == null || iface.isTextual() && !iface.textValue().isEmpty(), label + c);
        return new TcpConnection(r, local.intValue(), iface == null ? null : iface.textValue());
    }

    private static Set<String> names(JsonNode object) {
        assertNotNull(object);
        assertTrue(object.isObject(), object.toString());
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private Run run(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("watchpost.jar", "target/watchpost.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar, "report"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", "");
        Path err = Files.createTempFile(dir, "stderr", "");
        long start = System.currentTimeMillis();
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "watchpost report did not finish");
        long end = System.currentTimeMillis();
        return new Run(p.exitValue(), Files.readAllBytes(out), Files.readString(err, StandardCharsets.UTF_8),
                start, end);
    }

    private static String command(String... args) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(args).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, args[0] + " (iproute2) is not installed: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
