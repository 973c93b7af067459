package io.watchpost.collect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects distinct (port, interface) pairs: counts all of them and keeps the smallest {@code limit} in
 * {@link PortBinding} order. An interface is its rank in a sorted name list (-1 = none), so the packed key
 * {@code port << 16 | rank + 1} sorts exactly like PortBinding (port, then null first, then name), and neither the
 * count nor the selection needs an object per socket.
 */
final class PortAccumulator {
    private final List<String> interfaceNames;
    private final int limit;
    private final PackedKeySet distinct = new PackedKeySet();
    /** Every port seen, whatever its interface: bit p for port p. */
    private final long[] ports = new long[65536 / 64];
    /** Max-heap of the smallest keys seen; grows up to {@code limit} (which may be far above the socket count). */
    private long[] heap;
    private int heapSize;

    PortAccumulator(List<String> sortedInterfaceNames, int limit) {
        if (sortedInterfaceNames.size() >= 0xffff) {
            throw new IllegalArgumentException("too many interfaces: " + sortedInterfaceNames.size());
        }
        this.interfaceNames = sortedInterfaceNames;
        this.limit = limit;
        this.heap = new long[Math.min(limit, 64)];
    }

    /** @param interfaceRank index into the sorted names, or -1 for none */
    void add(int port, int interfaceRank) {
        long key = (long) port << 16 | (interfaceRank + 1);
        if (port < 1 || port > 65535 || !distinct.add(key, 0, 0)) {
            return;
        }
        ports[port >>> 6] |= 1L << port;
        if (limit == 0) {
            return;
        }
        if (heapSize < limit) {
            if (heapSize == heap.length) {
                heap = Arrays.copyOf(heap, (int) Math.min((long) heap.length * 2, limit));
            }
            heap[heapSize] = key;
            siftUp(heapSize++);
        } else if (key < heap[0]) {
            heap[0] = key;
            siftDown(0);
        }
    }

    Bounded<PortBinding> result() {
        long[] kept = Arrays.copyOf(heap, heapSize);
        Arrays.sort(kept);
        List<PortBinding> out = new ArrayList<>(kept.length);
        for (long key : kept) {
            int rank = (int) (key & 0xffff) - 1;
            out.add(new PortBinding((int) (key >>> 16), rank < 0 ? null : interfaceNames.get(rank)));
        }
        return new Bounded<>(out, distinct.size());
    }

    /** Every distinct port number, kept in the list or not. */
    PortSet ports() {
        return PortSet.fromBits(ports);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (heap[parent] >= heap[i]) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int largest = i;
            int l = 2 * i + 1;
            int r = l + 1;
            if (l < heapSize && heap[l] > heap[largest]) {
                largest = l;
            }
            if (r < heapSize && heap[r] > heap[largest]) {
                largest = r;
            }
            if (largest == i) {
                return;
            }
            swap(i, largest);
            i = largest;
        }
    }

    private void swap(int i, int j) {
        long t = heap[i];
        heap[i] = heap[j];
        heap[j] = t;
    }
}
