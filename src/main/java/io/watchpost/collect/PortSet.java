package io.watchpost.collect;

import java.util.Arrays;

/**
 * Every distinct port number of a kind of listener (TCP or UDP), whatever interface: small (at most 65,535), so it is
 * kept whole even when the report's list of listeners is cut to its size budget. What a rule over the set of ports
 * (Detect's {@code aws:listening-tcp-ports}) needs.
 */
public final class PortSet {
    private static final PortSet EMPTY = new PortSet(new int[0]);

    private final int[] ports;

    private PortSet(int[] sortedDistinct) {
        this.ports = sortedDistinct;
    }

    public static PortSet empty() {
        return EMPTY;
    }

    /** @param ports port numbers 1..65535 in any order, repeats allowed */
    public static PortSet of(int... ports) {
        int[] p = ports.clone();
        Arrays.sort(p);
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 1 || p[i] > 65535) {
                throw new IllegalArgumentException("port out of range: " + p[i]);
            }
            if (n == 0 || p[n - 1] != p[i]) {
                p[n++] = p[i];
            }
        }
        return n == 0 ? EMPTY : new PortSet(Arrays.copyOf(p, n));
    }

    /** From a bit set of 65,536 bits (bit p of {@code bits[p >>> 6]} for port p). */
    static PortSet fromBits(long[] bits) {
        int n = 0;
        for (long w : bits) {
            n += Long.bitCount(w);
        }
        if (n == 0) {
            return EMPTY;
        }
        int[] out = new int[n];
        int k = 0;
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                out[k++] = w << 6 | Long.numberOfTrailingZeros(word);
                word &= word - 1;
            }
        }
        return new PortSet(out);
    }

    public int size() {
        return ports.length;
    }

    public boolean contains(int port) {
        return Arrays.binarySearch(ports, port) >= 0;
    }

    /** The ports in ascending order (a copy). */
    public int[] toArray() {
        return ports.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortSet p && Arrays.equals(ports, p.ports);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ports);
    }

    @Override
    public String toString() {
        return "PortSet" + Arrays.toString(ports);
    }
}
