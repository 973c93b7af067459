package io.watchpost.collect;

import java.util.Comparator;

/**
 * A listening socket as the report needs it: the port, and the interface that owns the bound address, or null for a
 * wildcard bind ({@code 0.0.0.0}, {@code ::}) or an address no interface owns.
 */
public record PortBinding(int port, String interfaceName) implements Comparable<PortBinding> {
    private static final Comparator<PortBinding> ORDER = Comparator.comparingInt(PortBinding::port)
            .thenComparing(PortBinding::interfaceName, Comparator.nullsFirst(Comparator.naturalOrder()));

    public PortBinding {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public int compareTo(PortBinding o) {
        return ORDER.compare(this, o);
    }
}
