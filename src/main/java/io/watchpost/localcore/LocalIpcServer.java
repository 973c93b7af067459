package io.watchpost.localcore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import software.amazon.awssdk.aws.greengrass.GreengrassCoreIPCServiceModel;
import software.amazon.awssdk.aws.greengrass.model.BinaryMessage;
import software.amazon.awssdk.aws.greengrass.model.ConfigurationUpdateEvent;
import software.amazon.awssdk.aws.greengrass.model.ConfigurationUpdateEvents;
import software.amazon.awssdk.aws.greengrass.model.GetConfigurationRequest;
import software.amazon.awssdk.aws.greengrass.model.GreengrassCoreIPCError;
import software.amazon.awssdk.aws.greengrass.model.GetConfigurationResponse;
import software.amazon.awssdk.aws.greengrass.model.InvalidArgumentsError;
import software.amazon.awssdk.aws.greengrass.model.IoTCoreMessage;
import software.amazon.awssdk.aws.greengrass.model.JsonMessage;
import software.amazon.awssdk.aws.greengrass.model.MQTTMessage;
import software.amazon.awssdk.aws.greengrass.model.MessageContext;
import software.amazon.awssdk.aws.greengrass.model.PublishMessage;
import software.amazon.awssdk.aws.greengrass.model.PublishToIoTCoreRequest;
import software.amazon.awssdk.aws.greengrass.model.PublishToIoTCoreResponse;
import software.amazon.awssdk.aws.greengrass.model.PublishToTopicRequest;
import software.amazon.awssdk.aws.greengrass.model.PublishToTopicResponse;
import software.amazon.awssdk.aws.greengrass.model.ResourceNotFoundError;
import software.amazon.awssdk.aws.greengrass.model.ServiceError;
import software.amazon.awssdk.aws.greengrass.model.SubscribeToConfigurationUpdateRequest;
import software.amazon.awssdk.aws.greengrass.model.SubscribeToConfigurationUpdateResponse;
import software.amazon.awssdk.aws.greengrass.model.SubscribeToIoTCoreRequest;
import software.amazon.awssdk.aws.greengrass.model.SubscribeToIoTCoreResponse;
import software.amazon.awssdk.aws.greengrass.model.SubscribeToTopicRequest;
import software.amazon.awssdk.aws.greengrass.model.SubscribeToTopicResponse;
import software.amazon.awssdk.aws.greengrass.model.SubscriptionResponseMessage;
import software.amazon.awssdk.aws.greengrass.model.UnauthorizedError;
import software.amazon.awssdk.aws.greengrass.model.UpdateStateRequest;
import software.amazon.awssdk.aws.greengrass.model.UpdateStateResponse;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.eventstream.Header;
import software.amazon.awssdk.crt.eventstream.MessageFlags;
import software.amazon.awssdk.crt.eventstream.MessageType;
import software.amazon.awssdk.crt.eventstream.ServerConnection;
import software.amazon.awssdk.crt.eventstream.ServerConnectionContinuation;
import software.amazon.awssdk.crt.eventstream.ServerConnectionContinuationHandler;
import software.amazon.awssdk.crt.eventstream.ServerConnectionHandler;
import software.amazon.awssdk.crt.eventstream.ServerListener;
import software.amazon.awssdk.crt.eventstream.ServerListenerHandler;
import software.amazon.awssdk.crt.io.EventLoopGroup;
import software.amazon.awssdk.crt.io.ServerBootstrap;
import software.amazon.awssdk.crt.io.SocketOptions;
import software.amazon.awssdk.eventstreamrpc.EventStreamRPCServiceModel;
import software.amazon.awssdk.eventstreamrpc.model.EventStreamJsonMessage;
import software.amazon.awssdk.eventstreamrpc.model.EventStreamOperationError;

/**
 * An in-process stand-in for the Greengrass nucleus's IPC server: aws-crt's event-stream RPC listener on a Unix socket,
 * speaking the same wire protocol as the nucleus, so the unmodified SDK client connects to it as it would on a device.
 *
 * <p>It serves the operations Watchpost uses (PublishToIoTCore, SubscribeToIoTCore, GetConfiguration,
 * SubscribeToConfigurationUpdate, UpdateState, PublishToTopic, SubscribeToTopic); anything else answers ServiceError.
 * Requests are handled one at a time on a private worker thread, never on the CRT event loop, so user handlers may
 * take their time and all answers and pushed events keep their order.
 *
 * <p>It serves, and nothing else: the failures a test needs (refused subscriptions, failing, stalled or slow
 * publishes, dropped connections, a nucleus that goes away) are a test-source subclass overriding the package-private
 * hooks below, so none of that reaches even the development jar's product code.
 */
public class LocalIpcServer implements AutoCloseable {
    /** The component name the served configuration belongs to (what GetConfiguration reports). */
    public static final String COMPONENT_NAME = "io.watchpost.DeviceDefender";
    /** Protocol version the nucleus requires in the {@code :version} header of Connect. */
    static final String PROTOCOL_VERSION = "0.1.0";
    private static final int MAX_UNIX_SOCKET_PATH_BYTES = 107;
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);
    /** Protocol messages carry no body, but the CRT asserts on a zero-length payload buffer (aborts the JVM). */
    private static final byte[] NO_BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private static final GreengrassCoreIPCServiceModel MODEL = GreengrassCoreIPCServiceModel.getInstance();
    private static final String OP_PUBLISH_TO_IOT_CORE = GreengrassCoreIPCServiceModel.PUBLISH_TO_IOT_CORE;
    private static final String OP_SUBSCRIBE_TO_IOT_CORE = GreengrassCoreIPCServiceModel.SUBSCRIBE_TO_IOT_CORE;
    private static final String OP_GET_CONFIGURATION = GreengrassCoreIPCServiceModel.GET_CONFIGURATION;
    private static final String OP_SUBSCRIBE_TO_CONFIGURATION_UPDATE =
            GreengrassCoreIPCServiceModel.SUBSCRIBE_TO_CONFIGURATION_UPDATE;
    private static final String OP_UPDATE_STATE = GreengrassCoreIPCServiceModel.UPDATE_STATE;
    private static final String OP_PUBLISH_TO_TOPIC = GreengrassCoreIPCServiceModel.PUBLISH_TO_TOPIC;
    private static final String OP_SUBSCRIBE_TO_TOPIC = GreengrassCoreIPCServiceModel.SUBSCRIBE_TO_TOPIC;

    private final Path directory;
    private final Path socketPath;
    private final byte[] token;
    private final ObjectMapper json = new ObjectMapper();
    private final EventLoopGroup eventLoopGroup;
    private final ServerBootstrap bootstrap;
    private final SocketOptions socketOptions;
    private final ExecutorService worker;

    private final Set<ServerConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<Stream> streams = new CopyOnWriteArrayList<>();
    private final List<Consumer<IoTCorePublish>> publishHandlers = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, byte[]>> topicHandlers = new CopyOnWriteArrayList<>();
    private final PublishedMessages published = new PublishedMessages();
    private final List<String> reportedStates = new CopyOnWriteArrayList<>();

    // Guarded by this.
    private Map<String, Object> configuration;
    private ServerListener listener;
    private boolean closed;

    private final AtomicBoolean shutdownRefReleased = new AtomicBoolean();

    /** How a subclass is made by {@link #start(Path, String, Map, Constructor)}. */
    @FunctionalInterface
    interface Constructor<S extends LocalIpcServer> {
        S create(Path directory, String token, Map<String, ?> initialConfig);
    }

    LocalIpcServer(Path directory, String token, Map<String, ?> initialConfig) {
        this.directory = directory;
        this.socketPath = directory.resolve("ipc.socket");
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.configuration = ConfigTree.copyMap(initialConfig);
        this.eventLoopGroup = new EventLoopGroup(1);
        // aws-crt releases its native side from its own JVM shutdown hook, which runs at the same time as ours: on
        // SIGTERM local mode would lose its server while the component child is still finishing a publish. Holding a
        // shutdown reference until close() makes the CRT wait for this server to be closed first.
        CRT.acquireShutdownRef();
        this.bootstrap = new ServerBootstrap(eventLoopGroup);
        this.socketOptions = new SocketOptions();
        socketOptions.domain = SocketOptions.SocketDomain.LOCAL;
        socketOptions.type = SocketOptions.SocketType.STREAM;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "local-ipc-server");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Creates a private directory (mode 0700) under {@code parent}, listens on {@code ipc.socket} inside it and accepts
     * clients that present {@code token}. The socket path must stay under 108 bytes (a Unix socket limit).
     */
    public static LocalIpcServer start(Path parent, String token, Map<String, ?> initialConfig) throws IOException {
        return start(parent, token, initialConfig, LocalIpcServer::new);
    }

    static <S extends LocalIpcServer> S start(Path parent, String token, Map<String, ?> initialConfig,
            Constructor<S> constructor) throws IOException {
        Objects.requireNonNull(token, "token");
        Path dir = Files.createTempDirectory(parent, "wpipc",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        int length = dir.resolve("ipc.socket").toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_UNIX_SOCKET_PATH_BYTES) {
            Files.deleteIfExists(dir);
            throw new IOException("IPC socket path " + dir.resolve("ipc.socket") + " is " + length
                    + " bytes; a Unix socket path must be at most " + MAX_UNIX_SOCKET_PATH_BYTES + " bytes");
        }
        S server = constructor.create(dir, token, initialConfig);
        try {
            server.listen();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IOException("cannot listen on " + server.socketPath() + ": " + e.getMessage(), e);
        }
        return server;
    }

    public Path socketPath() {
        return socketPath;
    }

    // ---------------------------------------------------------------- lifecycle

    synchronized void listen() throws IOException {
        if (closed) {
            throw new IllegalStateException("local IPC server is closed");
        }
        if (listener != null) {
            return;
        }
        Files.deleteIfExists(socketPath);
        listener = new ServerListener(socketPath.toString(), 0, socketOptions, null, bootstrap, new Listener());
    }

    /** Closes every client connection; the listener stays, so clients can connect again. */
    void dropConnections() {
        for (ServerConnection c : List.copyOf(connections)) {
            try {
                if (c.isConnectionOpen()) {
                    c.closeConnection(0);
                }
            } catch (IllegalStateException alreadyReleased) {
                // The client closed first and the CRT released the connection before its shutdown callback removed
                // it from our list: it is already dropped.
            }
        }
    }

    /** Stops listening and drops every connection, like a nucleus that went down; {@link #listen()} undoes it. */
    void stop() {
        ServerListener old;
        synchronized (this) {
            old = listener;
            listener = null;
        }
        dropConnections();
        if (old != null) {
            old.close();
            awaitQuietly(old.getShutdownCompleteFuture());
        }
        awaitWorkerIdle();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        stop();
        synchronized (this) {
            closed = true;
        }
        worker.shutdown();
        try {
            worker.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        bootstrap.close();
        socketOptions.close();
        eventLoopGroup.close();
        awaitQuietly(eventLoopGroup.getShutdownCompleteFuture());
        if (shutdownRefReleased.compareAndSet(false, true)) {
            CRT.releaseShutdownRef();
        }
        try {
            Files.deleteIfExists(socketPath);
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // A leftover empty 0700 directory in a temp location is harmless; closing must not fail for it.
        }
    }

    /** Runs on the worker, in submission order; after close there is nobody to serve, so the task is dropped. */
    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // Closed.
        }
    }

    private static void awaitQuietly(java.util.concurrent.CompletableFuture<?> future) {
        try {
            future.get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Shutdown is best effort: a CRT resource that does not report completion is still released.
        }
    }

    private void awaitWorkerIdle() {
        try {
            worker.submit(() -> { }).get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The worker is shut down or busy in a user handler; nothing more to wait for.
        }
    }

    // ---------------------------------------------------------------- test and local-mode controls

    /** Every PublishToIoTCore accepted so far; requests answered with an injected fault are not recorded. */
    public PublishedMessages publishedToIoTCore() {
        return published;
    }

    /** Called (on the server's worker thread) for every accepted PublishToIoTCore, after the client got its answer. */
    public void onPublishToIoTCore(Consumer<IoTCorePublish> handler) {
        publishHandlers.add(Objects.requireNonNull(handler));
    }

    /**
     * Called (on the server's worker thread) for every PublishToTopic with its topic and message: a binary message's
     * bytes, a JSON message written as JSON.
     */
    public void onPublishToTopic(BiConsumer<String, byte[]> handler) {
        topicHandlers.add(Objects.requireNonNull(handler));
    }

    /** Pushes an IoTCoreMessage to every SubscribeToIoTCore stream whose filter matches {@code topic}. */
    public void deliverToIoTCoreSubscribers(String topic, byte[] payload) {
        byte[] copy = payload.clone();
        onWorker(() -> {
            IoTCoreMessage event = new IoTCoreMessage().withMessage(
                    new MQTTMessage().withTopicName(topic).withPayload(copy));
            for (Stream s : streams) {
                if (s.kind == StreamKind.IOT_CORE && TopicFilter.matches(s.filter, topic)) {
                    s.send(event, false);
                }
            }
        });
    }

    /** Replaces the configuration and pushes one ConfigurationUpdateEvents per changed key path to subscribers. */
    public void setConfiguration(Map<String, ?> newConfig) {
        Map<String, Object> next = ConfigTree.copyMap(newConfig);
        Set<List<String>> changed;
        synchronized (this) {
            changed = ConfigTree.changedPaths(configuration, next);
            configuration = next;
        }
        onWorker(() -> {
            for (List<String> path : changed) {
                ConfigurationUpdateEvents event = new ConfigurationUpdateEvents().withConfigurationUpdateEvent(
                        new ConfigurationUpdateEvent().withComponentName(COMPONENT_NAME).withKeyPath(path));
                for (Stream s : streams) {
                    if (s.kind == StreamKind.CONFIGURATION && related(s.keyPath, path)) {
                        s.send(event, false);
                    }
                }
            }
        });
    }

    public synchronized Map<String, Object> configuration() {
        return ConfigTree.copyMap(configuration);
    }

    /** The lifecycle states the component reported with UpdateState, in order. */
    public List<String> reportedStates() {
        return List.copyOf(reportedStates);
    }

    // Test seams: a test-source subclass overrides these to make the server misbehave; here it always serves.

    /**
     * An error to answer a SubscribeToIoTCore/SubscribeToTopic request for {@code filter} with (UnauthorizedError for
     * accessControl, ServiceError for a nucleus whose MQTT connection is down) instead of subscribing.
     */
    Optional<GreengrassCoreIPCError> subscriptionError(String filter) {
        return Optional.empty();
    }

    /** An error to answer a PublishToIoTCore with instead of serving it (not recorded, not forwarded). */
    Optional<GreengrassCoreIPCError> publishError(String topic) {
        return Optional.empty();
    }

    /** False leaves a PublishToIoTCore unanswered (the client's call must time out). */
    boolean answersPublish() {
        return true;
    }

    /** False records and answers a publish but keeps it from the {@link #onPublishToIoTCore} handlers. */
    boolean forwardsPublish() {
        return true;
    }

    /** Runs on the worker after a publish is recorded and before it is answered: a slow nucleus waits here. */
    void beforePublishAnswer() {
    }

    /** Number of client connections currently open. */
    public int openConnections() {
        return (int) connections.stream().filter(ServerConnection::isConnectionOpen).count();
    }

    // ---------------------------------------------------------------- protocol

    private enum StreamKind { NONE, IOT_CORE, CONFIGURATION, LOCAL_TOPIC }

    private final class Listener extends ServerListenerHandler {
        @Override
        protected ServerConnectionHandler onNewConnection(ServerConnection connection, int errorCode) {
            connections.add(connection);
            return new Connection(connection);
        }

        @Override
        protected void onConnectionShutdown(ServerConnection connection, int errorCode) {
            connections.remove(connection);
        }
    }

    private final class Connection extends ServerConnectionHandler {
        private volatile boolean authenticated;

        Connection(ServerConnection connection) {
            super(connection);
        }

        @Override
        protected void onProtocolMessage(List<Header> headers, byte[] payload, MessageType type, int flags) {
            switch (type) {
                case Connect -> onConnect(headers, payload);
                case Ping -> connection.sendProtocolMessage(null, NO_BODY, MessageType.PingResponse, 0);
                case PingResponse -> { }
                default -> connection.sendProtocolMessage(null, NO_BODY, MessageType.ProtocolError, 0);
            }
        }

        private void onConnect(List<Header> headers, byte[] payload) {
            boolean versionOk = headers.stream().anyMatch(
                    h -> h.getName().equals(":version") && PROTOCOL_VERSION.equals(h.getValueAsString()));
            authenticated = versionOk && tokenMatches(payload);
            int flags = authenticated ? MessageFlags.ConnectionAccepted.getByteValue() : 0;
            var sent = connection.sendProtocolMessage(null, NO_BODY, MessageType.ConnectAck, flags);
            if (!authenticated) {
                // Like the nucleus: a refused client gets the answer, then the connection goes.
                sent.whenComplete((v, e) -> connection.closeConnection(0));
            }
        }

        private boolean tokenMatches(byte[] payload) {
            try {
                JsonNode node = json.readTree(payload);
                JsonNode presented = node == null ? null : node.get("authToken");
                return presented != null && presented.isTextual()
                        && MessageDigest.isEqual(presented.asText().getBytes(StandardCharsets.UTF_8), token);
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        protected ServerConnectionContinuationHandler onIncomingStream(ServerConnectionContinuation continuation,
                                                                       String operationName) {
            return new Stream(continuation, operationName, authenticated);
        }

        @Override
        protected void onConnectionClosed(int errorCode) {
            connections.remove(connection);
            super.onConnectionClosed(errorCode); // releases the native connection; the listener waits for that
        }
    }

    /** One operation stream (continuation). Streaming operations stay in {@link #streams} until closed. */
    private final class Stream extends ServerConnectionContinuationHandler {
        private final String operation;
        private final boolean authenticated;
        private boolean started;
        private volatile StreamKind kind = StreamKind.NONE;
        private volatile String filter = "";
        private volatile List<String> keyPath = List.of();

        Stream(ServerConnectionContinuation continuation, String operation, boolean authenticated) {
            super(continuation);
            this.operation = operation;
            this.authenticated = authenticated;
        }

        @Override
        protected void onContinuationMessage(List<Header> headers, byte[] payload, MessageType type, int flags) {
            if (!started) {
                started = true;
                byte[] body = payload == null ? new byte[0] : payload;
                onWorker(() -> handle(this, body));
            } else if ((flags & MessageFlags.TerminateStream.getByteValue()) != 0) {
                streams.remove(this);
            }
        }

        @Override
        protected void onContinuationClosed() {
            streams.remove(this);
            super.onContinuationClosed(); // releases the native continuation
        }

        void subscribe(StreamKind kind, String filter, List<String> keyPath) {
            this.kind = kind;
            this.filter = filter;
            this.keyPath = keyPath;
            streams.add(this);
        }

        void send(EventStreamJsonMessage message, boolean terminate) {
            boolean error = message instanceof EventStreamOperationError;
            List<Header> headers = new ArrayList<>();
            headers.add(Header.createHeader(EventStreamRPCServiceModel.CONTENT_TYPE_HEADER,
                    EventStreamRPCServiceModel.CONTENT_TYPE_APPLICATION_JSON));
            headers.add(Header.createHeader(EventStreamRPCServiceModel.SERVICE_MODEL_TYPE_HEADER,
                    message.getApplicationModelType()));
            int flags = terminate ? MessageFlags.TerminateStream.getByteValue() : 0;
            try {
                if (!continuation.isClosed()) {
                    continuation.sendMessage(headers, MODEL.toJson(message),
                            error ? MessageType.ApplicationError : MessageType.ApplicationMessage, flags);
                }
            } catch (RuntimeException e) {
                // The client went away between the check and the send: the stream is over either way.
                streams.remove(this);
            }
        }
    }

    private void handle(Stream stream, byte[] body) {
        if (!stream.authenticated) {
            stream.send(new UnauthorizedError("connection is not authenticated"), true);
            return;
        }
        try {
            String op = stream.operation;
            if (op.equals(OP_PUBLISH_TO_IOT_CORE)) {
                publishToIoTCore(stream, MODEL.fromJson(PublishToIoTCoreRequest.class, body));
            } else if (op.equals(OP_SUBSCRIBE_TO_IOT_CORE)) {
                subscribeToIoTCore(stream, MODEL.fromJson(SubscribeToIoTCoreRequest.class, body));
            } else if (op.equals(OP_GET_CONFIGURATION)) {
                getConfiguration(stream, MODEL.fromJson(GetConfigurationRequest.class, body));
            } else if (op.equals(OP_SUBSCRIBE_TO_CONFIGURATION_UPDATE)) {
                subscribeToConfigurationUpdate(stream, MODEL.fromJson(SubscribeToConfigurationUpdateRequest.class, body));
            } else if (op.equals(OP_UPDATE_STATE)) {
                updateState(stream, MODEL.fromJson(UpdateStateRequest.class, body));
            } else if (op.equals(OP_PUBLISH_TO_TOPIC)) {
                publishToTopic(stream, MODEL.fromJson(PublishToTopicRequest.class, body));
            } else if (op.equals(OP_SUBSCRIBE_TO_TOPIC)) {
                subscribeToTopic(stream, MODEL.fromJson(SubscribeToTopicRequest.class, body));
            } else {
                stream.send(new ServiceError("operation " + op + " is not served by the local core"), true);
            }
        } catch (RuntimeException e) {
            stream.send(new ServiceError("local core failed on " + stream.operation + ": " + e), true);
        }
    }

    private void publishToIoTCore(Stream stream, PublishToIoTCoreRequest request) {
        if (request.getTopicName() == null || request.getTopicName().isEmpty()) {
            stream.send(new InvalidArgumentsError("topicName is required"), true);
            return;
        }
        if (request.getQos() == null) {
            stream.send(new InvalidArgumentsError("QoS is required"), true);
            return;
        }
        if (!answersPublish()) {
            return;
        }
        Optional<GreengrassCoreIPCError> error = publishError(request.getTopicName());
        if (error.isPresent()) {
            stream.send(error.get(), true);
            return;
        }
        byte[] payload = request.getPayload() == null ? new byte[0] : request.getPayload();
        IoTCorePublish message = new IoTCorePublish(request.getTopicName(), payload, request.getQos().getValue());
        // Decided before answering: once the client has its answer a test may change this for the next publish.
        boolean handled = forwardsPublish();
        published.add(message);
        beforePublishAnswer();
        stream.send(new PublishToIoTCoreResponse(), true);
        if (handled) {
            for (Consumer<IoTCorePublish> handler : publishHandlers) {
                try {
                    handler.accept(message);
                } catch (RuntimeException e) {
                    // A failing handler must not take the local core down; the publish itself succeeded.
                }
            }
        }
    }

    private void subscribeToIoTCore(Stream stream, SubscribeToIoTCoreRequest request) {
        String filter = request.getTopicName();
        if (filter == null || filter.isEmpty() || request.getQos() == null) {
            stream.send(new InvalidArgumentsError("topicName and qos are required"), true);
            return;
        }
        Optional<GreengrassCoreIPCError> refusal = subscriptionError(filter);
        if (refusal.isPresent()) {
            stream.send(refusal.get(), true);
            return;
        }
        stream.subscribe(StreamKind.IOT_CORE, filter, List.of());
        stream.send(new SubscribeToIoTCoreResponse(), false);
    }

    private void getConfiguration(Stream stream, GetConfigurationRequest request) {
        List<String> path = request.getKeyPath() == null ? List.of() : request.getKeyPath();
        Map<String, Object> config = configuration();
        Optional<Object> node = ConfigTree.lookup(config, path);
        if (node.isEmpty()) {
            stream.send(new ResourceNotFoundError("key path " + path + " not found").withResourceType("Configuration")
                    .withResourceName(String.join("/", path)), true);
            return;
        }
        Map<String, Object> value;
        if (node.get() instanceof Map<?, ?> map) {
            value = ConfigTree.copyMap(castMap(map));
        } else {
            value = new java.util.LinkedHashMap<>();
            value.put(path.get(path.size() - 1), node.get());
        }
        stream.send(new GetConfigurationResponse().withComponentName(COMPONENT_NAME).withValue(value), true);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Map<?, ?> map) {
        return (Map<String, ?>) map;
    }

    private void subscribeToConfigurationUpdate(Stream stream, SubscribeToConfigurationUpdateRequest request) {
        List<String> path = request.getKeyPath() == null ? List.of() : List.copyOf(request.getKeyPath());
        stream.subscribe(StreamKind.CONFIGURATION, "", path);
        stream.send(new SubscribeToConfigurationUpdateResponse(), false);
    }

    private static boolean related(List<String> subscribed, List<String> changed) {
        int n = Math.min(subscribed.size(), changed.size());
        return subscribed.subList(0, n).equals(changed.subList(0, n));
    }

    private void updateState(Stream stream, UpdateStateRequest request) {
        if (request.getState() == null) {
            stream.send(new InvalidArgumentsError("state is required"), true);
            return;
        }
        reportedStates.add(request.getState().getValue());
        stream.send(new UpdateStateResponse(), true);
    }

    private void subscribeToTopic(Stream stream, SubscribeToTopicRequest request) {
        String topic = request.getTopic();
        if (topic == null || topic.isEmpty()) {
            stream.send(new InvalidArgumentsError("topic is required"), true);
            return;
        }
        Optional<GreengrassCoreIPCError> refusal = subscriptionError(topic);
        if (refusal.isPresent()) {
            stream.send(refusal.get(), true);
            return;
        }
        stream.subscribe(StreamKind.LOCAL_TOPIC, topic, List.of());
        stream.send(new SubscribeToTopicResponse(), false);
    }

    private void publishToTopic(Stream stream, PublishToTopicRequest request) {
        PublishMessage message = request.getPublishMessage();
        String topic = request.getTopic();
        if (topic == null || topic.isEmpty() || message == null
                || (message.getJsonMessage() == null && message.getBinaryMessage() == null)) {
            stream.send(new InvalidArgumentsError("topic and publishMessage are required"), true);
            return;
        }
        MessageContext context = new MessageContext().withTopic(topic);
        SubscriptionResponseMessage event = message.getJsonMessage() != null
                ? new SubscriptionResponseMessage().withJsonMessage(
                        new JsonMessage().withMessage(message.getJsonMessage().getMessage()).withContext(context))
                : new SubscriptionResponseMessage().withBinaryMessage(
                        new BinaryMessage().withMessage(message.getBinaryMessage().getMessage()).withContext(context));
        stream.send(new PublishToTopicResponse(), true);
        for (Stream s : streams) {
            if (s.kind == StreamKind.LOCAL_TOPIC && TopicFilter.matches(s.filter, topic)) {
                s.send(event, false);
            }
        }
        if (!topicHandlers.isEmpty()) {
            byte[] payload;
            try {
                payload = message.getBinaryMessage() != null
                        ? Objects.requireNonNullElse(message.getBinaryMessage().getMessage(), new byte[0])
                        : json.writeValueAsBytes(message.getJsonMessage().getMessage());
            } catch (IOException e) {
                return; // a JSON message arrived as JSON; it can be written back
            }
            for (BiConsumer<String, byte[]> handler : topicHandlers) {
                try {
                    handler.accept(topic, payload.clone());
                } catch (RuntimeException e) {
                    // A failing handler must not take the local core down; the publish itself succeeded.
                }
            }
        }
    }
}
