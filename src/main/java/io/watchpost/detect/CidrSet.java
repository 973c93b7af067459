package io.watchpost.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CIDRs of an {@code in-cidr-set} / {@code not-in-cidr-set} criterion as sorted, merged address ranges, so that a
 * lookup is a binary search without allocation, and a pass over sorted addresses ({@link #lookup()}) a walk beside
 * the ranges.
 *
 * <p>Matching rules (AWS does not document them for IPv6): an IPv4-mapped address ({@code ::ffff:a.b.c.d}) is the
 * IPv4 address it carries, and so is an IPv4-mapped CIDR with a prefix of 96 or more ({@code ::ffff:10.0.0.0/104} is
 * {@code 10.0.0.0/8}); IPv6 CIDRs match only IPv6 addresses, IPv4 CIDRs only IPv4 addresses; {@code ::/0} matches
 * every IPv6 address and no IPv4 one. Host bits below the prefix are ignored ({@code 10.1.2.3/8} is {@code 10/8}).
 * A text without {@code /} is one host ({@code /32}, {@code /128}).
 */
public final class CidrSet {
    private static final long MAPPED_PREFIX = 0xffffL << 32;

    /** IPv4 ranges, unsigned 32-bit values in longs: start[i] ≤ end[i] < start[i + 1]. */
    private final long[] v4Start;
    private final long[] v4End;
    /** IPv6 ranges as 128-bit (high, low) pairs, sorted unsigned and disjoint. */
    private final long[] v6StartHigh;
    private final long[] v6StartLow;
    private final long[] v6EndHigh;
    private final long[] v6EndLow;

    private CidrSet(long[] v4Start, long[] v4End, long[][] v6) {
        this.v4Start = v4Start;
        this.v4End = v4End;
        this.v6StartHigh = v6[0];
        this.v6StartLow = v6[1];
        this.v6EndHigh = v6[2];
        this.v6EndLow = v6[3];
    }

    /**
     * @throws IllegalArgumentException naming the CIDR and the rule it broke
     */
    public static CidrSet parse(List<String> cidrs) {
        List<long[]> v4 = new ArrayList<>();
        List<long[]> v6 = new ArrayList<>();
        for (String cidr : cidrs) {
            long[] r = range(cidr);
            (r.length == 2 ? v4 : v6).add(r);
        }
        v4.sort((a, b) -> Long.compare(a[0], b[0]));
        v6.sort((a, b) -> compare(a[0], a[1], b[0], b[1]));
        List<long[]> m4 = new ArrayList<>();
        for (long[] r : v4) {
            long[] last = m4.isEmpty() ? null : m4.get(m4.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                m4.add(r.clone());
            }
        }
        List<long[]> m6 = new ArrayList<>();
        for (long[] r : v6) {
            long[] last = m6.isEmpty() ? null : m6.get(m6.size() - 1);
            if (last != null && touches(last[2], last[3], r[0], r[1])) {
                if (compare(r[2], r[3], last[2], last[3]) > 0) {
                    last[2] = r[2];
                    last[3] = r[3];
                }
            } else {
                m6.add(r.clone());
            }
        }
        long[][] six = new long[4][m6.size()];
        for (int i = 0; i < m6.size(); i++) {
            for (int k = 0; k < 4; k++) {
                six[k][i] = m6.get(i)[k];
            }
        }
        return new CidrSet(m4.stream().mapToLong(r -> r[0]).toArray(), m4.stream().mapToLong(r -> r[1]).toArray(),
                six);
    }

    /** Is the address (128 bits, network order; IPv4 stored IPv4-mapped) inside one of the CIDRs? */
    public boolean contains(long high, long low) {
        if (high == 0 && (low & 0xffff_ffff_0000_0000L) == MAPPED_PREFIX) {
            return containsV4(low & 0xffff_ffffL);
        }
        int lo = 0;
        int hi = v6StartHigh.length - 1;
        int found = -1;
        while (lo <= hi) { // last range whose start ≤ address
            int mid = (lo + hi) >>> 1;
            if (compare(v6StartHigh[mid], v6StartLow[mid], high, low) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && compare(high, low, v6EndHigh[found], v6EndLow[found]) <= 0;
    }

    /**
     * A lookup for addresses given in ascending order, as {@code RemoteAddresses} holds them (IPv4 first, then
     * unsigned): it walks the ranges alongside, about one comparison per address instead of a binary search. An
     * address smaller than the previous one of its family re-positions the walk by binary search, so any order is
     * answered correctly. One per pass; not thread-safe.
     */
    public Lookup lookup() {
        return new Lookup();
    }

    /** See {@link #lookup()}. */
    public final class Lookup {
        private int r4;
        private long last4 = -1;
        private int r6;
        private long lastHigh;
        private long lastLow;
        private boolean seen6;

        private Lookup() {
        }

        public boolean contains(long high, long low) {
            if (high == 0 && (low & 0xffff_ffff_0000_0000L) == MAPPED_PREFIX) {
                long a = low & 0xffff_ffffL;
                if (a < last4) {
                    r4 = firstV4EndingAtOrAfter(a);
                }
                last4 = a;
                while (r4 < v4End.length && v4End[r4] < a) {
                    r4++;
                }
                return r4 < v4End.length && v4Start[r4] <= a;
            }
            if (seen6 && compare(high, low, lastHigh, lastLow) < 0) {
                r6 = firstV6EndingAtOrAfter(high, low);
            }
            seen6 = true;
            lastHigh = high;
            lastLow = low;
            int n = v6EndHigh.length;
            while (r6 < n && compare(v6EndHigh[r6], v6EndLow[r6], high, low) < 0) {
                r6++;
            }
            return r6 < n && compare(v6StartHigh[r6], v6StartLow[r6], high, low) <= 0;
        }
    }

    private int firstV4EndingAtOrAfter(long address) {
        int lo = 0;
        int hi = v4End.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (v4End[mid] < address) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int firstV6EndingAtOrAfter(long high, long low) {
        int lo = 0;
        int hi = v6EndHigh.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(v6EndHigh[mid], v6EndLow[mid], high, low) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private boolean containsV4(long address) {
        int lo = 0;
        int hi = v4Start.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (v4Start[mid] <= address) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && address <= v4End[found];
    }

    /** How many disjoint ranges the CIDRs merged into (IPv4 and IPv6). */
    public int ranges() {
        return v4Start.length + v6StartHigh.length;
    }

    /** {start, end} for IPv4 (unsigned 32-bit in longs), {startHigh, startLow, endHigh, endLow} for IPv6. */
    static long[] range(String text) {
        Cidr cidr;
        try {
            cidr = Cidr.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CIDR \"" + text + "\": " + e.getMessage());
        }
        if (cidr.ipv4()) {
            int p = cidr.familyPrefix();
            long hostBits = p == 0 ? 0xffff_ffffL : (1L << (32 - p)) - 1;
            long start = cidr.low() & 0xffff_ffffL;
            return new long[] {start, start | hostBits};
        }
        int p = cidr.prefix();
        long highHost = p >= 64 ? 0 : p == 0 ? -1L : -1L >>> p;
        long lowHost = p <= 64 ? -1L : p == 128 ? 0 : -1L >>> (p - 64);
        return new long[] {cidr.high(), cidr.low(), cidr.high() | highHost, cidr.low() | lowHost};
    }

    static int compare(long aHigh, long aLow, long bHigh, long bLow) {
        int c = Long.compareUnsigned(aHigh, bHigh);
        return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
    }

    /** Does a range ending at (endHigh, endLow) overlap or adjoin one starting at (high, low)? */
    private static boolean touches(long endHigh, long endLow, long high, long low) {
        if (compare(high, low, endHigh, endLow) <= 0) {
            return true;
        }
        long nextLow = endLow + 1;
        long nextHigh = nextLow == 0 ? endHigh + 1 : endHigh;
        return (endHigh != -1L || endLow != -1L) && nextHigh == high && nextLow == low;
    }

    @Override
    public String toString() {
        return "CidrSet[" + v4Start.length + " IPv4 ranges, " + v6StartHigh.length + " IPv6 ranges; v4 starts "
                + Arrays.toString(Arrays.copyOf(v4Start, Math.min(4, v4Start.length))) + "]";
    }
}
