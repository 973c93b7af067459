package io.watchpost.collect;

import io.watchpost.log.EventLog;
import io.watchpost.proc.ProcFixtures;
import io.watchpost.proc.ProcFixtures.SsSocket;
import io.watchpost.testing.RoutableAddresses;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The collector against this machine's live /proc while the test holds sockets of every kind, cross-checked with
 * {@code ss} (sock_diag netlink) run at the same time. Interface owners come from {@link NetworkInterface}: the JVM and
 * /proc/net are in the same network namespace here.
 */
class ProcNetworkCollectorLiveTest {
    private final List<Closeable> held = new ArrayList<>();

    private <T extends Closeable> T hold(T c) {
        held.add(c);
        return c;
    }

    @Test
    void everySocketTheTestHoldsIsReportedAsSsSeesIt() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc");
        try {
            run();
        } finally {
            Collections.reverse(held);
            for (Closeable c : held) {
                c.close();
            }
        }
    }

    private void run() throws Exception {
        InetAddress v4 = InetAddress.getByName("127.0.0.1");
        InetAddress v6 = InetAddress.getByName("::1");
        ServerSocket tcp4 = hold(new ServerSocket(0, 50, v4));
        ServerSocket tcp6 = hold(new ServerSocket(0, 50, v6));
        ServerSocket tcpAny = hold(new ServerSocket(0));
        DatagramSocket udp4 = hold(new DatagramSocket(new InetSocketAddress(v4, 0)));
        DatagramSocket udp6 = hold(new DatagramSocket(new InetSocketAddress(v6, 0)));
        DatagramSocket udpAny = hold(new DatagramSocket(0));
        DatagramSocket udpClient = hold(new DatagramSocket(new InetSocketAddress(v4, 0)));
        udpClient.connect(v4, udp4.getLocalPort());
        DatagramSocket udpClient6 = hold(new DatagramSocket(new InetSocketAddress(v6, 0)));
        udpClient6.connect(v6, udp6.getLocalPort());
        Socket client4 = hold(new Socket(v4, tcp4.getLocalPort()));
        hold(tcp4.accept());
        Socket client6 = hold(new Socket(v6, tcp6.getLocalPort()));
        hold(tcp6.accept());
        Socket clientAny = hold(new Socket(v4, tcpAny.getLocalPort()));
        hold(tcpAny.accept());

        List<PortBinding> expectedTcp = new ArrayList<>(List.of(new PortBinding(tcp4.getLocalPort(), "lo"),
                new PortBinding(tcp6.getLocalPort(), "lo"), new PortBinding(tcpAny.getLocalPort(), null)));
        // this machine's own non-loopback addresses, where it has them
        for (RoutableAddresses.Owned owned : RoutableAddresses.ofThisMachine()) {
            ServerSocket s = hold(new ServerSocket(0, 50, owned.address()));
            expectedTcp.add(new PortBinding(s.getLocalPort(), owned.interfaceName()));
            hold(new Socket(owned.address(), s.getLocalPort()));
            hold(s.accept());
        }

        EventLog log = new EventLog(new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()),
                Clock.systemUTC(), EventLog.Level.DEBUG);
        // keep everything: other processes on a shared machine may hold 100,000s of connections that sort first
        NetworkSnapshot snapshot = new ProcNetworkCollector(log).collect(Path.of("/proc"), Integer.MAX_VALUE);
        String ssListen = ss("-H", "-tlnu");
        String ssEstablished = ss("-H", "-tn", "state", "established");

        for (PortBinding p : expectedTcp) {
            assertTrue(snapshot.tcpListeners().kept().contains(p), p + " in " + snapshot.tcpListeners());
        }
        List<PortBinding> udp = snapshot.udpListeners().kept();
        assertTrue(udp.contains(new PortBinding(udp4.getLocalPort(), "lo")));
        assertTrue(udp.contains(new PortBinding(udp6.getLocalPort(), "lo")));
        assertTrue(udp.contains(new PortBinding(udpAny.getLocalPort(), null)));
        assertFalse(udp.stream().anyMatch(p -> p.port() == udpClient.getLocalPort()), "a connected UDP client is no listener");
        assertFalse(udp.stream().anyMatch(p -> p.port() == udpClient6.getLocalPort()), "a connected UDP client is no listener");
        List<TcpConnection> est = snapshot.established().kept();
        assertTrue(est.contains(new TcpConnection("127.0.0.1:" + tcp4.getLocalPort(), client4.getLocalPort(), "lo")), est.toString());
        assertTrue(est.contains(new TcpConnection("127.0.0.1:" + client4.getLocalPort(), tcp4.getLocalPort(), "lo")));
        assertTrue(est.contains(new TcpConnection("[::1]:" + tcp6.getLocalPort(), client6.getLocalPort(), "lo")));
        assertTrue(est.contains(new TcpConnection("[::1]:" + client6.getLocalPort(), tcp6.getLocalPort(), "lo")));
        // the accepted end of the dual-stack listener is an IPv4-mapped row, written as plain IPv4
        assertTrue(est.contains(new TcpConnection("127.0.0.1:" + clientAny.getLocalPort(), tcpAny.getLocalPort(), "lo")));
        assertTrue(snapshot.interfaces().stream().anyMatch(i -> i.name().equals("lo") && i.loopback()));
        assertTrue(snapshot.bootId().matches("[0-9a-f-]{36}"), snapshot.bootId());

        // Cross-check: for every port this test holds, the collector and ss agree entry for entry. Connections count
        // when both ends are ours: on a busy machine other connections share ephemeral local port numbers.
        Set<Integer> ours = new HashSet<>();
        for (Closeable c : held) {
            if (c instanceof ServerSocket s) {
                ours.add(s.getLocalPort());
            } else if (c instanceof Socket s) {
                ours.add(s.getLocalPort());
            } else if (c instanceof DatagramSocket s) {
                ours.add(s.getLocalPort());
            }
        }
        TreeSet<PortBinding> ssTcp = new TreeSet<>();
        TreeSet<PortBinding> ssUdp = new TreeSet<>();
        for (SsSocket s : ProcFixtures.parseSs(ssListen)) {
            if (ours.contains(s.localPort())) {
                (s.netid().equals("tcp") ? ssTcp : ssUdp).add(new PortBinding(s.localPort(), owner(s.localAddress())));
            }
        }
        TreeSet<TcpConnection> ssEst = new TreeSet<>();
        for (SsSocket s : ProcFixtures.parseSs(ssEstablished)) {
            if (ours.contains(s.localPort()) && ours.contains(s.peerPort())) {
                ssEst.add(new TcpConnection(s.peerText(), s.localPort(), owner(s.localAddress())));
            }
        }
        assertEquals(List.copyOf(ssTcp), mine(snapshot.tcpListeners().kept(), ours));
        assertEquals(List.copyOf(ssUdp), mine(snapshot.udpListeners().kept(), ours));
        assertEquals(List.copyOf(ssEst), snapshot.established().kept().stream()
                .filter(c -> ours.contains(c.localPort()) && ours.contains(remotePort(c))).toList());
        assertTrue(ssEst.size() >= 6, ssEst.toString());
    }

    private static int remotePort(TcpConnection c) {
        return Integer.parseInt(c.remoteAddress().substring(c.remoteAddress().lastIndexOf(':') + 1));
    }

    private static List<PortBinding> mine(List<PortBinding> all, Set<Integer> ours) {
        return all.stream().filter(p -> ours.contains(p.port())).toList();
    }

    private static String owner(InetAddress local) throws IOException {
        if (local == null) {
            return null;
        }
        if (local.isLoopbackAddress()) {
            return "lo";
        }
        NetworkInterface ni = NetworkInterface.getByInetAddress(local);
        return ni == null ? null : ni.getName();
    }

    private static String ss(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("ss");
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "ss (iproute2) is not installed: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
