package io.watchpost.localcore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.aws.greengrass.model.GreengrassCoreIPCError;
import software.amazon.awssdk.aws.greengrass.model.UnauthorizedError;

/**
 * The in-process IPC server with the failures tests need, through {@link LocalIpcServer}'s package-private hooks:
 * refused subscriptions, failing, stalled, unforwarded or slow publishes, dropped connections, a nucleus that goes
 * away and comes back. Test sources only: the product never misbehaves on purpose.
 */
public final class FaultyIpcServer extends LocalIpcServer {
    /** Subscription topic filter patterns that fail, and how (UNAUTHORIZED: accessControl; others: a busy nucleus). */
    private final Map<String, IpcFault> subscriptionFaults = new ConcurrentHashMap<>();
    // Guarded by this.
    private int failingPublishes;
    private IpcFault publishFault = IpcFault.SERVICE_ERROR;

    private volatile boolean ignorePublishes;
    private volatile boolean stallPublishes;
    private volatile CountDownLatch publishGate;

    private FaultyIpcServer(Path directory, String token, Map<String, ?> initialConfig) {
        super(directory, token, initialConfig);
    }

    /** As {@link LocalIpcServer#start}, with the fault controls below. */
    public static FaultyIpcServer start(Path parent, String token, Map<String, ?> initialConfig) throws IOException {
        return start(parent, token, initialConfig, FaultyIpcServer::new);
    }

    /** Closes every client connection; the listener stays, so clients can connect again. */
    @Override
    public void dropConnections() {
        super.dropConnections();
    }

    /** Stops listening and drops every connection, like a nucleus that went down. {@link #restart()} undoes it. */
    @Override
    public void stop() {
        super.stop();
    }

    /** Listens again on the same socket path after {@link #stop()}, like a nucleus that came back. */
    public void restart() throws IOException {
        stop();
        listen();
    }

    /** SubscribeToIoTCore/SubscribeToTopic requests whose topic matches this MQTT filter answer UnauthorizedError. */
    public void denySubscriptions(String topicFilterPattern) {
        failSubscriptions(topicFilterPattern, IpcFault.UNAUTHORIZED);
    }

    /**
     * SubscribeToIoTCore/SubscribeToTopic requests whose topic matches this MQTT filter answer with {@code fault} until
     * {@link #clearSubscriptionFaults()}: SERVICE_ERROR is how a nucleus whose MQTT connection is down answers.
     */
    public void failSubscriptions(String topicFilterPattern, IpcFault fault) {
        subscriptionFaults.put(Objects.requireNonNull(topicFilterPattern), Objects.requireNonNull(fault));
    }

    /** Subscriptions are served again. */
    public void clearSubscriptionFaults() {
        subscriptionFaults.clear();
    }

    /** The next {@code n} PublishToIoTCore requests answer with {@code fault} and are not recorded or forwarded. */
    public synchronized void failNextPublishes(int n, IpcFault fault) {
        failingPublishes = n;
        publishFault = Objects.requireNonNull(fault);
    }

    /**
     * While true, publishes are answered and recorded but not passed to the {@link #onPublishToIoTCore} handlers, so
     * nothing (such as the Device Defender stand-in) ever answers on reply topics.
     */
    public void ignorePublishes(boolean ignore) {
        ignorePublishes = ignore;
    }

    /** While true, PublishToIoTCore requests get no answer at all (the client's call must time out). */
    public void stallPublishes(boolean stall) {
        stallPublishes = stall;
    }

    /**
     * A slow nucleus: from now on each PublishToIoTCore is recorded at once but answered only when the returned latch is
     * counted down (or after 30 s). The worker waits meanwhile, so other requests queue behind the held publish.
     */
    public CountDownLatch holdPublishes() {
        CountDownLatch gate = new CountDownLatch(1);
        publishGate = gate;
        return gate;
    }

    @Override
    Optional<GreengrassCoreIPCError> subscriptionError(String filter) {
        return subscriptionFaults.entrySet().stream().filter(e -> TopicFilter.matches(e.getKey(), filter)).findFirst()
                .map(e -> e.getValue() == IpcFault.UNAUTHORIZED
                        ? new UnauthorizedError("subscription to " + filter + " is not authorized by accessControl")
                        : e.getValue().toError("injected failure for a subscription to " + filter));
    }

    @Override
    synchronized Optional<GreengrassCoreIPCError> publishError(String topic) {
        if (failingPublishes == 0) {
            return Optional.empty();
        }
        failingPublishes--;
        return Optional.of(publishFault.toError("injected failure for " + topic));
    }

    @Override
    boolean answersPublish() {
        return !stallPublishes;
    }

    @Override
    boolean forwardsPublish() {
        return !ignorePublishes;
    }

    @Override
    void beforePublishAnswer() {
        CountDownLatch gate = publishGate;
        if (gate != null) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
