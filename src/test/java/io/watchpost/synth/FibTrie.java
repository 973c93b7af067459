package io.watchpost.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Writes {@code net/fib_trie} for a set of IPv4 routes in the kernel's text format ({@code fib_trie_seq_show}): one
 * table block, tnodes as {@code +-- prefix/len bits full empty}, leaves as {@code |-- addr} followed by one
 * {@code /len scope type} line per alias, three spaces of indent per level. The trie is a path-compressed binary trie
 * (every tnode has 2 children); the kernel's level-compressed tries also have wider nodes, which a reader must not
 * assume either way.
 */
final class FibTrie {
    /** One alias of a leaf, e.g. {@code /32 host LOCAL}. */
    record Alias(int prefixLength, String scope, String type) {
    }

    private final TreeMap<Long, List<Alias>> leaves = new TreeMap<>();

    void add(byte[] address, Alias alias) {
        long key = ((address[0] & 0xFFL) << 24) | ((address[1] & 0xFFL) << 16) | ((address[2] & 0xFFL) << 8)
                | (address[3] & 0xFFL);
        leaves.computeIfAbsent(key, k -> new ArrayList<>()).add(alias);
    }

    /** The dump of one table ({@code Main:} or {@code Local:}). */
    void write(StringBuilder out, String tableName) {
        out.append(tableName).append(":\n");
        List<Long> keys = new ArrayList<>(leaves.keySet());
        if (keys.isEmpty()) {
            return;
        }
        if (keys.size() == 1) {
            writeLeaf(out, keys.get(0), 0);
            return;
        }
        writeNode(out, keys, 0);
    }

    /** Writes the subtree over {@code keys} (sorted, at least 2) at {@code level}. */
    private void writeNode(StringBuilder out, List<Long> keys, int level) {
        int split = commonPrefixLength(keys.get(0), keys.get(keys.size() - 1));
        long prefix = split == 0 ? 0 : keys.get(0) & (0xFFFFFFFFL << (32 - split)) & 0xFFFFFFFFL;
        int firstOne = 0;
        while (firstOne < keys.size() && bit(keys.get(firstOne), split) == 0) {
            firstOne++;
        }
        List<Long> zeros = keys.subList(0, firstOne);
        List<Long> ones = keys.subList(firstOne, keys.size());
        int full = (isFull(zeros, split) ? 1 : 0) + (isFull(ones, split) ? 1 : 0);
        indent(out, level);
        out.append("  +-- ").append(dotted(prefix)).append('/').append(split).append(" 1 ").append(full)
                .append(" 0\n");
        writeChild(out, zeros, level + 1);
        writeChild(out, ones, level + 1);
    }

    private void writeChild(StringBuilder out, List<Long> keys, int level) {
        if (keys.size() == 1) {
            writeLeaf(out, keys.get(0), level);
        } else {
            writeNode(out, keys, level);
        }
    }

    private void writeLeaf(StringBuilder out, long key, int level) {
        indent(out, level);
        out.append("  |-- ").append(dotted(key)).append('\n');
        for (Alias alias : leaves.get(key)) {
            indent(out, level + 1);
            out.append("  /").append(alias.prefixLength()).append(' ').append(alias.scope()).append(' ')
                    .append(alias.type()).append('\n');
        }
    }

    /** A child tnode is "full" when it tests the very next bit (no skipped bits). */
    private static boolean isFull(List<Long> keys, int parentSplit) {
        return keys.size() > 1 && commonPrefixLength(keys.get(0), keys.get(keys.size() - 1)) == parentSplit + 1;
    }

    private static int commonPrefixLength(long a, long b) {
        return Integer.numberOfLeadingZeros((int) (a ^ b));
    }

    private static int bit(long key, int indexFromTop) {
        return (int) (key >>> (31 - indexFromTop)) & 1;
    }

    private static void indent(StringBuilder out, int level) {
        for (int i = 0; i < level; i++) {
            out.append("   ");
        }
    }

    private static String dotted(long key) {
        return ((key >>> 24) & 0xFF) + "." + ((key >>> 16) & 0xFF) + "." + ((key >>> 8) & 0xFF) + "." + (key & 0xFF);
    }
}
