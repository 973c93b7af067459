package io.watchpost.ipc;

import io.watchpost.log.EventLog;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.aws.greengrass.GreengrassCoreIPCClientV2;
import software.amazon.awssdk.aws.greengrass.model.GetConfigurationRequest;
import software.amazon.awssdk.aws.greengrass.model.BinaryMessage;
import software.amazon.awssdk.aws.greengrass.model.PublishMessage;
import software.amazon.awssdk.aws.greengrass.model.PublishToIoTCoreRequest;
import software.amazon.awssdk.aws.greengrass.model.PublishToTopicRequest;
import software.amazon.awssdk.aws.greengrass.model.QOS;
import software.amazon.awssdk.aws.greengrass.model.SubscribeToConfigurationUpdateRequest;
import software.amazon.awssdk.aws.greengrass.model.SubscribeToIoTCoreRequest;
import software.amazon.awssdk.aws.greengrass.model.SubscribeToTopicRequest;
import software.amazon.awssdk.eventstreamrpc.StreamResponse;

/**
 * {@link CoreIpc} over the SDK's {@link GreengrassCoreIPCClientV2}. Every call uses the SDK's async form under a timeout,
 * so no call can hang, and every SDK failure becomes an {@link IpcException}. Stream callbacks run in order on one
 * dedicated thread (the SDK's default is a cached pool, which would reorder them).
 *
 * <p>The futures returned here complete on an SDK thread: chain only non-blocking work on them.
 */
public final class GreengrassCoreIpc implements CoreIpc {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final GreengrassCoreIPCClientV2 client;
    private final AutoCloseable connection;
    private final BooleanSupplier connectionOpen;
    private final ExecutorService callbacks;
    private final Duration timeout;
    private final Optional<EventLog> log;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Set when a call failed with CONNECTION_CLOSED. The SDK marks its connection closed (and fails new calls) before
     * it runs the lifecycle handler that clears {@code connectionOpen}, so for a moment a failed call and an "open"
     * connection would coexist. A connection never reopens, so one such failure settles it.
     */
    private final AtomicBoolean lost = new AtomicBoolean();

    /**
     * @param client         the SDK client, built with {@code withExecutor(callbacks)}
     * @param connection     closed with this object (the event-stream connection under the client)
     * @param connectionOpen whether that connection is still up
     * @param callbacks      the single thread stream callbacks run on; shut down on close
     */
    GreengrassCoreIpc(GreengrassCoreIPCClientV2 client, AutoCloseable connection, BooleanSupplier connectionOpen,
                      ExecutorService callbacks, Duration timeout) {
        this(client, connection, connectionOpen, callbacks, timeout, Optional.empty());
    }

    /** @param log where dropped local pub/sub messages are reported, if anywhere */
    GreengrassCoreIpc(GreengrassCoreIPCClientV2 client, AutoCloseable connection, BooleanSupplier connectionOpen,
                      ExecutorService callbacks, Duration timeout, Optional<EventLog> log) {
        this.log = Objects.requireNonNull(log);
        this.client = Objects.requireNonNull(client);
        this.connection = Objects.requireNonNull(connection);
        this.connectionOpen = Objects.requireNonNull(connectionOpen);
        this.callbacks = Objects.requireNonNull(callbacks);
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("IPC call timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<Void> publishToIoTCore(String topic, byte[] payload) {
        return call("PublishToIoTCore " + topic, () -> client.publishToIoTCoreAsync(new PublishToIoTCoreRequest()
                .withTopicName(topic).withQos(QOS.AT_LEAST_ONCE).withPayload(payload.clone())))
                .thenApply(response -> null);
    }

    @Override
    public CompletableFuture<Void> publishToTopic(String topic, byte[] payload) {
        return call("PublishToTopic " + topic, () -> client.publishToTopicAsync(new PublishToTopicRequest()
                .withTopic(topic).withPublishMessage(new PublishMessage().withBinaryMessage(
                        new BinaryMessage().withMessage(payload.clone())))))
                .thenApply(response -> null);
    }

    @Override
    public CompletableFuture<Subscription> subscribeToIoTCore(String topicFilter, Consumer<byte[]> onMessage,
                                                              Runnable onClosed) {
        SubscribeToIoTCoreRequest request = new SubscribeToIoTCoreRequest().withTopicName(topicFilter)
                .withQos(QOS.AT_LEAST_ONCE);
        return subscribe("SubscribeToIoTCore " + topicFilter, onClosed, (closeHook, onError) ->
                client.subscribeToIoTCoreAsync(request,
                        message -> onMessage.accept(message.getMessage().getPayload()), onError, closeHook));
    }

    @Override
    public CompletableFuture<Map<String, Object>> getConfiguration() {
        return call("GetConfiguration", () -> client.getConfigurationAsync(
                new GetConfigurationRequest().withKeyPath(List.of())))
                .thenApply(response -> response.getValue() == null ? Map.<String, Object>of() : response.getValue());
    }

    @Override
    public CompletableFuture<Subscription> subscribeToConfigurationUpdate(Runnable onUpdate, Runnable onClosed) {
        SubscribeToConfigurationUpdateRequest request = new SubscribeToConfigurationUpdateRequest()
                .withKeyPath(List.of());
        return subscribe("SubscribeToConfigurationUpdate", onClosed, (closeHook, onError) ->
                client.subscribeToConfigurationUpdateAsync(request, event -> onUpdate.run(), onError, closeHook));
    }

    @Override
    public CompletableFuture<Subscription> subscribeToTopic(String topic, Consumer<byte[]> onMessage,
                                                            Runnable onClosed) {
        SubscribeToTopicRequest request = new SubscribeToTopicRequest().withTopic(topic);
        LocalMessageDelivery delivery = new LocalMessageDelivery(topic, onMessage, log);
        return subscribe("SubscribeToTopic " + topic, onClosed, (closeHook, onError) ->
                client.subscribeToTopicAsync(request, delivery, onError, closeHook));
    }

    @Override
    public boolean isOpen() {
        return !closed.get() && !lost.get() && connectionOpen.getAsBoolean();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            client.close();
        } catch (Exception e) {
            // The SDK client holds nothing we need once the connection below is closed.
        }
        try {
            connection.close();
        } catch (Exception e) {
            // Closing a dead connection can fail; it is gone either way.
        }
        callbacks.shutdown();
        try {
            callbacks.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- plumbing

    private <T> CompletableFuture<T> call(String operation, Supplier<CompletableFuture<T>> sdkCall) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(
                    new IpcException(IpcException.Kind.CONNECTION_CLOSED, operation + " failed: client is closed", null));
        }
        CompletableFuture<T> sdkFuture;
        try {
            sdkFuture = sdkCall.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(failed(operation, e));
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        sdkFuture.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failed(operation, failure));
            }
        });
        // orTimeout on our own future: the SDK's future is left alone, and a late answer is simply ignored.
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        IpcErrors.unwrap(failure) instanceof TimeoutException
                                ? new IpcException(IpcException.Kind.TIMEOUT,
                                        operation + " failed: no answer within " + timeout, failure)
                                : IpcErrors.map(operation, failure)));
    }

    /** Maps an SDK failure, and remembers when it shows that the connection is gone. */
    private IpcException failed(String operation, Throwable failure) {
        IpcException e = IpcErrors.map(operation, failure);
        if (e.kind() == IpcException.Kind.CONNECTION_CLOSED) {
            lost.set(true);
        }
        return e;
    }

    /** How an SDK subscribe call is made: given our close hook and error hook, return the SDK's streaming response. */
    @FunctionalInterface
    private interface SdkSubscribe<R> {
        GreengrassCoreIPCClientV2.StreamingResponse<CompletableFuture<R>, ? extends StreamResponse<?, ?>> start(
                Optional<Runnable> onClosed, Optional<Function<Throwable, Boolean>> onError);
    }

    private <R> CompletableFuture<Subscription> subscribe(String operation, Runnable onClosed, SdkSubscribe<R> sdk) {
        AtomicBoolean established = new AtomicBoolean();
        AtomicBoolean closedOnce = new AtomicBoolean();
        // The SDK may report a failed subscribe as a closed stream too; only a stream that was open counts as closed.
        Runnable closeHook = () -> {
            if (established.get() && closedOnce.compareAndSet(false, true)) {
                onClosed.run();
            }
        };
        Function<Throwable, Boolean> errorHook = error -> true; // close the stream; closeHook then reports it
        GreengrassCoreIPCClientV2.StreamingResponse<CompletableFuture<R>, ? extends StreamResponse<?, ?>> response;
        try {
            response = sdk.start(Optional.of(closeHook), Optional.of(errorHook));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(IpcErrors.map(operation, e));
        }
        StreamResponse<?, ?> handler = response.getHandler();
        Subscription subscription = () -> {
            try {
                handler.closeStream();
            } catch (RuntimeException e) {
                // Already closed with its connection.
            }
        };
        return call(operation, response::getResponse).thenApply(ok -> {
            established.set(true);
            return subscription;
        }).whenComplete((s, failure) -> {
            if (failure != null) {
                subscription.close();
            }
        });
    }
}
