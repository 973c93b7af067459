package io.watchpost.proc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code net/if_inet6} (net/ipv6/addrconf.c), one address per line and no header:
 * <pre>fd000000000000000000000000000002 04 40 00 82     eth0</pre>
 * address ({@code %pi6}: 32 hex digits in network byte order, unlike the socket tables), ifindex, prefix length, scope,
 * flags (all hex), name. An empty file is normal: no interface has an IPv6 address.
 */
public final class IfInet6Parser {
    private static final int FIELDS = 6;

    private IfInet6Parser() {}

    public static List<IfInet6Row> parse(byte[] data, int length, LineProblems problems) {
        List<IfInet6Row> rows = new ArrayList<>();
        Lines.forEach(data, length, (lineNumber, start, end, flags) -> {
            String problem = parseRow(data, start, end, flags, rows);
            if (problem != null) {
                problems.malformed(lineNumber, data, start, end, problem);
            }
        });
        return rows;
    }

    private static String parseRow(byte[] d, int start, int end, int flags, List<IfInet6Row> rows) {
        String bad = Lines.badBytes(d, start, end, flags, false);
        if (bad != null) {
            return bad;
        }
        int fields = Lines.countFields(d, start, end);
        if (fields != FIELDS) {
            return "expected " + FIELDS + " columns, found " + fields;
        }
        int i = Lines.skipBlanks(d, start, end);
        int e = Lines.fieldEnd(d, i, end);
        if (e - i != 32) {
            return "address is not 32 hex digits";
        }
        long high = Lines.parseHex(d, i, i + 8);
        long high2 = Lines.parseHex(d, i + 8, i + 16);
        long low = Lines.parseHex(d, i + 16, i + 24);
        long low2 = Lines.parseHex(d, i + 24, i + 32);
        if (high < 0 || high2 < 0 || low < 0 || low2 < 0) {
            return "address is not 32 hex digits";
        }
        long prefix = -1;
        for (int column = 2; column <= 5; column++) {
            i = Lines.skipBlanks(d, e, end);
            e = Lines.fieldEnd(d, i, end);
            long v = Lines.parseHex(d, i, e);
            if (v < 0) {
                return "column " + column + " is not hex";
            }
            if (column == 3) {
                prefix = v;
            }
        }
        if (prefix > 128) {
            return "prefix length above 128";
        }
        i = Lines.skipBlanks(d, e, end);
        e = Lines.fieldEnd(d, i, end);
        String name = new String(d, i, e - i, StandardCharsets.UTF_8);
        rows.add(new IfInet6Row(high << 32 | high2, low << 32 | low2, (int) prefix, name));
        return null;
    }
}
