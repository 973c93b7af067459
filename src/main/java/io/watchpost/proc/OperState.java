package io.watchpost.proc;

import java.util.Locale;
import java.util.Optional;

/** The RFC 2863 operational state the kernel writes to {@code /sys/class/net/<if>/operstate}. */
public enum OperState {
    UNKNOWN, NOTPRESENT, DOWN, LOWERLAYERDOWN, TESTING, DORMANT, UP;

    public static Optional<OperState> fromKernel(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (OperState s : values()) {
            if (s.name().equals(t)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
