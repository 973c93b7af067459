package io.watchpost.ipc;

import io.watchpost.log.EventLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.aws.greengrass.GreengrassCoreIPCClientV2;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.io.ClientBootstrap;
import software.amazon.awssdk.crt.io.EventLoopGroup;
import software.amazon.awssdk.crt.io.HostResolver;
import software.amazon.awssdk.crt.io.SocketOptions;
import software.amazon.awssdk.eventstreamrpc.EventStreamRPCConnection;
import software.amazon.awssdk.eventstreamrpc.EventStreamRPCConnectionConfig;
import software.amazon.awssdk.eventstreamrpc.GreengrassConnectMessageSupplier;

/**
 * Connects to the nucleus's IPC socket and returns a {@link GreengrassCoreIpc}.
 *
 * <p>The connection is opened here rather than by {@code GreengrassCoreIPCClientV2.builder().build()} because the
 * builder ignores disconnects; owning the connection's lifecycle handler lets {@link CoreIpc#isOpen()} tell the truth.
 * The token is handed only to the SDK's connect message: it never appears in a message, log line or exception here.
 */
public final class GreengrassIpcConnector implements CoreIpcConnector {
    public static final String SOCKET_PATH_VARIABLE = "AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT";
    public static final String TOKEN_VARIABLE = "SVCUID";
    /** Ignored for Unix sockets, but the connection config wants one. */
    private static final int UNUSED_PORT = 8033;
    private static final int CONNECT_TIMEOUT_MS = 3000;

    private final String socketPath;
    private final String socketPathSource;
    private final String token;
    private final String tokenSource;
    private final Duration timeout;
    private final Optional<EventLog> log;

    private GreengrassIpcConnector(String socketPath, String socketPathSource, String token, String tokenSource,
                                   Duration timeout, Optional<EventLog> log) {
        this.log = Objects.requireNonNull(log);
        this.socketPath = socketPath;
        this.socketPathSource = socketPathSource;
        this.token = token;
        this.tokenSource = tokenSource;
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("IPC call timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
    }

    /** Uses the variables the nucleus sets for a component process; checked on {@link #connect()}. */
    public static GreengrassIpcConnector fromEnvironment(Map<String, String> env, Duration callTimeout) {
        return new GreengrassIpcConnector(env.get(SOCKET_PATH_VARIABLE), "environment variable " + SOCKET_PATH_VARIABLE,
                env.get(TOKEN_VARIABLE), "environment variable " + TOKEN_VARIABLE, callTimeout, Optional.empty());
    }

    /** As {@link #fromEnvironment(Map, Duration)}; local pub/sub messages dropped as unreadable are logged to {@code log}. */
    public static GreengrassIpcConnector fromEnvironment(Map<String, String> env, Duration callTimeout, EventLog log) {
        return new GreengrassIpcConnector(env.get(SOCKET_PATH_VARIABLE), "environment variable " + SOCKET_PATH_VARIABLE,
                env.get(TOKEN_VARIABLE), "environment variable " + TOKEN_VARIABLE, callTimeout, Optional.of(log));
    }

    /** An explicit socket and token, e.g. the embedded local core. */
    public static GreengrassIpcConnector of(Path socketPath, String token, Duration callTimeout) {
        return new GreengrassIpcConnector(socketPath.toString(), "socket path", Objects.requireNonNull(token),
                "auth token", callTimeout, Optional.empty());
    }

    /** As {@link #of(Path, String, Duration)}; local pub/sub messages dropped as unreadable are logged to {@code log}. */
    public static GreengrassIpcConnector of(Path socketPath, String token, Duration callTimeout, EventLog log) {
        return new GreengrassIpcConnector(socketPath.toString(), "socket path", Objects.requireNonNull(token),
                "auth token", callTimeout, Optional.of(log));
    }

    @Override
    public GreengrassCoreIpc connect() throws IpcException {
        requirePresent(socketPath, socketPathSource);
        requirePresent(token, tokenSource);
        String what = "IPC connect to " + socketPath;

        AtomicBoolean open = new AtomicBoolean();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        EventStreamRPCConnection connection;
        // The connection holds its own references to these CRT resources; ours are released once it exists. The host
        // resolver is never used on a Unix socket, but without one the bootstrap creates aws-crt's static default,
        // whose event loop group has one thread per CPU: a resolver on our one-thread group keeps those threads away.
        try (EventLoopGroup loop = new EventLoopGroup(1);
             HostResolver resolver = new HostResolver(loop);
             ClientBootstrap bootstrap = new ClientBootstrap(loop, resolver);
             SocketOptions socket = new SocketOptions()) {
            socket.connectTimeoutMs = CONNECT_TIMEOUT_MS;
            socket.domain = SocketOptions.SocketDomain.LOCAL;
            socket.type = SocketOptions.SocketType.STREAM;
            connection = new EventStreamRPCConnection(new EventStreamRPCConnectionConfig(bootstrap, loop, socket, null,
                    socketPath, UNUSED_PORT, GreengrassConnectMessageSupplier.connectMessageSupplier(token)));
            connection.connect(new EventStreamRPCConnection.LifecycleHandler() {
                @Override
                public void onConnect() {
                    open.set(true);
                    connected.complete(null);
                }

                @Override
                public void onDisconnect(int errorCode) {
                    open.set(false);
                    connected.completeExceptionally(new IpcException(IpcException.Kind.CONNECTION_CLOSED,
                            what + " failed: the nucleus closed the connection (error " + errorCode + ")", null));
                }

                @Override
                public boolean onError(Throwable t) {
                    connected.completeExceptionally(t);
                    return true;
                }
            });
        } catch (RuntimeException e) {
            throw IpcErrors.map(what, e);
        }
        try {
            connected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            connection.close();
            Thread.currentThread().interrupt();
            throw new IpcException(IpcException.Kind.OTHER, what + " interrupted", e);
        } catch (Exception e) {
            connection.close();
            throw refusedTokenNamed(IpcErrors.map(what, e));
        }

        ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "watchpost-ipc-callbacks");
            t.setDaemon(true);
            return t;
        });
        // aws-crt stops delivering callbacks from its own JVM shutdown hook, which runs at the same time as ours: on
        // SIGTERM the answer to a report still in flight would never arrive. A shutdown reference held until the
        // connection is closed makes the CRT wait for that.
        CRT.acquireShutdownRef();
        AtomicBoolean held = new AtomicBoolean(true);
        AutoCloseable closeConnection = () -> {
            try {
                connection.close();
            } finally {
                if (held.compareAndSet(true, false)) {
                    CRT.releaseShutdownRef();
                }
            }
        };
        try {
            GreengrassCoreIPCClientV2 client = GreengrassCoreIPCClientV2.builder()
                    .withClient(new SizeBoundedIpcClient(connection, log))
                    .withExecutor(dropAfterShutdown(callbacks))
                    .build();
            return new GreengrassCoreIpc(client, closeConnection, open::get, callbacks, timeout, log);
        } catch (Exception e) {
            try {
                closeConnection.close();
            } catch (Exception ignored) {
                // Closing is best effort on a connection that could not be used.
            }
            callbacks.shutdown();
            throw IpcErrors.map(what, e);
        }
    }

    /** Stream-closed callbacks that arrive while we close ourselves are dropped instead of failing inside the SDK. */
    private static Executor dropAfterShutdown(ExecutorService executor) {
        return task -> {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                // Closed on purpose: nobody is listening any more.
            }
        };
    }

    /** A refused connect names where the token came from (never the token), so the operator knows what to check. */
    private IpcException refusedTokenNamed(IpcException e) {
        if (e.kind() != IpcException.Kind.ACCESS_DENIED) {
            return e;
        }
        return new IpcException(e.kind(), e.getMessage() + " (the nucleus refused the auth token from " + tokenSource
                + ")", e.getCause());
    }

    private static void requirePresent(String value, String source) {
        if (value == null || value.isBlank()) {
            throw new IpcException(IpcException.Kind.NOT_CONFIGURED,
                    "IPC is not configured: " + source + " is " + (value == null ? "missing" : "empty")
                            + " (the Greengrass nucleus sets it for a component; use local mode to run without one)",
                    null);
        }
    }
}
