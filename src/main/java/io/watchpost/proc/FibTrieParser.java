package io.watchpost.proc;

import java.util.Arrays;

/**
 * Finds the machine's own IPv4 addresses in {@code net/fib_trie} (net/ipv4/fib_trie.c, fib_trie_seq_show). The file
 * dumps each routing table as a tree:
 * <pre>
 * Local:
 *   +-- 0.0.0.0/0 3 0 5          an inner node: prefix, bits, full children, empty children
 *      |-- 192.0.2.2             a leaf: one key
 *         /32 host LOCAL         an alias of the leaf: prefix length, scope, route type [, tos=N]
 * </pre>
 * A leaf with a {@code /32 ... LOCAL} alias is an address this host owns. The same leaf may appear in several tables;
 * the result is de-duplicated. Which interface owns it is not in this file (see {@link InterfaceAddresses}).
 */
public final class FibTrieParser {
    private static final int NO_LEAF = -1;

    private FibTrieParser() {}

    /** @return the local addresses as network-order words, sorted (signed int order) and distinct */
    public static int[] parseLocalAddresses(byte[] data, int length, LineProblems problems) {
        int[][] found = {new int[16]};
        int[] count = {0};
        long[] leaf = {NO_LEAF};
        Lines.forEach(data, length, (lineNumber, start, end, flags) -> {
            String bad = Lines.badBytes(data, start, end, flags, true);
            if (bad != null) {
                problems.malformed(lineNumber, data, start, end, bad);
                leaf[0] = NO_LEAF;
                return;
            }
            int i = Lines.skipBlanks(data, start, end);
            if (i == end) {
                return;
            }
            if (i == start) {
                // a table header such as "Main:", "Local:" or "Id 100:"
                if (data[end - 1] != ':') {
                    problems.malformed(lineNumber, data, start, end, "expected a table name ending in ':'");
                }
                leaf[0] = NO_LEAF;
                return;
            }
            if (data[i] == '+' || data[i] == '|') {
                int e = Lines.fieldEnd(data, i, end);
                if (e - i != 3 || data[i + 1] != '-' || data[i + 2] != '-') {
                    problems.malformed(lineNumber, data, start, end, "expected '+--' or '|--'");
                    leaf[0] = NO_LEAF;
                    return;
                }
                int a = Lines.skipBlanks(data, e, end);
                int aEnd = data[i] == '+' ? slash(data, a, end) : Lines.fieldEnd(data, a, end);
                long address = parseDottedQuad(data, a, aEnd);
                if (address < 0) {
                    problems.malformed(lineNumber, data, start, end, "bad IPv4 address");
                    leaf[0] = NO_LEAF;
                    return;
                }
                leaf[0] = data[i] == '|' ? address : NO_LEAF;
                return;
            }
            if (data[i] == '/') {
                String problem = alias(data, i, end, leaf[0], found, count);
                if (problem != null) {
                    problems.malformed(lineNumber, data, start, end, problem);
                }
                return;
            }
            problems.malformed(lineNumber, data, start, end, "not a table, node, leaf or alias line");
            leaf[0] = NO_LEAF;
        });
        int[] addresses = Arrays.copyOf(found[0], count[0]);
        Arrays.sort(addresses);
        return distinct(addresses);
    }

    private static String alias(byte[] d, int i, int end, long leaf, int[][] found, int[] count) {
        int e = Lines.fieldEnd(d, i, end);
        int prefix = Lines.parseDecimalInt(d, i + 1, e);
        if (prefix < 0 || prefix > 32) {
            return "bad prefix length";
        }
        if (Lines.countFields(d, i, end) < 3) {
            return "too few columns (expected '/len scope type')";
        }
        if (leaf == NO_LEAF) {
            return "alias line without a leaf above it";
        }
        boolean local = false;
        int f = Lines.skipBlanks(d, e, end);
        while (f < end) {
            int fe = Lines.fieldEnd(d, f, end);
            local |= Lines.equalsAscii(d, f, fe, "LOCAL");
            f = Lines.skipBlanks(d, fe, end);
        }
        if (prefix == 32 && local) {
            if (count[0] == found[0].length) {
                found[0] = Arrays.copyOf(found[0], count[0] * 2);
            }
            found[0][count[0]++] = (int) leaf;
        }
        return null;
    }

    private static int slash(byte[] d, int i, int end) {
        while (i < end && d[i] != '/' && !Lines.isBlank(d[i])) {
            i++;
        }
        return i;
    }

    /** {@code a.b.c.d} as a network-order word in the low 32 bits, or -1. */
    static long parseDottedQuad(byte[] d, int from, int to) {
        long word = 0;
        int i = from;
        for (int part = 0; part < 4; part++) {
            int e = i;
            while (e < to && d[e] != '.') {
                e++;
            }
            if (e - i > 3) {
                return -1;
            }
            int v = Lines.parseDecimalInt(d, i, e);
            if (v < 0 || v > 255 || (part < 3 && e == to) || (part == 3 && e != to)) {
                return -1;
            }
            word = word << 8 | v;
            i = e + 1;
        }
        return word;
    }

    private static int[] distinct(int[] sorted) {
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                sorted[n++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, n);
    }
}
