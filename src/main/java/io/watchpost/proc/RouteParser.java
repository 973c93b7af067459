package io.watchpost.proc;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code net/route} (net/ipv4/fib_trie.c, fib_route_seq_show): a header line, then tab-separated rows padded
 * with blanks to 127 characters:
 * <pre>Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT
 *eth0  000200C0    00000000 0001  0      0   0      00FFFFFF 0 0 0</pre>
 * Destination, Gateway and Mask are {@code %08X} of the raw big-endian word, so like the socket tables their digits
 * are in host byte order; Flags is hex, Metric decimal.
 */
public final class RouteParser {
    private static final int FIELDS = 11;

    private RouteParser() {}

    public static List<Ipv4Route> parse(byte[] data, int length, ByteOrder kernelByteOrder, LineProblems problems) {
        boolean littleEndian = kernelByteOrder == ByteOrder.LITTLE_ENDIAN;
        List<Ipv4Route> routes = new ArrayList<>();
        if (length == 0) {
            problems.malformed(1, data, 0, 0, "empty file (no header line)");
            return routes;
        }
        Lines.forEach(data, length, (lineNumber, start, end, flags) -> {
            if (lineNumber == 1) {
                if (!Lines.containsAscii(data, start, end, "Iface")) {
                    problems.malformed(lineNumber, data, start, end, "expected the header line");
                }
                return;
            }
            String problem = parseRow(data, start, end, flags, littleEndian, routes);
            if (problem != null) {
                problems.malformed(lineNumber, data, start, end, problem);
            }
        });
        return routes;
    }

    private static String parseRow(byte[] d, int start, int end, int lineFlags, boolean littleEndian, List<Ipv4Route> routes) {
        String bad = Lines.badBytes(d, start, end, lineFlags, false);
        if (bad != null) {
            return bad;
        }
        int fields = Lines.countFields(d, start, end);
        if (fields != FIELDS) {
            return "expected " + FIELDS + " columns, found " + fields;
        }
        int[] fieldStart = new int[FIELDS];
        int[] fieldEnd = new int[FIELDS];
        int i = Lines.skipBlanks(d, start, end);
        for (int f = 0; f < FIELDS; f++) {
            fieldStart[f] = i;
            fieldEnd[f] = Lines.fieldEnd(d, i, end);
            i = Lines.skipBlanks(d, fieldEnd[f], end);
        }
        long destination = word(d, fieldStart[1], fieldEnd[1]);
        long gateway = word(d, fieldStart[2], fieldEnd[2]);
        long flags = Lines.parseHex(d, fieldStart[3], fieldEnd[3]);
        int metric = Lines.parseDecimalInt(d, fieldStart[6], fieldEnd[6]);
        long mask = word(d, fieldStart[7], fieldEnd[7]);
        if (destination < 0 || gateway < 0 || mask < 0) {
            return "Destination, Gateway and Mask must be 8 hex digits";
        }
        if (flags < 0 || flags > 0xffff || metric < 0) {
            return "bad Flags or Metric";
        }
        String name = new String(d, fieldStart[0], fieldEnd[0] - fieldStart[0], StandardCharsets.UTF_8);
        routes.add(new Ipv4Route(name, order((int) destination, littleEndian), order((int) gateway, littleEndian),
                (int) flags, metric, order((int) mask, littleEndian)));
        return null;
    }

    private static long word(byte[] d, int from, int to) {
        return to - from == 8 ? Lines.parseHex(d, from, to) : -1;
    }

    private static int order(int printed, boolean littleEndian) {
        return littleEndian ? Integer.reverseBytes(printed) : printed;
    }
}
