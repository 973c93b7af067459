package io.watchpost.ipc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The Greengrass IPC operations Watchpost uses, over one connection to the nucleus. Every call returns at once; its
 * future completes with the answer or fails with an {@link IpcException} (including {@code TIMEOUT}: no call can hang).
 * Callbacks run on an IPC thread and must not block on further IPC calls.
 */
public interface CoreIpc extends AutoCloseable {
    /** PublishToIoTCore with QoS 1. */
    CompletableFuture<Void> publishToIoTCore(String topic, byte[] payload);

    /** PublishToTopic on local publish/subscribe, as a binary message. */
    CompletableFuture<Void> publishToTopic(String topic, byte[] payload);

    /** SubscribeToIoTCore with QoS 1; {@code onClosed} runs when the stream ends for any reason. */
    CompletableFuture<Subscription> subscribeToIoTCore(String topicFilter, Consumer<byte[]> onMessage,
                                                       Runnable onClosed);

    /** GetConfiguration of the whole configuration of this component; numbers arrive as Double. */
    CompletableFuture<Map<String, Object>> getConfiguration();

    /** SubscribeToConfigurationUpdate for the whole configuration; {@code onUpdate} runs once per changed node. */
    CompletableFuture<Subscription> subscribeToConfigurationUpdate(Runnable onUpdate, Runnable onClosed);

    /** SubscribeToTopic on local publish/subscribe; messages arrive as raw bytes (JSON messages re-encoded). */
    CompletableFuture<Subscription> subscribeToTopic(String topic, Consumer<byte[]> onMessage, Runnable onClosed);

    /** Whether the underlying connection is still open. */
    boolean isOpen();

    @Override
    void close();
}
