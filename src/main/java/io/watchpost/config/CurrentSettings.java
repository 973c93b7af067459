package io.watchpost.config;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The settings in force, shared by whoever reads them: created first (holding the defaults) and handed to the runtime,
 * which swaps in each new snapshot, and to the custom-metrics inbox, which reads its cap from it on IPC threads.
 */
public final class CurrentSettings {
    private final AtomicReference<Settings> current;

    /** Holds {@link Settings#defaults()} until the first configuration is read. */
    public CurrentSettings() {
        this(Settings.defaults());
    }

    public CurrentSettings(Settings initial) {
        current = new AtomicReference<>(Objects.requireNonNull(initial));
    }

    public Settings get() {
        return current.get();
    }

    public void set(Settings settings) {
        current.set(Objects.requireNonNull(settings));
    }
}
