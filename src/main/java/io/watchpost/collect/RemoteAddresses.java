package io.watchpost.collect;

import io.watchpost.proc.AddressText;
import java.util.Arrays;

/**
 * The distinct remote addresses of every established TCP connection of one collection, not only those a size-limited
 * report keeps: what a rule on destinations (Detect's {@code aws:destination-ip-addresses}) needs. Addresses are
 * 128-bit values in network order with an IPv4 peer stored IPv4-mapped ({@code ::ffff:a.b.c.d}), as in
 * {@link TcpConnection}, sorted IPv4 first and then unsigned ascending, without duplicates.
 *
 * <p>{@code complete} is false when the collector stopped adding addresses at its bound: the set then holds the
 * addresses it saw up to that point, and a rule over it must not claim that nothing else was there.
 *
 * <p>Sorted when first read, not when made: every collection makes one, and only Detect reads it. Thread-safe.
 */
public final class RemoteAddresses {
    private static final RemoteAddresses EMPTY = new RemoteAddresses(new long[0], new long[0], 0, true);

    private final boolean complete;
    /** Until {@link #sortOnce()}: the addresses as given, in any order and with repeats; then sorted and distinct. */
    private long[] high;
    private long[] low;
    private int size;
    private volatile boolean sorted;

    private RemoteAddresses(long[] high, long[] low, int size, boolean complete) {
        this.high = high;
        this.low = low;
        this.size = size;
        this.complete = complete;
    }

    /** The addresses {@code high[i], low[i]} for i below {@code size}, in any order: the arrays are taken, not copied. */
    static RemoteAddresses of(long[] high, long[] low, int size, boolean complete) {
        return size == 0 && complete ? EMPTY : new RemoteAddresses(high, low, size, complete);
    }

    public static RemoteAddresses empty() {
        return EMPTY;
    }

    /** A new builder that sorts and de-duplicates what it is given. */
    public static Builder builder() {
        return new Builder();
    }

    public int size() {
        sortOnce();
        return size;
    }

    public boolean complete() {
        return complete;
    }

    /** First 64 bits of address {@code i} (0 for an IPv4 peer). */
    public long high(int i) {
        int k = index(i); // first: it sorts, which replaces the array
        return high[k];
    }

    /** Last 64 bits of address {@code i} ({@code 0x0000ffff_aabbccdd} for IPv4 peer a.b.c.d). */
    public long low(int i) {
        int k = index(i);
        return low[k];
    }

    public boolean isIpv4(int i) {
        return TcpConnection.isIpv4(high(i), low(i));
    }

    /** {@code a.b.c.d} for an IPv4 peer, RFC 5952 text for an IPv6 peer. */
    public String text(int i) {
        StringBuilder sb = new StringBuilder(40);
        long h = high(i);
        long l = low(i);
        if (TcpConnection.isIpv4(h, l)) {
            AddressText.appendIpv4(sb, (int) l);
        } else {
            AddressText.appendIpv6(sb, new int[] {(int) (h >>> 32), (int) h, (int) (l >>> 32), (int) l});
        }
        return sb.toString();
    }

    private int index(int i) {
        sortOnce();
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("address " + i + " of " + size);
        }
        return i;
    }

    /** Sorts and de-duplicates the addresses once, on the first read. */
    private void sortOnce() {
        if (sorted) {
            return;
        }
        synchronized (this) {
            if (sorted) {
                return;
            }
            // IPv4 peers (most, on a typical device) sort as primitives: their low word alone orders them.
            long[] v4 = new long[size];
            int v4Count = 0;
            Integer[] v6 = new Integer[size];
            int v6Count = 0;
            for (int i = 0; i < size; i++) {
                if (TcpConnection.isIpv4(high[i], low[i])) {
                    v4[v4Count++] = low[i];
                } else {
                    v6[v6Count++] = i;
                }
            }
            Arrays.sort(v4, 0, v4Count);
            long[] h = high;
            long[] l = low;
            Arrays.sort(v6, 0, v6Count, (a, b) -> TcpConnection.compareAddresses(h[a], l[a], h[b], l[b]));
            long[] outHigh = new long[size];
            long[] outLow = new long[size];
            int n = 0;
            for (int k = 0; k < v4Count; k++) {
                if (n == 0 || outLow[n - 1] != v4[k]) {
                    outLow[n++] = v4[k];
                }
            }
            for (int k = 0; k < v6Count; k++) {
                int i = v6[k];
                if (n > 0 && outHigh[n - 1] == h[i] && outLow[n - 1] == l[i]) {
                    continue;
                }
                outHigh[n] = h[i];
                outLow[n] = l[i];
                n++;
            }
            high = outHigh;
            low = outLow;
            size = n;
            sorted = true;
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RemoteAddresses[");
        sortOnce();
        for (int i = 0; i < Math.min(size, 8); i++) {
            sb.append(i == 0 ? "" : ", ").append(text(i));
        }
        return sb.append(size > 8 ? ", …" : "").append("; size ").append(size).append(complete ? "" : ", incomplete")
                .append(']').toString();
    }

    /** Collects addresses in any order, with repeats; {@link #build} sorts them once. Not thread-safe. */
    public static final class Builder {
        private long[] high = new long[16];
        private long[] low = new long[16];
        private int size;

        private Builder() {}

        public Builder add(long addressHigh, long addressLow) {
            if (size == high.length) {
                high = Arrays.copyOf(high, size * 2);
                low = Arrays.copyOf(low, size * 2);
            }
            high[size] = addressHigh;
            low[size] = addressLow;
            size++;
            return this;
        }

        /** The IPv4 peer with the given network-order word. */
        public Builder addIpv4(int address) {
            return add(0, (0xffffL << 32) | Integer.toUnsignedLong(address));
        }

        public int size() {
            return size;
        }

        /** @param complete false when the caller stopped adding at a bound (see the class comment) */
        public RemoteAddresses build(boolean complete) {
            return of(Arrays.copyOf(high, size), Arrays.copyOf(low, size), size, complete);
        }
    }
}
