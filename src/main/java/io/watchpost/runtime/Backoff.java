package io.watchpost.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Capped exponential backoff with jitter: attempt n waits between half and all of {@code min(cap, initial * 2^n)}, so a
 * fleet whose nucleus restarted together does not reconnect in lockstep.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration cap;
    private final Random random;

    public Backoff(Duration initial, Duration cap, Random random) {
        if (initial.isNegative() || initial.isZero() || cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= cap, got " + initial + " and " + cap);
        }
        this.initial = initial;
        this.cap = cap;
        this.random = Objects.requireNonNull(random);
    }

    /** 1 s doubling to 60 s: the IPC reconnect policy. */
    public static Backoff ipcReconnect(Random random) {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), random);
    }

    /** The wait before attempt {@code attempt} (0 for the first retry). */
    public Duration delay(int attempt) {
        long capMillis = cap.toMillis();
        long base = initial.toMillis();
        for (int i = 0; i < attempt && base < capMillis; i++) {
            base *= 2;
        }
        base = Math.min(base, capMillis);
        long half = base / 2;
        return Duration.ofMillis(base - half + random.nextLong(half + 1));
    }
}
