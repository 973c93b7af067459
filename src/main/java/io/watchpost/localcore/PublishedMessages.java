package io.watchpost.localcore;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Thread-safe record of the PublishToIoTCore messages the local core accepted, in arrival order. Only the most recent
 * {@link #RETAINED} are kept, so that local mode can run for days without growing; {@link #count()} counts them all.
 */
public final class PublishedMessages {
    /** Far more than any test publishes; a day of local mode at a 10 s interval stays bounded. */
    public static final int RETAINED = 1000;

    private final ArrayDeque<IoTCorePublish> messages = new ArrayDeque<>();
    private long total;

    synchronized void add(IoTCorePublish message) {
        if (messages.size() == RETAINED) {
            messages.removeFirst();
        }
        messages.addLast(message);
        total++;
        notifyAll();
    }

    /** The retained messages, oldest first. */
    public synchronized List<IoTCorePublish> all() {
        return List.copyOf(messages);
    }

    /** The latest message, if any. */
    public synchronized Optional<IoTCorePublish> last() {
        return Optional.ofNullable(messages.peekLast());
    }

    /** Every message accepted since the start, retained or not. */
    public synchronized int count() {
        return (int) Math.min(total, Integer.MAX_VALUE);
    }

    /** Waits until at least {@code n} messages arrived and returns the first {@code n} (n at most {@link #RETAINED}). */
    public synchronized List<IoTCorePublish> awaitCount(int n, Duration timeout)
            throws TimeoutException, InterruptedException {
        if (n > RETAINED) {
            throw new IllegalArgumentException("only the latest " + RETAINED + " messages are retained: " + n);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (total < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("expected " + n + " publishes to IoT Core within " + timeout + ", got "
                        + total);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        if (total > messages.size()) {
            throw new IllegalStateException("the first " + n + " messages are no longer retained");
        }
        return messages.stream().limit(n).toList();
    }
}
