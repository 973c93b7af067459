package io.watchpost.collect;

import io.watchpost.proc.AddressText;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

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
    private final PriorityQueue<TcpConnection> largestFirst;
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
        this.largestFirst = new PriorityQueue<>(Math.max(1, Math.min(limit, 1024)), Collections.reverseOrder());
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
        if (largestFirst.size() < limit) {
            largestFirst.add(new TcpConnection(text.toString(), localPort, name));
        } else if (smallerThan(largestFirst.peek(), localPort, name)) {
            largestFirst.poll();
            largestFirst.add(new TcpConnection(text.toString(), localPort, name));
        }
    }

    Bounded<TcpConnection> result() {
        List<TcpConnection> kept = new ArrayList<>(largestFirst);
        Collections.sort(kept);
        return new Bounded<>(kept, distinct.size());
    }

    /** Compares the candidate in {@link #text} with {@code max} in {@link TcpConnection}'s order. */
    private boolean smallerThan(TcpConnection max, int localPort, String name) {
        int c = CharSequence.compare(text, max.remoteAddress());
        if (c == 0) {
            c = Integer.compare(localPort, max.localPort());
        }
        if (c == 0) {
            c = Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(name, max.localInterface());
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
