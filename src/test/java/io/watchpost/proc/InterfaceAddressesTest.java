package io.watchpost.proc;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchpost.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.time.Clock;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class InterfaceAddressesTest {
    /** The three tables of a root through their parsers, every skipped line listed as {@code file:line: reason}. */
    private static InterfaceAddresses read(Path root, List<String> problems) throws Exception {
        Path net = ProcRoot.resolve(root).netDir();
        List<IfInet6Row> v6 = List.of();
        int[] v4 = new int[0];
        List<Ipv4Route> routes = List.of();
        if (Files.exists(net.resolve("if_inet6"))) {
            byte[] b = Files.readAllBytes(net.resolve("if_inet6"));
            v6 = IfInet6Parser.parse(b, b.length, problems(problems, "if_inet6"));
        }
        if (Files.exists(net.resolve("fib_trie"))) {
            byte[] b = Files.readAllBytes(net.resolve("fib_trie"));
            v4 = FibTrieParser.parseLocalAddresses(b, b.length, problems(problems, "fib_trie"));
        }
        if (Files.exists(net.resolve("route"))) {
            byte[] b = Files.readAllBytes(net.resolve("route"));
            routes = RouteParser.parse(b, b.length, ByteOrder.LITTLE_ENDIAN, problems(problems, "route"));
        }
        InterfaceAddresses direct = InterfaceAddresses.of(v6, v4, routes);
        // the facade reads the same tables to the same result
        ProcTables tables = new ProcFs(new LogCapture(Clock.systemUTC()).log, ByteOrder.LITTLE_ENDIAN, SysClassNet::sysRootFor).open(root);
        assertEquals(direct.all(), tables.interfaceAddresses().all());
        return direct;
    }

    private static LineProblems problems(List<String> problems, String file) {
        return (line, data, start, end, reason) -> problems.add(file + ":" + line + ": " + reason);
    }

    @Test
    void everyAddressGetsTheInterfaceIpAddrShowsExceptSlash32WithoutARoute() throws Exception {
        for (String fixture : List.of(ProcFixtures.HOST, ProcFixtures.MANY_INTERFACES)) {
            List<String> problems = new ArrayList<>();
            InterfaceAddresses addresses = read(ProcFixtures.dir(fixture), problems);
            JsonNode ipAddr = ProcFixtures.json(fixture, "ip-addr.json");
            Map<InetAddress, String> oracle = ProcFixtures.ipAddrOracle(ipAddr);
            List<InetAddress> hostOnly = ProcFixtures.ipv4HostAddresses(ipAddr);
            Map<InetAddress, String> expected = new HashMap<>();
            oracle.forEach((a, name) -> expected.put(a, ProcFixtures.expectedOwner(a, oracle, hostOnly)));
            Map<InetAddress, String> actual = new HashMap<>();
            addresses.all().forEach(la -> actual.put(la.address(), la.interfaceName()));
            assertEquals(expected, actual, fixture);
            oracle.keySet().forEach(a -> assertEquals(expected.get(a), addresses.interfaceOf(a), a.toString()));
            assertEquals(List.of(), problems);
        }
    }

    @Test
    void slash32AddressWithoutConnectedRouteHasNoOwnerButIsLocal() throws Exception {
        InterfaceAddresses addresses = read(ProcFixtures.dir(ProcFixtures.MANY_INTERFACES), new ArrayList<>());
        InetAddress a = InetAddress.getByName("10.9.9.9");
        assertEquals(1, addresses.all().stream().filter(la -> la.address().equals(a)).count());
        assertNull(addresses.interfaceOf(a));
        assertEquals("vethlongname015", addresses.interfaceOf(InetAddress.getByName("10.4.0.9")));
        assertEquals("v3.data", addresses.interfaceOf(InetAddress.getByName("172.16.5.1")));
    }

    @Test
    void wholeLoopbackBlockAndMappedAddressesResolve() throws Exception {
        InterfaceAddresses addresses = read(ProcFixtures.dir(ProcFixtures.HOST), new ArrayList<>());
        assertEquals("lo", addresses.interfaceOf(InetAddress.getByName("127.0.0.53")));
        int lo = addresses.names().indexOf("lo");
        int eth0 = addresses.names().indexOf("eth0");
        assertEquals(lo, addresses.ownerOfIpv6(0, 0xffff_7f00_0001L));
        assertEquals(eth0, addresses.ownerOfIpv6(0, 0xffff_c000_0202L));   // ::ffff:192.0.2.2
        assertEquals(eth0, addresses.ownerOfIpv6(0xfd00_0000_0000_0000L, 2));
        assertEquals(InterfaceAddresses.NO_OWNER, addresses.ownerOfIpv4(0));
        assertEquals(InterfaceAddresses.NO_OWNER, addresses.ownerOfIpv4(0xC0000203)); // 192.0.2.3: routed, not local
        assertEquals(List.of("eth0", "lo"), addresses.names());
    }

    @Test
    void brokenTablesSkipTheirBadLinesAndKeepTheRest(@TempDir Path root) throws Exception {
        Path net = Files.createDirectories(root.resolve("1/net"));
        Files.copy(ProcFixtures.net("host", "dev"), net.resolve("dev"));
        Files.copy(ProcFixtures.broken("if_inet6-broken"), net.resolve("if_inet6"));
        Files.copy(ProcFixtures.broken("route-broken"), net.resolve("route"));
        Files.copy(ProcFixtures.broken("fib_trie-broken"), net.resolve("fib_trie"));
        List<String> problems = new ArrayList<>();
        InterfaceAddresses broken = read(root, problems);
        InterfaceAddresses good = read(ProcFixtures.dir(ProcFixtures.HOST), new ArrayList<>());
        assertEquals(good.all(), broken.all());
        assertEquals(List.of(
                "if_inet6:2: address is not 32 hex digits",
                "if_inet6:3: expected 6 columns, found 3",
                "fib_trie:4: not a table, node, leaf or alias line",
                "fib_trie:5: bad prefix length",
                // a bad line forgets the leaf above it, so the next alias cannot be pinned on the wrong address
                "fib_trie:6: alias line without a leaf above it",
                "route:3: Destination, Gateway and Mask must be 8 hex digits",
                "route:4: expected 11 columns, found 2"), problems);
    }

    @Test
    void missingTablesMeanNoAddresses(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("1/net"));
        Files.writeString(root.resolve("1/net/dev"), "");
        InterfaceAddresses none = read(root, new ArrayList<>());
        assertEquals(List.of(), none.all());
        assertEquals("lo", none.interfaceOf(InetAddress.getByName("127.0.0.1")));
        assertNull(none.interfaceOf(InetAddress.getByName("::1")));
    }

    @Test
    void longestConnectedPrefixWinsAndGatewayRoutesDoNotOwn() {
        List<Ipv4Route> routes = List.of(
                new Ipv4Route("wan", 0, 0x0A000001, Ipv4Route.RTF_UP | Ipv4Route.RTF_GATEWAY, 0, 0),
                new Ipv4Route("big", 0x0A000000, 0, Ipv4Route.RTF_UP, 0, 0xFF000000),
                new Ipv4Route("small", 0x0A010000, 0, Ipv4Route.RTF_UP, 0, 0xFFFFFF00),
                new Ipv4Route("via", 0x0B000000, 0x0A000001, Ipv4Route.RTF_UP | Ipv4Route.RTF_GATEWAY, 0, 0xFFFFFF00));
        InterfaceAddresses a = InterfaceAddresses.of(List.of(), new int[] {0x0A010005, 0x0A020005, 0x0B000005}, routes);
        assertEquals("small", name(a, a.ownerOfIpv4(0x0A010005)));
        assertEquals("big", name(a, a.ownerOfIpv4(0x0A020005)));
        assertNull(name(a, a.ownerOfIpv4(0x0B000005)));
    }

    private static String name(InterfaceAddresses a, int rank) {
        return rank == InterfaceAddresses.NO_OWNER ? null : a.names().get(rank);
    }
}
