package io.watchpost.detect;

import io.watchpost.collect.Bounded;
import io.watchpost.collect.PortBinding;
import java.util.Arrays;
import java.util.List;

/**
 * The distinct port numbers of one kind of listener in a sample, ascending. Interfaces do not matter: a behavior's
 * {@code ports} carry numbers only. {@code complete} is false when the collector kept fewer listeners than it saw
 * (its retain limit): a rule may then find a violation among the ports it has, but cannot claim none is elsewhere.
 */
public final class PortSet {
    private final int[] ports;
    private final boolean complete;

    private PortSet(int[] ports, boolean complete) {
        this.ports = ports;
        this.complete = complete;
    }

    public static PortSet of(Bounded<PortBinding> listeners) {
        List<PortBinding> kept = listeners.kept();
        int[] ports = new int[kept.size()];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = kept.get(i).port();
        }
        return new PortSet(sortedDistinct(ports), kept.size() == listeners.total());
    }

    public static PortSet of(int... ports) {
        return new PortSet(sortedDistinct(ports.clone()), true);
    }

    private static int[] sortedDistinct(int[] ports) {
        Arrays.sort(ports);
        int n = 0;
        for (int i = 0; i < ports.length; i++) {
            if (n == 0 || ports[n - 1] != ports[i]) {
                ports[n++] = ports[i];
            }
        }
        return Arrays.copyOf(ports, n);
    }

    public int size() {
        return ports.length;
    }

    public int get(int i) {
        return ports[i];
    }

    public boolean complete() {
        return complete;
    }

    @Override
    public String toString() {
        return Arrays.toString(ports) + (complete ? "" : " (incomplete)");
    }
}
