package io.watchpost.proc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The captured proc roots of src/test/resources/io/watchpost/proc (see PROVENANCE.md there) and readers of the
 * iproute2 oracle recorded beside them. The oracle is parsed independently of the production parsers.
 */
public final class ProcFixtures {
    public static final String HOST = "host";
    public static final String MANY_INTERFACES = "many-interfaces";

    private ProcFixtures() {}

    public static Path dir(String name) {
        try {
            return Path.of(ProcFixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path net(String fixture, String file) {
        return dir(fixture).resolve("1").resolve("net").resolve(file);
    }

    public static Path broken(String file) {
        return dir("broken").resolve(file);
    }

    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a directory tree (to build derived proc roots in a temporary directory). */
    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    /** One socket of an {@code ss} line: protocol (may be null), local and peer "addr:port" text as ss printed it. */
    public record SsSocket(String netid, String local, String peer) {
        public int localPort() {
            return port(local);
        }

        public int peerPort() {
            return port(peer);
        }

        /** The local address, or null for a wildcard ({@code *}, {@code 0.0.0.0}, {@code [::]}). */
        public InetAddress localAddress() {
            return address(local);
        }

        public InetAddress peerAddress() {
            return address(peer);
        }

        /** The peer as the report writes it: IPv4 (also IPv4-mapped) plain, IPv6 in brackets as ss printed it. */
        public String peerText() {
            InetAddress a = peerAddress();
            return a instanceof Inet4Address ? a.getHostAddress() + ":" + peerPort() : hostPart(peer) + ":" + peerPort();
        }

        private static int port(String text) {
            return Integer.parseInt(text.substring(text.lastIndexOf(':') + 1));
        }

        /** The text before ":port", without a "%device" scope. */
        private static String hostPart(String text) {
            String host = text.substring(0, text.lastIndexOf(':'));
            int percent = host.indexOf('%');
            return percent < 0 ? host : host.substring(0, percent);
        }

        private static InetAddress address(String text) {
            String host = hostPart(text);
            if (host.equals("*") || host.equals("0.0.0.0") || host.equals("[::]")) {
                return null;
            }
            try {
                // a literal: no name lookup; "::ffff:a.b.c.d" comes back as an Inet4Address
                return InetAddress.getByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Parses {@code ss -H} output: lines with a netid column ({@code -tlnu}) or without ({@code -tn state
     * established}: Recv-Q Send-Q Local Peer).
     */
    public static List<SsSocket> parseSs(String text) {
        List<SsSocket> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (line.isBlank()) {
                continue;
            }
            if (f[0].equals("tcp") || f[0].equals("udp")) {
                out.add(new SsSocket(f[0], f[4], f[5]));
            } else {
                out.add(new SsSocket(null, f[2], f[3]));
            }
        }
        return out;
    }

    public static List<SsSocket> ssOracle(String fixture, String file) throws IOException {
        return parseSs(Files.readString(dir(fixture).resolve("oracle").resolve(file)));
    }

    /** Address → interface name, from {@code ip -j addr}. */
    public static Map<InetAddress, String> ipAddrOracle(JsonNode ipAddr) throws IOException {
        Map<InetAddress, String> owners = new HashMap<>();
        for (JsonNode link : ipAddr) {
            for (JsonNode a : link.path("addr_info")) {
                owners.put(InetAddress.getByName(a.get("local").asText()), link.get("ifname").asText());
            }
        }
        return owners;
    }

    /** IPv4 addresses configured as /32 (no connected subnet route, so by the documented rule they have no owner). */
    public static List<InetAddress> ipv4HostAddresses(JsonNode ipAddr) throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (JsonNode link : ipAddr) {
            for (JsonNode a : link.path("addr_info")) {
                if (a.get("family").asText().equals("inet") && a.get("prefixlen").asInt() == 32) {
                    out.add(InetAddress.getByName(a.get("local").asText()));
                }
            }
        }
        return out;
    }

    public static JsonNode json(String fixture, String oracleFile) throws IOException {
        return new ObjectMapper().readTree(dir(fixture).resolve("oracle").resolve(oracleFile).toFile());
    }

    /** The owner of a local address as the oracle says, with the documented IPv4 rules applied. */
    public static String expectedOwner(InetAddress local, Map<InetAddress, String> owners, List<InetAddress> hostOnly) {
        if (local == null) {
            return null;
        }
        if (local instanceof Inet4Address && (local.getAddress()[0] & 0xff) == 127) {
            return "lo";
        }
        return hostOnly.contains(local) ? null : owners.get(local);
    }
}
