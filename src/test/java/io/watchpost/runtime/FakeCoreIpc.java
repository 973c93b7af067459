package io.watchpost.runtime;

import io.watchpost.ipc.CoreIpc;
import io.watchpost.ipc.IpcException;
import io.watchpost.ipc.Subscription;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** An in-memory nucleus connection: records publishes and subscriptions, and lets the test deliver, refuse and drop. */
final class FakeCoreIpc implements CoreIpc {
    /** One publish as the broker received it, at {@code receivedAt} on the test's clock. */
    record Published(String topic, byte[] payload, Instant receivedAt) { }

    final class TopicSub implements Subscription {
        final String topic;
        final Consumer<byte[]> onMessage;
        final Runnable onClosed;
        boolean closed;

        TopicSub(String topic, Consumer<byte[]> onMessage, Runnable onClosed) {
            this.topic = topic;
            this.onMessage = onMessage;
            this.onClosed = onClosed;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                onClosed.run();
            }
        }
    }

    private final FakeConnector owner;
    final List<Published> published = new ArrayList<>();
    final List<TopicSub> iotSubscriptions = new ArrayList<>();
    /** Local publish/subscribe (SubscribeToTopic) streams. */
    final List<TopicSub> localSubscriptions = new ArrayList<>();
    final Map<String, IpcException> refusedTopics = new HashMap<>();
    /** Failures for the next SubscribeToTopic calls, in order. */
    final Deque<IpcException> localSubscribeFailures = new ArrayDeque<>();
    int localSubscribeCalls;
    final Deque<IpcException> publishFailures = new ArrayDeque<>();
    /**
     * Per publish, how long the message takes to reach the broker and the answer to come back (each): the test's clock
     * moves that much before the receipt is recorded and again before the call returns.
     */
    final Deque<Duration> publishDelays = new ArrayDeque<>();
    Runnable configUpdate;
    Runnable configClosed;
    int getConfigurationCalls;
    boolean open = true;
    boolean closed;

    FakeCoreIpc(FakeConnector owner) {
        this.owner = owner;
    }

    @Override
    public CompletableFuture<Void> publishToIoTCore(String topic, byte[] payload) {
        if (!open) {
            return CompletableFuture.failedFuture(closedError());
        }
        IpcException failure = publishFailures.poll();
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        Duration delay = publishDelays.poll();
        owner.elapse(delay);
        published.add(new Published(topic, payload.clone(), owner.now()));
        owner.elapse(delay);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Subscription> subscribeToIoTCore(String topicFilter, Consumer<byte[]> onMessage,
                                                              Runnable onClosed) {
        if (!open) {
            return CompletableFuture.failedFuture(closedError());
        }
        IpcException refusal = refusedTopics.get(topicFilter);
        if (refusal == null) {
            refusal = owner.refusedTopics.get(topicFilter);
        }
        if (refusal != null) {
            return CompletableFuture.failedFuture(refusal);
        }
        TopicSub sub = new TopicSub(topicFilter, onMessage, onClosed);
        iotSubscriptions.add(sub);
        return CompletableFuture.completedFuture(sub);
    }

    @Override
    public CompletableFuture<Map<String, Object>> getConfiguration() {
        getConfigurationCalls++;
        if (!open) {
            return CompletableFuture.failedFuture(closedError());
        }
        return CompletableFuture.completedFuture(new LinkedHashMap<>(owner.config));
    }

    @Override
    public CompletableFuture<Subscription> subscribeToConfigurationUpdate(Runnable onUpdate, Runnable onClosed) {
        if (!open) {
            return CompletableFuture.failedFuture(closedError());
        }
        configUpdate = onUpdate;
        configClosed = onClosed;
        return CompletableFuture.completedFuture(() -> configUpdate = null);
    }

    @Override
    public CompletableFuture<Subscription> subscribeToTopic(String topic, Consumer<byte[]> onMessage, Runnable onClosed) {
        localSubscribeCalls++;
        if (!open) {
            return CompletableFuture.failedFuture(closedError());
        }
        IpcException failure = localSubscribeFailures.poll();
        if (failure == null) {
            failure = owner.localSubscribeFailures.poll();
        }
        if (failure == null) {
            failure = owner.refusedLocalTopics.get(topic);
        }
        if (failure != null) {
            return CompletableFuture.failedFuture(failure);
        }
        TopicSub sub = new TopicSub(topic, onMessage, onClosed);
        localSubscriptions.add(sub);
        return CompletableFuture.completedFuture(sub);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
        closed = true;
    }

    /** Open (not closed) subscriptions to {@code topic}. */
    List<TopicSub> openSubscriptions(String topic) {
        return iotSubscriptions.stream().filter(s -> s.topic.equals(topic) && !s.closed).toList();
    }

    /** Open (not closed) local publish/subscribe streams on {@code topic}. */
    List<TopicSub> openLocalSubscriptions(String topic) {
        return localSubscriptions.stream().filter(s -> s.topic.equals(topic) && !s.closed).toList();
    }

    /** Another component publishes {@code payload} on the local topic; only open streams receive it. */
    void publishLocal(String topic, byte[] payload) {
        openLocalSubscriptions(topic).forEach(s -> s.onMessage.accept(payload));
    }

    /** The nucleus ends one stream on its own (the connection stays open). */
    void serverCloses(TopicSub sub) {
        if (!sub.closed) {
            sub.closed = true;
            sub.onClosed.run();
        }
    }

    /** Device Defender answers on {@code topic}. */
    void deliver(String topic, byte[] payload) {
        List<TopicSub> subs = openSubscriptions(topic);
        if (subs.isEmpty()) {
            throw new AssertionError("nobody is subscribed to " + topic);
        }
        subs.forEach(s -> s.onMessage.accept(payload));
    }

    /** The nucleus went away: the connection closes and every stream reports closed. */
    void drop() {
        open = false;
        List<TopicSub> all = new ArrayList<>(iotSubscriptions);
        all.addAll(localSubscriptions);
        for (TopicSub s : all) {
            if (!s.closed) {
                s.closed = true;
                s.onClosed.run();
            }
        }
        if (configClosed != null) {
            configClosed.run();
        }
    }

    /** A configuration update event, as the nucleus sends one per changed node. */
    void configurationChanged() {
        if (configUpdate == null) {
            throw new AssertionError("not subscribed to configuration updates");
        }
        configUpdate.run();
    }

    private static IpcException closedError() {
        return new IpcException(IpcException.Kind.CONNECTION_CLOSED, "EventStream connection is not open!", null);
    }
}
