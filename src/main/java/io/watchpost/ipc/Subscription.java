package io.watchpost.ipc;

/** An open IPC subscription stream; closing it unsubscribes. */
public interface Subscription extends AutoCloseable {
    @Override
    void close();
}
