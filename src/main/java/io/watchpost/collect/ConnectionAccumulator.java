package io.watchpost.collect;

import io.watchpost.proc.AddressText;

import java.util.Arrays;
import java.util.List;

/**
 * Collects distinct established connections: counts all of them and keeps the smallest {@code limit} in
 * {@link TcpConnection} order. The exact distinct count uses packed primitive keys (IPv4 is stored as IPv4-mapped
 * IPv6, so a v4 peer seen on a v4 and a dual-stack socket is one entry, as its printed form is). The text of a
 * candidate is written into a reused buffer and compared with the largest kept entry; an object is created only for a
 * connection that enters the kept set.
 */
final class ConnectionAccumulator {
    private final List<String> interfaceNames;
    private final int limit;
    private final PackedKeySet distinct;
    /** Binary max-heap of the kept connections in {@code [0, kept)}; its root is the largest. */
    private TcpConnection[] largestFirst;
    private int kept;
    private final StringBuilder text = new StringBuilder(64);
    private final int[] words = new int[4];

    ConnectionAccumulator(List<String> sortedInterfaceNames, int limit) {
        this(sortedInterfaceNames, limit, new PackedKeySet());
    }

    /** @param distinct an empty set to count into, reused across cycles (its table is the size of the connections) */
    ConnectionAccumulator(List<String> sortedInterfaceNames, int limit, PackedKeySet distinct) {
        if (distinct.size() != 0) {
            throw new IllegalArgumentException("the key set must be empty");
        }
        this.distinct = distinct;
        this.interfaceNames = sortedInterfaceNames;
        this.limit = limit;
        this.largestFirst = new TcpConnection[Math.max(1, Math.min(limit, 1024))];
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
        if (!distinct.add(high, low, rest) || limit == 0) {
            return;
        }
        formatRemote(high, low, remotePort);
        String name = interfaceRank < 0 ? null : interfaceNames.get(interfaceRank);
        if (kept < limit) {
            push(new TcpConnection(text.toString(), localPort, name));
        } else if (smallerThan(largestFirst[0], localPort, name)) {
            replaceTop(new TcpConnection(text.toString(), localPort, name));
        }
    }

    Bounded<TcpConnection> result() {
        TcpConnection[] sorted = Arrays.copyOf(largestFirst, kept);
        Arrays.sort(sorted);
        return new Bounded<>(Arrays.asList(sorted), distinct.size());
    }

    private void push(TcpConnection c) {
        if (kept == largestFirst.length) {
            largestFirst = Arrays.copyOf(largestFirst, (int) Math.min((long) limit, 2L * kept));
        }
        int i = kept++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            TcpConnection p = largestFirst[parent];
            if (c.compareTo(p) <= 0) {
                break;
            }
            largestFirst[i] = p;
            i = parent;
        }
        largestFirst[i] = c;
    }

    /** Drops the largest and inserts {@code c} in one sift-down (a poll and an add would sift twice). */
    private void replaceTop(TcpConnection c) {
        int i = 0;
        int half = kept >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            TcpConnection larger = largestFirst[child];
            int right = child + 1;
            if (right < kept && largestFirst[right].compareTo(larger) > 0) {
                child = right;
                larger = largestFirst[right];
            }
            if (c.compareTo(larger) >= 0) {
                break;
            }
            largestFirst[i] = larger;
            i = child;
        }
        largestFirst[i] = c;
    }

    /** Compares the candidate in {@link #text} with {@code max} in {@link TcpConnection}'s order. */
    private boolean smallerThan(TcpConnection max, int localPort, String name) {
        int c = CharSequence.compare(text, max.remoteAddress());
        if (c == 0) {
            c = Integer.compare(localPort, max.localPort());
        }
        if (c == 0) {
            String maxName = max.localInterface();
            c = name == null ? (maxName == null ? 0 : -1) : maxName == null ? 1 : name.compareTo(maxName);
        }
        return c < 0;
    }

    private void formatRemote(long high, long low, int port) {
        text.setLength(0);
        words[0] = (int) (high >>> 32);
        words[1] = (int) high;
        words[2] = (int) (low >>> 32);
        words[3] = (int) low;
        if (AddressText.isIpv4Mapped(words)) {
            AddressText.appendIpv4(text, words[3]);
        } else {
            text.append('[');
            AddressText.appendIpv6(text, words);
            text.append(']');
        }
        text.append(':').append(port);
    }
}
