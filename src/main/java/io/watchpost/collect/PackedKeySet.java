package io.watchpost.collect;

import java.util.Arrays;

/**
 * A set of keys of three longs without an object per key: counting 100,000 distinct connections costs a few arrays.
 * The collector keeps one across cycles ({@link #clear}).
 *
 * <p>The keys are stored densely in insertion order; an open-addressing table (linear probing) holds, per slot, 32 bits
 * of the key's hash and its index. A probe reads one long of that table, which is a third of the size a table of whole
 * keys would be (at 100,000 keys 2 MB instead of 6 MB, so far fewer cache and TLB misses), and reads the key itself
 * only when the stored hash bits match: for a new key almost never.
 */
final class PackedKeySet {
    private static final int MIN_CAPACITY = 64;

    /** 0 = empty, else {@code hashBits << 32 | (index + 1)}. */
    private long[] slots = new long[MIN_CAPACITY];
    /** Key {@code i} is {@code keys[3i..3i+2]}. */
    private long[] keys = new long[3 * MIN_CAPACITY / 2];
    private int size;

    /**
     * @return true when the key was not in the set yet
     *     (The probe loop is {@link #find}'s, written out: add runs once per connection row, and calling find cost
     *     ~4% of a 100,000-connection collection.)
     */
    boolean add(long a, long b, long c) {
        long h = hash(a, b, c);
        int bits = (int) (h >>> 32);
        int mask = slots.length - 1;
        for (int slot = (int) h & mask; ; slot = (slot + 1) & mask) {
            long s = slots[slot];
            if (s == 0) {
                insert(slot, bits, a, b, c);
                return true;
            }
            if ((int) (s >>> 32) == bits) {
                int at = 3 * ((int) s - 1);
                if (keys[at] == a && keys[at + 1] == b && keys[at + 2] == c) {
                    return false;
                }
            }
        }
    }

    /** @return true when the key is in the set */
    boolean contains(long a, long b, long c) {
        return find(hash(a, b, c), a, b, c);
    }

    private boolean find(long h, long a, long b, long c) {
        int bits = (int) (h >>> 32);
        int mask = slots.length - 1;
        for (int slot = (int) h & mask; ; slot = (slot + 1) & mask) {
            long s = slots[slot];
            if (s == 0) {
                return false;
            }
            if ((int) (s >>> 32) == bits) {
                int at = 3 * ((int) s - 1);
                if (keys[at] == a && keys[at + 1] == b && keys[at + 2] == c) {
                    return true;
                }
            }
        }
    }

    /** Part {@code part} (0, 1 or 2) of the key added {@code index}-th. */
    long key(int index, int part) {
        return keys[3 * index + part];
    }

    /**
     * Reads the table slot where {@link #add} will start looking for the key, and nothing else: called for a batch of
     * keys before adding them, the loads are independent, so their cache misses overlap instead of coming one by one.
     */
    long probe(long a, long b, long c) {
        return slots[(int) hash(a, b, c) & (slots.length - 1)];
    }

    int size() {
        return size;
    }

    /**
     * Empties the set for the next collection, keeping its arrays so that a cycle does not allocate (and rehash) a
     * table for every connection again. A table 8 times larger than the last fill needed is given back.
     */
    void clear() {
        int needed = MIN_CAPACITY;
        while (needed < 2 * size) {
            needed *= 2;
        }
        if (slots.length >= 8L * needed) {
            slots = new long[needed];
            keys = new long[3 * needed / 2];
        } else {
            Arrays.fill(slots, 0);
        }
        size = 0;
    }

    int capacity() {
        return slots.length;
    }

    private void insert(int slot, int bits, long a, long b, long c) {
        int at = 3 * size;
        if (at == keys.length) {
            keys = Arrays.copyOf(keys, 2 * keys.length);
        }
        keys[at] = a;
        keys[at + 1] = b;
        keys[at + 2] = c;
        size++;
        slots[slot] = (long) bits << 32 | size;
        if (2 * size > slots.length) {
            rehash(2 * slots.length);
        }
    }

    private void rehash(int capacity) {
        slots = new long[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < size; i++) {
            long h = hash(keys[3 * i], keys[3 * i + 1], keys[3 * i + 2]);
            int slot = (int) h & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = (h >>> 32) << 32 | (i + 1);
        }
    }

    /** 64 well-mixed bits: the low ones pick the slot, the high 32 are stored to skip most key comparisons. */
    private static long hash(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L ^ Long.rotateLeft(b * 0xC2B2AE3D27D4EB4FL, 21) ^ c * 0x165667B19E3779F9L;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        return h ^ h >>> 29;
    }
}
