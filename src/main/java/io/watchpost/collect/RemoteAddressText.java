package io.watchpost.collect;

/**
 * Reads the printed form of a connection's remote end, {@code a.b.c.d:port} or {@code [v6]:port}, back into numbers.
 * The collector never needs it (it has the kernel's numbers); it lets tests and oracles state connections as text.
 * Written out rather than through {@code InetAddress.getByName}, which would resolve a name that is not a literal.
 */
final class RemoteAddressText {
    private RemoteAddressText() {}

    /** @return {high, low, port}; an IPv4 address comes back IPv4-mapped */
    static long[] parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw bad(text, "no ':port'");
        }
        int port = parsePort(text, colon + 1);
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            long[] v6 = parseIpv6(text, host.substring(1, host.length() - 1));
            return new long[] {v6[0], v6[1], port};
        }
        return new long[] {0, 0xffffL << 32 | Integer.toUnsignedLong(parseIpv4(text, host)), port};
    }

    private static int parsePort(String text, int from) {
        if (from == text.length() || text.length() - from > 5) {
            throw bad(text, "port is not 0-65535");
        }
        int port = 0;
        for (int i = from; i < text.length(); i++) {
            int d = Character.digit(text.charAt(i), 10);
            if (d < 0) {
                throw bad(text, "port is not decimal");
            }
            port = port * 10 + d;
        }
        if (port > 65535) {
            throw bad(text, "port is not 0-65535");
        }
        return port;
    }

    private static int parseIpv4(String text, String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            throw bad(text, "IPv4 address needs 4 parts");
        }
        int word = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw bad(text, "IPv4 part '" + p + "' is not 0-255");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw bad(text, "IPv4 part '" + p + "' is not 0-255");
            }
            word = word << 8 | v;
        }
        return word;
    }

    /** RFC 4291 text: groups of 1-4 hex digits, at most one {@code ::}, optionally a dotted IPv4 tail. */
    private static long[] parseIpv6(String text, String host) {
        int[] groups = new int[8];
        int gap = host.indexOf("::");
        if (gap >= 0 && host.indexOf("::", gap + 1) >= 0) {
            throw bad(text, "more than one '::'");
        }
        int[] head = groups(text, gap < 0 ? host : host.substring(0, gap));
        int[] tail = gap < 0 ? new int[0] : groups(text, host.substring(gap + 2));
        if (gap < 0 ? head.length != 8 : head.length + tail.length > 7) {
            throw bad(text, "IPv6 address needs 8 groups");
        }
        System.arraycopy(head, 0, groups, 0, head.length);
        System.arraycopy(tail, 0, groups, 8 - tail.length, tail.length);
        long high = 0;
        long low = 0;
        for (int g = 0; g < 4; g++) {
            high = high << 16 | groups[g];
            low = low << 16 | groups[g + 4];
        }
        return new long[] {high, low};
    }

    private static int[] groups(String text, String part) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        boolean dottedTail = pieces[pieces.length - 1].contains(".");
        int[] out = new int[pieces.length + (dottedTail ? 1 : 0)];
        for (int i = 0; i < pieces.length; i++) {
            String p = pieces[i];
            if (dottedTail && i == pieces.length - 1) {
                int v4 = parseIpv4(text, p);
                out[i] = v4 >>> 16;
                out[i + 1] = v4 & 0xffff;
            } else if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
                throw bad(text, "IPv6 group '" + p + "' is not 1-4 hex digits");
            } else {
                out[i] = Integer.parseInt(p, 16);
            }
        }
        return out;
    }

    private static IllegalArgumentException bad(String text, String rule) {
        return new IllegalArgumentException("not a remote address 'a.b.c.d:port' or '[v6]:port': '" + text + "' ("
                + rule + ")");
    }
}
