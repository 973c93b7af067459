package io.watchpost.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchpost.config.Settings;
import io.watchpost.log.EventLog;
import io.watchpost.proc.ProcFixtures;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.testing.LogCapture;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code local_ip_addresses} against the proc layer's captured roots and their recorded {@code ip -j addr} oracle, and
 * against this machine's live /proc compared with {@code ip -o addr}.
 */
class LocalIpAddressesTest {
    private static final String NAME = "local_ip_addresses";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    /** The order the metric promises: IPv4 before IPv6, numeric within each; built here independently. */
    private static final Comparator<InetAddress> NUMERIC = Comparator
            .comparingInt((InetAddress a) -> a.getAddress().length)
            .thenComparing((a, b) -> Arrays.compareUnsigned(a.getAddress(), b.getAddress()));

    private final LogCapture logs = new LogCapture(CLOCK, EventLog.Level.INFO);
    /** The captures were taken on a little-endian machine: net/route must be read so wherever the test runs. */
    private final BuiltInMetrics metrics = new BuiltInMetrics(logs.log, p -> p.resolve("no-sys"),
            ByteOrder.LITTLE_ENDIAN);

    private static Settings settings(Path procRoot) {
        Settings d = Settings.defaults();
        return new Settings(d.sampleInterval(), procRoot, d.reportFormat(), d.keyNames(), d.maxReportBytes(),
                d.includeLoopbackTraffic(), List.of(NAME), d.customMetricsTopic(), d.maxCustomMetrics(),
                d.diskUsagePath());
    }

    private List<String> sample(Path procRoot) {
        CustomMetricValue v = metrics.sample(procRoot, settings(procRoot)).get(NAME);
        assertTrue(v instanceof CustomMetricValue.IpList, () -> v + " " + logs.lines());
        return ((CustomMetricValue.IpList) v).values();
    }

    /** ip's own text of every address it shows, except loopback and IPv6 link-local, in the metric's order. */
    private static List<String> expectedFromOracle(String fixture) throws IOException {
        SortedMap<InetAddress, String> expected = new TreeMap<>(NUMERIC);
        for (JsonNode link : ProcFixtures.json(fixture, "ip-addr.json")) {
            for (JsonNode a : link.path("addr_info")) {
                String text = a.get("local").asText();
                InetAddress address = InetAddress.getByName(text);
                if (!link.get("ifname").asText().equals("lo") && !address.isLoopbackAddress()
                        && !(address instanceof Inet6Address && address.isLinkLocalAddress())) {
                    expected.put(address, text);
                }
            }
        }
        return List.copyOf(expected.values());
    }

    @ParameterizedTest
    @ValueSource(strings = {ProcFixtures.HOST, ProcFixtures.MANY_INTERFACES})
    void capturedRoots_giveWhatIpAddrShowed_withoutLoopbackAndLinkLocal(String fixture) throws Exception {
        List<String> actual = sample(ProcFixtures.dir(fixture));
        assertEquals(expectedFromOracle(fixture), actual);
        assertTrue(logs.lines().isEmpty(), logs.lines().toString());
    }

    @Test
    void capturedRoots_literalValues() {
        assertEquals(List.of("192.0.2.2", "fd00::2"), sample(ProcFixtures.dir(ProcFixtures.HOST)));
        assertEquals(List.of("10.1.0.1", "10.2.0.1", "10.4.0.1", "10.4.0.9", "10.9.9.9", "172.16.5.1", "fd01::1",
                        "fd02::1:0:0:1"), sample(ProcFixtures.dir(ProcFixtures.MANY_INTERFACES)),
                "10.9.9.9/32 has no connected route, so no owner, but it is local; fd02::1:0:0:1 in RFC 5952 form");
    }

    @Test
    void rootWithoutIpv6_givesIpv4Only_andNoWarning(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        Files.delete(root.resolve("1/net/if_inet6"));
        assertEquals(List.of("192.0.2.2"), sample(root));
        assertTrue(logs.lines().isEmpty(), logs.lines().toString());
    }

    @Test
    void ipv4MappedRows_areTheIpv4Address_andAddressesOnLoAreLeftOut(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        appendIfInet6(root,
                "00000000000000000000ffffc0000202 04 80 00 80     eth0", // ::ffff:192.0.2.2, already there as IPv4
                "00000000000000000000ffff7f000001 04 80 00 80     eth0", // ::ffff:127.0.0.1: loopback
                "fd000000000000000000000000000099 01 80 00 80       lo", // a global address owned by lo
                "fd000000000000000000000000000002 05 40 00 80    eth1"); // fd00::2 again on a second interface
        assertEquals(List.of("192.0.2.2", "fd00::2"), sample(root));
    }

    @Test
    void moreThanTheCap_keepsTheFirstInOrder_andWarnsOnceWhileItLasts(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            rows.add(String.format("20010db8000000000000000000%06x 04 40 00 80     eth0", i));
        }
        appendIfInet6(root, rows.toArray(String[]::new));
        for (int cycle = 0; cycle < 2; cycle++) {
            List<String> values = sample(root);
            assertEquals(CustomMetricRules.MAX_LIST_VALUES, values.size());
            assertEquals(List.of("192.0.2.2", "2001:db8::1", "2001:db8::2"), values.subList(0, 3));
            assertEquals("2001:db8::63", values.get(99), "the 99th IPv6 address, 0x63");
        }
        List<String> warnings = logs.lines("custom_metric_list_truncated");
        assertEquals(1, warnings.size(), logs.lines().toString());
        assertTrue(warnings.get(0).contains("name=local_ip_addresses kept=100 found=152"), warnings.get(0));
    }

    @Test
    void malformedAddressLine_leavesTheMetricOut_namingFileLineAndRule(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        Path ifInet6 = root.resolve("1/net/if_inet6");
        Files.copy(ProcFixtures.broken("if_inet6-broken"), ifInet6, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Map.of(), metrics.sample(root, settings(root)));
        String warning = logs.lines("custom_metric_unavailable").get(0);
        assertTrue(warning.contains(ifInet6 + ": line 2: address is not 32 hex digits"), warning);
    }

    @Test
    void missingFibTrie_leavesTheMetricOut_ratherThanSendingNoIpv4(@TempDir Path root) throws Exception {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        Files.delete(root.resolve("1/net/fib_trie"));
        assertEquals(Map.of(), metrics.sample(root, settings(root)));
        String warning = logs.lines("custom_metric_unavailable").get(0);
        assertTrue(warning.contains(root.resolve("1/net/fib_trie") + ": missing or empty"), warning);
        assertEquals(1, logs.lines("interface_table_missing").size(), logs.lines().toString());
    }

    @Test
    void whichAddressesAreReported() throws Exception {
        for (String kept : List.of("192.0.2.2", "10.9.9.9", "169.254.7.7", "fd00::2", "2001:db8::1", "fec0::1")) {
            assertTrue(LocalIpAddresses.isReported(InetAddress.getByName(kept)), kept);
        }
        for (String left : List.of("127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "::", "fe80::1", "febf::1",
                "224.0.0.1", "ff02::1")) {
            assertFalse(LocalIpAddresses.isReported(InetAddress.getByName(left)), left);
        }
    }

    @Test
    void liveProc_givesWhatIpAddrShows() throws Exception {
        Path proc = Path.of("/proc");
        assumeTrue(Files.isReadable(proc.resolve("net/fib_trie")), "needs Linux /proc with IPv4");
        BuiltInMetrics live = new BuiltInMetrics(logs.log);
        // ip before and after the sample must agree, so both describe the same moment
        for (int attempt = 0; attempt < 3; attempt++) {
            String before = ipAddr();
            assumeTrue(before != null, "`ip -o addr` is not available");
            CustomMetricValue v = live.sample(proc, settings(proc)).get(NAME);
            if (!before.equals(ipAddr())) {
                continue;
            }
            LiveOracle oracle = LiveOracle.parse(before);
            assumeTrue(oracle.expected().size() <= CustomMetricRules.MAX_LIST_VALUES, "more addresses than the cap");
            List<String> actual = new ArrayList<>(((CustomMetricValue.IpList) v).values());
            // documented limit: a /32 on lo outside 127/8 has no route naming lo, so it cannot be told apart
            actual.removeAll(oracle.ipv4HostAddressesOnLo());
            assertEquals(oracle.expected(), actual, before);
            return;
        }
        throw new AssertionError("the addresses kept changing while the test ran");
    }

    private record LiveOracle(List<String> expected, List<String> ipv4HostAddressesOnLo) {
        /** Lines such as {@code 2: eth0    inet6 fd00::2/64 scope global ...}. */
        static LiveOracle parse(String text) throws IOException {
            SortedMap<InetAddress, String> expected = new TreeMap<>(NUMERIC);
            List<String> onLo = new ArrayList<>();
            for (String line : text.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 4 || !(f[2].equals("inet") || f[2].equals("inet6"))) {
                    continue;
                }
                String ifname = f[1].contains("@") ? f[1].substring(0, f[1].indexOf('@')) : f[1];
                String text4or6 = f[3].substring(0, f[3].indexOf('/'));
                InetAddress a = InetAddress.getByName(text4or6);
                if (ifname.equals("lo")) {
                    if (f[2].equals("inet") && f[3].endsWith("/32") && !a.isLoopbackAddress()) {
                        onLo.add(text4or6);
                    }
                    continue;
                }
                if (!a.isLoopbackAddress() && !(a instanceof Inet6Address && a.isLinkLocalAddress())) {
                    expected.put(a, text4or6);
                }
            }
            return new LiveOracle(List.copyOf(expected.values()), onLo);
        }
    }

    /** {@code ip -o addr} output, or null when ip cannot be run. */
    private static String ipAddr() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("ip", "-o", "addr").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        }
    }

    private static void appendIfInet6(Path root, String... lines) throws IOException {
        Files.writeString(root.resolve("1/net/if_inet6"), String.join("\n", lines) + "\n", StandardOpenOption.APPEND);
    }
}
