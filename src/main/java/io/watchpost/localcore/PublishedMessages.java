package io.watchpost.localcore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** Thread-safe record of every PublishToIoTCore the local core accepted, in arrival order. */
public final class PublishedMessages {
    private final List<IoTCorePublish> messages = new ArrayList<>();

    synchronized void add(IoTCorePublish message) {
        messages.add(message);
        notifyAll();
    }

    public synchronized List<IoTCorePublish> all() {
        return List.copyOf(messages);
    }

    public synchronized int count() {
        return messages.size();
    }

    /** Waits until at least {@code n} messages arrived and returns the first {@code n}. */
    public synchronized List<IoTCorePublish> awaitCount(int n, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messages.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("expected " + n + " publishes to IoT Core within " + timeout + ", got "
                        + messages.size());
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(messages.subList(0, n));
    }
}
