package io.watchpost.collect;

import java.util.Arrays;

/**
 * A set of keys of three longs, open addressing with linear probing in flat primitive arrays: counting 100,000
 * distinct connections costs a few arrays, not 100,000 objects. The collector keeps one across cycles ({@link #clear}).
 */
final class PackedKeySet {
    private long[] keys = new long[3 * 64];
    private boolean[] used = new boolean[64];
    private int size;

    /** @return true when the key was not in the set yet */
    boolean add(long a, long b, long c) {
        if (2 * (size + 1) > used.length) {
            grow();
        }
        int mask = used.length - 1;
        for (int slot = hash(a, b, c) & mask; ; slot = (slot + 1) & mask) {
            if (!used[slot]) {
                used[slot] = true;
                keys[3 * slot] = a;
                keys[3 * slot + 1] = b;
                keys[3 * slot + 2] = c;
                size++;
                return true;
            }
            if (keys[3 * slot] == a && keys[3 * slot + 1] == b && keys[3 * slot + 2] == c) {
                return false;
            }
        }
    }

    int size() {
        return size;
    }

    /**
     * Empties the set for the next collection, keeping its arrays so that a cycle does not allocate (and rehash) a
     * table for every connection again. A table 8 times larger than the last fill needed is given back.
     */
    void clear() {
        int needed = 64;
        while (needed < 2 * size) {
            needed *= 2;
        }
        if (used.length >= 8L * needed) {
            keys = new long[3 * needed];
            used = new boolean[needed];
        } else {
            Arrays.fill(used, false);
        }
        size = 0;
    }

    int capacity() {
        return used.length;
    }

    private void grow() {
        long[] oldKeys = keys;
        boolean[] oldUsed = used;
        keys = new long[oldKeys.length * 2];
        used = new boolean[oldUsed.length * 2];
        size = 0;
        for (int i = 0; i < oldUsed.length; i++) {
            if (oldUsed[i]) {
                add(oldKeys[3 * i], oldKeys[3 * i + 1], oldKeys[3 * i + 2]);
            }
        }
    }

    private static int hash(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(b * 0xC2B2AE3D27D4EB4FL, 21) ^ c * 0x165667B19E3779F9L;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return (int) (h ^ h >>> 29);
    }
}
