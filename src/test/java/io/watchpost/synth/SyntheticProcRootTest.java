package io.watchpost.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SyntheticProcRootTest {
    private static final String HEX8 = "[0-9A-F]{8}";
    private static final String HEX32 = "[0-9A-F]{32}";
    private static final String TAIL = " [0-9A-F]{2} 00000000:00000000 [0-9A-F]{2}:[0-9A-F]{8} 00000000 +\\d+ +\\d+ \\d+ \\d+ [0-9a-f]{16}";
    /** Row shapes of the kernel's printf formats; the IPv4 tables are space-padded, the IPv6 ones are not. */
    private static final Pattern TCP_ROW = Pattern.compile(" *\\d+: " + HEX8 + ":[0-9A-F]{4} " + HEX8 + ":[0-9A-F]{4}"
            + TAIL + "( \\d+ \\d+ \\d+ \\d+ -?\\d+)? *");
    private static final Pattern TCP6_ROW = Pattern.compile(" *\\d+: " + HEX32 + ":[0-9A-F]{4} " + HEX32
            + ":[0-9A-F]{4}" + TAIL + "( \\d+ \\d+ \\d+ \\d+ -?\\d+)?");
    private static final Pattern UDP_ROW = Pattern.compile(" *\\d+: " + HEX8 + ":[0-9A-F]{4} " + HEX8 + ":[0-9A-F]{4}"
            + " 0[17] 00000000:00000000 00:00000000 00000000 +\\d+ +0 \\d+ 2 [0-9a-f]{16} 0 *");
    private static final Pattern UDP6_ROW = Pattern.compile(" *\\d+: " + HEX32 + ":[0-9A-F]{4} " + HEX32 + ":[0-9A-F]{4}"
            + " 0[17] 00000000:00000000 00:00000000 00000000 +\\d+ +0 \\d+ 2 [0-9a-f]{16} 0");

    @TempDir
    Path temp;

    static Stream<Arguments> roots() {
        return Stream.of(
                Arguments.of("empty tables", new SynthSpec(1, 0, 0, 0, 0, 0, 1, 0.5, 0.5, 0.1)),
                Arguments.of("small gateway", SynthSpec.typical(2, 50)),
                Arguments.of("IPv4 only", new SynthSpec(3, 400, 15, 30, 0.3, 40, 2, 0.0, 0.0, 0.1)),
                Arguments.of("IPv6 heavy, many mapped", new SynthSpec(4, 1500, 40, 60, 0.5, 300, 6, 0.9, 0.6, 0.1)),
                Arguments.of("busy server", SynthSpec.typical(5, 3000)));
    }

    /** Each psutil run costs a Python start (~0.5 s), so it checks the roots that differ most. */
    static Stream<Arguments> psutilRoots() {
        return roots().filter(a -> !((String) a.get()[0]).startsWith("small") && !((String) a.get()[0]).startsWith("IPv4"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("psutilRoots")
    void psutilDecodesTheFilesToTheExpectedCollection(String name, SynthSpec spec) throws Exception {
        String python = pythonWithPsutil();
        Assumptions.assumeTrue(python != null, "python3-psutil is not installed (apt-get install python3-psutil)");
        Path root = temp.resolve("root");
        SyntheticProcRoot.write(root, spec);

        Process process = new ProcessBuilder(python, Path.of("bench/psutil_crosscheck.py").toString(), root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] stdout = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "psutil_crosscheck.py failed");

        ObjectMapper mapper = new ObjectMapper();
        JsonNode decoded = mapper.readTree(stdout);
        JsonNode expected = mapper.readTree(root.resolve("expected.json").toFile());
        for (String field : List.of("boot_id", "listening_tcp_ports", "listening_udp_ports", "established_connections",
                "interfaces")) {
            assertEquals(expected.get(field), decoded.get(field), field);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roots")
    void everyLineHasTheKernelsLayout(String name, SynthSpec spec) throws IOException {
        Path root = temp.resolve("root");
        SyntheticProcRoot.write(root, spec);
        Path net = root.resolve("net");

        List<String> tcp = lines(net.resolve("tcp"));
        assertEquals(SocketRows.TCP_HEADER + " ".repeat(149 - SocketRows.TCP_HEADER.length()), tcp.get(0));
        assertRows(tcp, TCP_ROW, 149);
        List<String> tcp6 = lines(net.resolve("tcp6"));
        assertEquals("  sl  local_address                         remote_address                        st tx_queue"
                + " rx_queue tr tm->when retrnsmt   uid  timeout inode", tcp6.get(0));
        assertRows(tcp6, TCP6_ROW, -1);
        List<String> udp = lines(net.resolve("udp"));
        assertEquals(127, udp.get(0).length());
        assertTrue(udp.get(0).startsWith("   sl  local_address rem_address   st tx_queue rx_queue tr tm->when"
                + " retrnsmt   uid  timeout inode ref pointer drops"));
        assertRows(udp, UDP_ROW, 127);
        assertRows(lines(net.resolve("udp6")), UDP6_ROW, -1);

        List<String> route = lines(net.resolve("route"));
        assertTrue(route.stream().allMatch(l -> l.length() == 127), "route lines are padded to 127");
        assertTrue(lines(net.resolve("if_inet6")).stream()
                .allMatch(l -> l.matches("[0-9a-f]{32} [0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2} [0-9a-f]{2} +\\S+")));
        List<String> dev = lines(net.resolve("dev"));
        assertEquals("Inter-|   Receive                                                |  Transmit", dev.get(0));
        assertTrue(dev.stream().skip(2).allMatch(l -> l.matches(" *[\\w-]+:( +\\d+){16}")));
        assertTrue(Files.readString(root.resolve("sys/kernel/random/boot_id"))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\n"));
        assertEquals(Path.of("..", "net"), Files.readSymbolicLink(root.resolve("1/net")));
    }

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        Path a = temp.resolve("a");
        Path b = temp.resolve("b");
        Path c = temp.resolve("c");
        SyntheticProcRoot.write(a, SynthSpec.typical(42, 500));
        SyntheticProcRoot.write(b, SynthSpec.typical(42, 500));
        SyntheticProcRoot.write(c, SynthSpec.typical(43, 500));
        for (String file : List.of("net/tcp", "net/tcp6", "net/udp", "net/udp6", "net/dev", "net/if_inet6",
                "net/route", "net/fib_trie", "sys/kernel/random/boot_id", "expected.json")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(file)), Files.readAllBytes(b.resolve(file)), file);
        }
        assertFalse(Files.readString(a.resolve("net/tcp")).equals(Files.readString(c.resolve("net/tcp"))));
    }

    @Test
    void theExpectedCollectionCoversTheCasesACollectorGetsWrong() throws IOException {
        SynthSpec spec = SynthSpec.typical(7, 3000);
        ExpectedCollection e = SyntheticProcRoot.write(temp.resolve("root"), spec).expected();

        // 0.0.0.0:22 and [::]:22 are one entry; TIME_WAIT and other states are filtered out.
        assertEquals(1, e.tcpListeners().stream().filter(p -> p.equals(new PortBinding(22, null))).count());
        assertEquals(spec.established(), e.rows().get("tcp_established"));
        assertTrue(e.rows().get("tcp") + e.rows().get("tcp6")
                == spec.established() + spec.tcpListeners() + spec.otherStateRows());
        // Duplicates (same remote, local port and interface through another local address) are reported once.
        assertTrue(e.established().size() < spec.established(), "some duplicates must be present");
        assertEquals(e.established().size(), e.established().stream().distinct().count());
        assertEquals(e.established().stream().sorted().toList(), e.established());
        // Every address form and every kind of interface attribution occurs.
        assertTrue(e.established().stream().anyMatch(c -> c.remoteAddress().startsWith("[") && c.remoteAddress()
                .contains("::")), "a compressed IPv6 remote");
        assertTrue(e.established().stream().anyMatch(c -> c.localInterface() == null), "an unowned local address");
        assertTrue(e.established().stream().anyMatch(c -> "lo".equals(c.localInterface())), "a loopback connection");
        assertTrue(e.established().stream().map(TcpConnection::localInterface).distinct().count() >= 5);
        assertTrue(e.tcpListeners().stream().anyMatch(p -> p.interfaceName() != null));
        assertTrue(e.udpListeners().size() < spec.udpSockets(), "connected UDP sockets are not listeners");
        // The tables hold IPv4-mapped rows, which the report writes as plain IPv4.
        assertTrue(Files.readString(temp.resolve("root/net/tcp6")).contains("0000000000000000FFFF0000"));
        assertTrue(e.established().stream().noneMatch(c -> c.remoteAddress().contains("ffff")));
        long[] totals = e.nonLoopbackTotals();
        assertTrue(totals[0] > 0 && totals[2] > 0);
    }

    @Test
    void ipv6TextIsRfc5952() {
        assertEquals("2001:db8::1", Ipv6Text.canonical(SynthNetwork.v6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)));
        assertEquals("2001:db8:0:1:1:1:1:1", Ipv6Text.canonical(SynthNetwork.v6(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1)));
        assertEquals("2001:0:0:1::1", Ipv6Text.canonical(SynthNetwork.v6(0x2001, 0, 0, 1, 0, 0, 0, 1)));
        assertEquals("2001:db8::1:0:0:1", Ipv6Text.canonical(SynthNetwork.v6(0x2001, 0xdb8, 0, 0, 1, 0, 0, 1)));
        assertEquals("::1", Ipv6Text.canonical(SynthNetwork.v6(0, 0, 0, 0, 0, 0, 0, 1)));
        assertEquals("::", Ipv6Text.canonical(SynthNetwork.v6(0, 0, 0, 0, 0, 0, 0, 0)));
        assertEquals("fe80::abcd:ef", Ipv6Text.canonical(SynthNetwork.v6(0xfe80, 0, 0, 0, 0, 0, 0xabcd, 0xef)));
        assertEquals("1::", Ipv6Text.canonical(SynthNetwork.v6(1, 0, 0, 0, 0, 0, 0, 0)));
    }

    private static void assertRows(List<String> lines, Pattern row, int width) {
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            assertTrue(row.matcher(line).matches(), "line " + (i + 1) + ": [" + line + "]");
            if (width > 0) {
                assertEquals(width, line.length(), "line " + (i + 1) + " width");
            }
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.US_ASCII);
    }

    /** Debian's python3-psutil lives in /usr/bin/python3's path; a pyenv or venv python3 may lack it. */
    private static String pythonWithPsutil() throws InterruptedException {
        for (String candidate : List.of("/usr/bin/python3", "python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import psutil").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException notThere) {
                // try the next one
            }
        }
        return null;
    }
}
