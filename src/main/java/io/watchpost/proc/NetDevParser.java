package io.watchpost.proc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code net/dev} (net/core/net-procfs.c): two header lines, then per interface
 * <pre>  eth0: rx_bytes rx_packets errs drop fifo frame compressed multicast tx_bytes tx_packets errs drop fifo colls carrier compressed</pre>
 * Interface names cannot hold ':' or blanks (dev_valid_name), so the first ':' ends the name. Old kernels printed no
 * blank after the colon when the number was wide; that is accepted.
 */
public final class NetDevParser {
    static final int COUNTER_FIELDS = 16;
    private static final int HEADER_LINES = 2;

    private NetDevParser() {}

    public static List<NetDevRow> parse(byte[] data, int length, LineProblems problems) {
        List<NetDevRow> rows = new ArrayList<>();
        if (length == 0) {
            problems.malformed(1, data, 0, 0, "empty file (no header lines)");
            return rows;
        }
        long[] counters = new long[COUNTER_FIELDS];
        UnsignedDecimal.Result number = new UnsignedDecimal.Result();
        Lines.forEach(data, length, (lineNumber, start, end, flags) -> {
            if (lineNumber <= HEADER_LINES) {
                if (!Lines.containsAscii(data, start, end, "|")) {
                    problems.malformed(lineNumber, data, start, end, "expected a header line");
                }
                return;
            }
            String problem = parseRow(data, start, end, flags, counters, number, rows);
            if (problem != null) {
                problems.malformed(lineNumber, data, start, end, problem);
            }
        });
        return rows;
    }

    private static String parseRow(byte[] d, int start, int end, int flags, long[] counters, UnsignedDecimal.Result number,
                                   List<NetDevRow> rows) {
        String bad = Lines.badBytes(d, start, end, flags, false);
        if (bad != null) {
            return bad;
        }
        int nameStart = Lines.skipBlanks(d, start, end);
        int colon = nameStart;
        while (colon < end && d[colon] != ':') {
            colon++;
        }
        if (colon == end) {
            return "no ':' after the interface name";
        }
        if (colon == nameStart || Lines.fieldEnd(d, nameStart, colon) != colon) {
            return "bad interface name";
        }
        int i = Lines.skipBlanks(d, colon + 1, end);
        int n = 0;
        while (i < end) {
            int e = Lines.fieldEnd(d, i, end);
            if (n < COUNTER_FIELDS) {
                UnsignedDecimal.parse(d, i, e, number);
                if (!number.isValid()) {
                    return "counter " + (n + 1) + " is not an unsigned 64-bit decimal";
                }
                counters[n] = number.value();
            }
            n++;
            i = Lines.skipBlanks(d, e, end);
        }
        if (n < COUNTER_FIELDS) {
            return "too few columns (" + n + " counters, expected " + COUNTER_FIELDS + ")";
        }
        String name = new String(d, nameStart, colon - nameStart, StandardCharsets.UTF_8);
        rows.add(new NetDevRow(name, counters[0], counters[1], counters[8], counters[9]));
        return null;
    }
}
