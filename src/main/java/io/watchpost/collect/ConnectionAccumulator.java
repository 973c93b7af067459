package io.watchpost.collect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects distinct established connections: counts all of them and keeps the smallest {@code limit} in
 * {@link TcpConnection} order. A connection is three longs: the remote address (IPv4 stored IPv4-mapped, so a v4 peer
 * seen on a v4 and a dual-stack socket is one entry) and {@code remotePort << 32 | localPort << 16 | rank + 1}, where
 * the rank of an interface in the sorted names sorts like its name (none first). The same key counts distinct
 * connections and selects the kept ones in a primitive max-heap, so no text or object is made per row; objects are
 * made only for the connections finally kept.
 *
 * <p>Memory is bounded whatever the table holds: the distinct set takes at most {@code maxDistinct} keys (~40 bytes
 * each). Past that, a row not in the set is counted without being remembered, so the total is then an upper bound
 * (duplicates among those rows are counted again) and {@link Bounded#exact()} says so; the kept list stays exact, as
 * a candidate for it is checked against the kept entries. In the same pass the distinct remote addresses of every
 * connection are collected ({@link #destinations()}), up to {@code maxDestinations}.
 *
 * <p>Rows are handed to the distinct set in batches: at 100,000 connections its table is far larger than the caches
 * and every new key is a cache miss. Between two rows the parser reads ~150 bytes, too much work for the CPU to start
 * the next row's miss early; in a tight loop over a batch the misses of many keys overlap.
 */
final class ConnectionAccumulator {
    private static final int BATCH = 64;
    private static final long REST_BITS = (1L << 48) - 1;
    private final List<String> interfaceNames;
    private final int limit;
    private final PackedKeySet distinct;
    private final int maxDistinct;
    /** Rows past the bound that were not in the distinct set. */
    private int uncheckedRows;
    private final PackedKeySet destinations;
    private final int maxDestinations;
    private boolean destinationsComplete = true;
    /**
     * Binary max-heap of the kept connections in {@code [0, kept)}, as parallel arrays of their order keys; its root is
     * the largest. An order key is the 177 bits IPv6 flag, address, rest packed into three longs so that comparing them
     * as unsigned numbers one after the other is {@link TcpConnection} order: {@code ipv6 << 63 | high >>> 1},
     * {@code high << 63 | low >>> 1}, {@code low << 63 | rest} (rest has 48 bits).
     */
    private long[] firsts;
    private long[] seconds;
    private long[] thirds;
    private int kept;
    private boolean sorted;
    /** Rows not yet counted and offered to the heap. */
    private final long[] pendingHighs = new long[BATCH];
    private final long[] pendingLows = new long[BATCH];
    private final long[] pendingRests = new long[BATCH];
    private int pending;
    /** Kept only so that the JIT cannot drop the loads that bring the batch's table slots into the cache. */
    private long touched;

    ConnectionAccumulator(List<String> sortedInterfaceNames, int limit) {
        this(sortedInterfaceNames, limit, new PackedKeySet(), Integer.MAX_VALUE, new PackedKeySet(),
                Integer.MAX_VALUE);
    }

    /**
     * @param distinct        an empty set to count into, reused across cycles (its table grows with the connections)
     * @param maxDistinct     the most keys {@code distinct} may hold
     * @param destinations    an empty set for the remote addresses, reused across cycles
     * @param maxDestinations the most addresses {@code destinations} may hold
     */
    ConnectionAccumulator(List<String> sortedInterfaceNames, int limit, PackedKeySet distinct, int maxDistinct,
                          PackedKeySet destinations, int maxDestinations) {
        if (distinct.size() != 0 || destinations.size() != 0) {
            throw new IllegalArgumentException("the key sets must be empty");
        }
        this.maxDistinct = maxDistinct;
        this.destinations = destinations;
        this.maxDestinations = maxDestinations;
        if (sortedInterfaceNames.size() >= 0xffff) {
            throw new IllegalArgumentException("too many interfaces: " + sortedInterfaceNames.size());
        }
        this.distinct = distinct;
        this.interfaceNames = sortedInterfaceNames;
        this.limit = limit;
        int capacity = Math.max(1, Math.min(limit, 1024));
        firsts = new long[capacity];
        seconds = new long[capacity];
        thirds = new long[capacity];
    }

    /**
     * @param remote        one (IPv4) or four (IPv6) network-order words
     * @param interfaceRank index into the sorted names of the local address's interface, or -1 for none
     */
    void add(int[] remote, int remotePort, int localPort, int interfaceRank) {
        long high;
        long low;
        if (remote.length == 1) {
            high = 0;
            low = 0xffffL << 32 | Integer.toUnsignedLong(remote[0]);
        } else {
            high = (long) remote[0] << 32 | Integer.toUnsignedLong(remote[1]);
            low = (long) remote[2] << 32 | Integer.toUnsignedLong(remote[3]);
        }
        long rest = (long) remotePort << 32 | (long) localPort << 16 | (interfaceRank + 1);
        if (sorted) {
            throw new IllegalStateException("result() was taken: the accumulation has ended");
        }
        pendingHighs[pending] = high;
        pendingLows[pending] = low;
        pendingRests[pending] = rest;
        if (++pending == BATCH) {
            flush();
        }
    }

    private void flush() {
        long touched = 0;
        boolean destinationsOpen = destinations.size() < maxDestinations;
        for (int i = 0; i < pending; i++) {
            touched += distinct.probe(pendingHighs[i], pendingLows[i], pendingRests[i]);
            if (destinationsOpen) {
                touched += destinations.probe(pendingHighs[i], pendingLows[i], 0);
            }
        }
        this.touched = touched;
        for (int i = 0; i < pending; i++) {
            long high = pendingHighs[i];
            long low = pendingLows[i];
            long rest = pendingRests[i];
            if (destinations.size() < maxDestinations) {
                destinations.add(high, low, 0);
            } else if (destinationsComplete && !destinations.contains(high, low, 0)) {
                destinationsComplete = false;
            }
            boolean bounded = distinct.size() >= maxDistinct;
            if (bounded) {
                if (distinct.contains(high, low, rest)) {
                    continue;
                }
                uncheckedRows++;
            } else if (!distinct.add(high, low, rest)) {
                continue;
            }
            if (limit == 0) {
                continue;
            }
            long first = (TcpConnection.isIpv4(high, low) ? 0 : 1L << 63) | high >>> 1;
            long second = high << 63 | low >>> 1;
            long third = low << 63 | rest;
            if (kept < limit) {
                if (!bounded || !isKept(first, second, third)) {
                    push(first, second, third);
                }
            } else if (compare(first, second, third, 0) < 0 && (!bounded || !isKept(first, second, third))) {
                replaceTop(first, second, third);
            }
        }
        pending = 0;
    }

    /** The kept connections in order and the distinct count. Ends the accumulation: the heap is sorted in place. */
    Bounded<TcpConnection> result() {
        if (!sorted) {
            flush();
            // Heap sort on the primitive keys: move the largest behind the shrinking heap until it is empty.
            for (int n = kept - 1; n > 0; n--) {
                long first = firsts[n];
                long second = seconds[n];
                long third = thirds[n];
                move(0, n);
                siftDown(first, second, third, n);
            }
            sorted = true;
        }
        List<TcpConnection> out = new ArrayList<>(kept);
        for (int i = 0; i < kept; i++) {
            long high = firsts[i] << 1 | seconds[i] >>> 63;
            long low = seconds[i] << 1 | thirds[i] >>> 63;
            long rest = thirds[i] & REST_BITS;
            int rank = (int) (rest & 0xffff) - 1;
            out.add(new TcpConnection(high, low, (int) (rest >>> 32), (int) (rest >>> 16 & 0xffff),
                    rank < 0 ? null : interfaceNames.get(rank)));
        }
        long total = (long) distinct.size() + uncheckedRows;
        return new Bounded<>(out, (int) Math.min(total, Integer.MAX_VALUE), uncheckedRows == 0);
    }

    /**
     * The distinct remote addresses of every connection added, IPv4 stored IPv4-mapped; not complete when more than
     * {@code maxDestinations} were seen. Call after {@link #result()}.
     */
    RemoteAddresses destinations() {
        flush();
        int n = destinations.size();
        long[] high = new long[n];
        long[] low = new long[n];
        for (int i = 0; i < n; i++) {
            high[i] = destinations.key(i, 0);
            low[i] = destinations.key(i, 1);
        }
        return RemoteAddresses.of(high, low, n, destinationsComplete); // sorted only if Detect reads it
    }

    /** Past the distinct bound, whether an entry is among the kept (rare: only a candidate that would be kept). */
    private boolean isKept(long first, long second, long third) {
        for (int i = 0; i < kept; i++) {
            if (firsts[i] == first && seconds[i] == second && thirds[i] == third) {
                return true;
            }
        }
        return false;
    }

    /** The candidate's order key against heap entry {@code i}'s: {@link TcpConnection} order. */
    private int compare(long first, long second, long third, int i) {
        int c = Long.compareUnsigned(first, firsts[i]);
        if (c != 0) {
            return c;
        }
        c = Long.compareUnsigned(second, seconds[i]);
        return c != 0 ? c : Long.compareUnsigned(third, thirds[i]);
    }

    private void push(long first, long second, long third) {
        if (kept == firsts.length) {
            int capacity = (int) Math.min((long) limit, 2L * kept);
            firsts = Arrays.copyOf(firsts, capacity);
            seconds = Arrays.copyOf(seconds, capacity);
            thirds = Arrays.copyOf(thirds, capacity);
        }
        int i = kept++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (compare(first, second, third, parent) <= 0) {
                break;
            }
            move(parent, i);
            i = parent;
        }
        set(i, first, second, third);
    }

    /** Drops the largest and inserts the candidate in one sift-down (a poll and an add would sift twice). */
    private void replaceTop(long first, long second, long third) {
        siftDown(first, second, third, kept);
    }

    /** Puts the candidate at the root of the heap {@code [0, size)} and sifts it down to its place. */
    private void siftDown(long first, long second, long third, int size) {
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && compare(firsts[right], seconds[right], thirds[right], child) > 0) {
                child = right;
            }
            if (compare(first, second, third, child) >= 0) {
                break;
            }
            move(child, i);
            i = child;
        }
        set(i, first, second, third);
    }

    private void move(int from, int to) {
        firsts[to] = firsts[from];
        seconds[to] = seconds[from];
        thirds[to] = thirds[from];
    }

    private void set(int i, long first, long second, long third) {
        firsts[i] = first;
        seconds[i] = second;
        thirds[i] = third;
    }
}
