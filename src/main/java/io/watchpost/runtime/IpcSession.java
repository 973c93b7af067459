package io.watchpost.runtime;

import io.watchpost.config.ReportFormat;
import io.watchpost.ipc.CoreIpc;
import io.watchpost.ipc.CoreIpcConnector;
import io.watchpost.ipc.IpcException;
import io.watchpost.ipc.Subscription;
import io.watchpost.log.EventLog;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One connection to the nucleus at a time, and everything subscribed on it: configuration updates, Device Defender's
 * accepted/rejected answers, and the local pub/sub topic other components send custom metrics on. When the connection is lost (a call fails with CONNECTION_CLOSED, the connection reports
 * not open, or a stream closes that we did not close), it is closed and rebuilt with capped exponential backoff and
 * every subscription is made again. At start only a few attempts are made: a component that cannot connect must exit
 * non-zero so the nucleus marks it ERRORED.
 *
 * <p>Every method runs on the {@link Scheduler} thread; IPC callbacks only hand work over to it. The one exception is
 * custom metric messages: they go straight to the sink on the IPC thread, so a long report cycle never queues them up.
 */
public final class IpcSession {

    /** Whether a report may be published: the answers to it can be seen, or accessControl says they never will. */
    enum AnswerState {
        /** Both answer topics are subscribed (or only the rejected one was refused: rejections go unseen). */
        READY,
        /** accessControl refused the accepted topic: the baseline advances when the publish call succeeds. */
        READY_WITHOUT_ACCEPTANCES,
        /** A subscription is missing for another reason (no connection, a busy or offline nucleus): publish nothing. */
        MISSING
    }

    /** What the runtime does with the session's events; every call arrives on the scheduler thread. */
    interface Listener {
        /** A full configuration was read (at every connect and after every update). */
        void configurationRead(Map<String, Object> raw);

        /** A connection is ready; {@code first} is true only for the first connection of the process. */
        void connected(boolean first);

        /** An answer arrived on an accepted/rejected topic. */
        void answer(ReportFormat format, Answer.Status status, byte[] payload);

        /** The start-up attempts are used up; the process should exit non-zero. */
        void startupFailed(IpcException last);
    }

    /** One open stream, and whether we are the ones closing it (then its onClosed is not a lost connection). */
    private static final class Stream {
        final String name;
        volatile Subscription subscription;
        volatile boolean closing;

        Stream(String name) {
            this.name = name;
        }

        void close() {
            closing = true;
            Subscription s = subscription;
            if (s != null) {
                try {
                    s.close();
                } catch (RuntimeException ignored) {
                    // The connection may already be gone; nothing is left to release.
                }
            }
        }
    }

    /** The answer subscriptions for one report format on the current connection. */
    private static final class AnswerStreams {
        final ReportFormat format;
        Stream accepted;
        Stream rejected;
        boolean acceptedRefused;
        boolean rejectedRefused;

        AnswerStreams(ReportFormat format) {
            this.format = format;
        }

        void close() {
            if (accepted != null) {
                accepted.close();
            }
            if (rejected != null) {
                rejected.close();
            }
        }
    }

    private final CoreIpcConnector connector;
    private final Scheduler scheduler;
    private final Backoff backoff;
    private final Topics topics;
    private final EventLog log;
    private final Redactor redactor;
    private Listener listener;
    private final Consumer<byte[]> customMetricsSink;
    private final int startupAttempts;
    private final Duration callTimeout;

    private final AtomicBoolean configRereadPending = new AtomicBoolean();
    private final Set<Answer.Status> refusalsWarned = EnumSet.noneOf(Answer.Status.class);
    private final Set<String> customRefusalsWarned = new HashSet<>();
    private final AtomicLong sinkFailures = new AtomicLong();
    private volatile CoreIpc ipc;
    private volatile boolean closed;
    private int generation;
    private boolean everConnected;
    private boolean reconnectPending;
    private Stream configStream;
    private AnswerStreams answers;
    /** The custom metrics topic the runtime asked for (null until it asks), its stream, and whether it was refused. */
    private String customTopic;
    private Stream customStream;
    private boolean customRefused;
    /** A subscription to an answer topic failed (not refused) and has not succeeded since: log the outage once. */
    private boolean answersOutage;

    /**
     * @param backoff           the reconnect policy: the wait before each connection attempt after a failure or loss
     * @param customMetricsSink receives every message on the custom metrics topic, on the IPC callback thread (so it
     *                          must be thread-safe); whatever it throws is logged and never reaches the stream
     * @param startupAttempts   connection attempts at start before the process gives up (exits non-zero)
     * @param callTimeout       the longest wait for one IPC call
     */
    public IpcSession(CoreIpcConnector connector, Scheduler scheduler, Backoff backoff, Topics topics, EventLog log,
                      Redactor redactor, Consumer<byte[]> customMetricsSink, int startupAttempts,
                      Duration callTimeout) {
        this.connector = Objects.requireNonNull(connector);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.backoff = Objects.requireNonNull(backoff);
        this.topics = Objects.requireNonNull(topics);
        this.log = Objects.requireNonNull(log);
        this.redactor = Objects.requireNonNull(redactor);
        this.customMetricsSink = Objects.requireNonNull(customMetricsSink);
        if (startupAttempts < 1) {
            throw new IllegalArgumentException("startupAttempts must be at least 1");
        }
        this.startupAttempts = startupAttempts;
        this.callTimeout = Objects.requireNonNull(callTimeout);
    }

    /** Makes the first connection attempt as soon as the scheduler runs; events go to {@code listener}. */
    void start(Listener listener) {
        if (this.listener != null) {
            throw new IllegalStateException("already started");
        }
        this.listener = Objects.requireNonNull(listener);
        scheduler.execute(() -> attempt(0));
    }

    /** The topics of this thing. */
    Topics topics() {
        return topics;
    }

    /** The longest wait for one IPC call, the publish included. */
    Duration callTimeout() {
        return callTimeout;
    }

    /** The open connection, or empty while reconnecting. A connection that reports closed is treated as lost. */
    Optional<CoreIpc> connection() {
        CoreIpc c = ipc;
        if (c != null && !c.isOpen()) {
            connectionLost("connection_not_open");
            return Optional.empty();
        }
        return Optional.ofNullable(c);
    }

    /**
     * Makes sure the accepted/rejected topics of {@code format} are subscribed on the current connection, closing the
     * ones of another format, and says whether a report may be published. Called before each publish (the one check
     * per cycle), so a ReportFormat change switches topics with the next publish (and the report already in flight can
     * still be answered on the old ones until then). A subscription that failed is tried again at each call; one that
     * accessControl refused is not tried again on this connection.
     */
    AnswerState ensureAnswers(ReportFormat format) {
        CoreIpc c = ipc;
        if (c == null) {
            return AnswerState.MISSING;
        }
        if (answers != null && answers.format != format) {
            answers.close();
            answers = null;
        }
        if (answers == null) {
            answers = new AnswerStreams(format);
        }
        AnswerStreams a = answers;
        if (a.accepted == null && !a.acceptedRefused) {
            Subscribed s = subscribeAnswers(c, format, Answer.Status.ACCEPTED);
            a.accepted = s.stream();
            a.acceptedRefused = s.refused();
        }
        if (a.rejected == null && !a.rejectedRefused && ipc == c) {
            Subscribed s = subscribeAnswers(c, format, Answer.Status.REJECTED);
            a.rejected = s.stream();
            a.rejectedRefused = s.refused();
        }
        if (ipc != c || answers != a || (a.accepted == null && !a.acceptedRefused)
                || (a.rejected == null && !a.rejectedRefused)) {
            return AnswerState.MISSING;
        }
        answersOutage = false;
        return a.acceptedRefused ? AnswerState.READY_WITHOUT_ACCEPTANCES : AnswerState.READY;
    }

    /**
     * Makes sure the local pub/sub {@code topic} is subscribed on the current connection, feeding the custom metrics
     * sink. A different topic than before closes the old subscription first. A subscription that accessControl refused
     * is not tried again on this connection unless {@code retryRefused}: the runtime passes true after a configuration
     * update, because that is how a corrected accessControl policy reaches a running component. Without a connection
     * only the topic is remembered; every new connection subscribes again.
     */
    void ensureCustomMetrics(String topic, boolean retryRefused) {
        Objects.requireNonNull(topic);
        if (!topic.equals(customTopic)) {
            if (customTopic != null) {
                log.info("custom_metrics_topic_changed", "old", customTopic, "new", topic);
            }
            closeCustomStream();
            customTopic = topic;
        }
        CoreIpc c = ipc;
        if (c == null || customStream != null || (customRefused && !retryRefused)) {
            return;
        }
        Subscribed s = subscribeCustomMetrics(c, topic);
        customStream = s.stream();
        customRefused = s.refused();
    }

    /** Closes the current connection and reconnects with backoff. Safe to call repeatedly. */
    void connectionLost(String reason) {
        CoreIpc c = ipc;
        if (c == null || closed) {
            return;
        }
        ipc = null;
        generation++;
        closeStreams();
        closeQuietly(c);
        log.warn("ipc_connection_lost", "reason", reason);
        scheduleReconnect();
    }

    /** Reads the whole configuration again and hands it to the listener. */
    void rereadConfiguration() {
        CoreIpc c = ipc;
        if (c == null) {
            return;
        }
        try {
            listener.configurationRead(IpcCalls.call(() -> c.getConfiguration(), callTimeout));
        } catch (IpcException e) {
            failed("config_read_failed", e);
        }
    }

    /** Reports the outcome of a call made elsewhere: a closed connection starts the reconnect. */
    void callFailed(IpcException e) {
        if (e.kind() == IpcException.Kind.CONNECTION_CLOSED) {
            connectionLost("call_failed");
        }
    }

    /** Closes every stream and the connection; no reconnect follows. */
    void close() {
        closed = true;
        CoreIpc c = ipc;
        ipc = null;
        closeStreams();
        if (c != null) {
            closeQuietly(c);
        }
    }

    /** Connection attempt {@code retry} (0: the first connection of the process). */
    private void attempt(int n) {
        reconnectPending = false;
        if (closed || ipc != null) {
            return;
        }
        CoreIpc c;
        try {
            c = Objects.requireNonNull(connector.connect(), "connector returned null");
        } catch (IpcException e) {
            connectFailed(n, e);
            return;
        } catch (RuntimeException e) {
            connectFailed(n, IpcCalls.asIpcException(e));
            return;
        }
        if (closed) {
            closeQuietly(c);
            return;
        }
        ipc = c;
        int gen = ++generation;
        boolean first = !everConnected;
        everConnected = true;
        log.info("ipc_connected", "first", first, "retry", n);

        configStream = subscribeConfigurationUpdates(c, gen);
        if (ipc != c) {
            return;
        }
        rereadConfiguration();
        if (ipc != c) {
            return;
        }
        listener.connected(first);
    }

    private void connectFailed(int n, IpcException e) {
        String message = redactor.clean(e.getMessage());
        if (!everConnected && n + 1 >= startupAttempts) {
            log.error("ipc_connect_failed", "attempt", n + 1, "of", startupAttempts, "kind", e.kind(),
                    "error", message, "next_retry", "none");
            listener.startupFailed(new IpcException(e.kind(), message, null));
            return;
        }
        Duration delay = backoff.delay(n);
        log.error("ipc_connect_failed", "retry", n, "kind", e.kind(), "error", message,
                "next_retry_in_ms", delay.toMillis());
        scheduler.schedule(delay, () -> attempt(n + 1));
        reconnectPending = true;
    }

    /** Retry n (1-based) follows a wait of backoff.delay(n - 1), whether the connection was lost or never made. */
    private void scheduleReconnect() {
        if (reconnectPending) {
            return;
        }
        reconnectPending = true;
        Duration delay = backoff.delay(0);
        log.info("ipc_reconnect_scheduled", "retry", 1, "in_ms", delay.toMillis());
        scheduler.schedule(delay, () -> attempt(1));
    }

    private Stream subscribeConfigurationUpdates(CoreIpc c, int gen) {
        Stream stream = new Stream("configuration_updates");
        Runnable onUpdate = () -> {
            // One event arrives per changed node; one re-read covers a whole deployment's worth of them.
            if (configRereadPending.compareAndSet(false, true)) {
                scheduler.execute(() -> {
                    configRereadPending.set(false);
                    rereadConfiguration();
                });
            }
        };
        try {
            stream.subscription = IpcCalls.call(
                    () -> c.subscribeToConfigurationUpdate(onUpdate, closedHandler(stream, gen)),
                    callTimeout);
            return stream;
        } catch (IpcException e) {
            failed("config_subscribe_failed", e);
            return null;
        }
    }

    /** The stream, or null; {@code refused} when accessControl said no (trying again on this connection is pointless). */
    private record Subscribed(Stream stream, boolean refused) { }

    private Subscribed subscribeCustomMetrics(CoreIpc c, String topic) {
        Stream stream = new Stream("custom_metrics:" + topic);
        Consumer<byte[]> onMessage = payload -> {
            // A message racing with our own close belongs to a topic no longer configured.
            if (!stream.closing) {
                deliverCustomMetric(topic, payload);
            }
        };
        try {
            stream.subscription = IpcCalls.call(
                    () -> c.subscribeToTopic(topic, onMessage, closedHandler(stream, generation)),
                    callTimeout);
            log.info("custom_metrics_subscribed", "topic", topic);
            return new Subscribed(stream, false);
        } catch (IpcException e) {
            if (e.kind() == IpcException.Kind.UNAUTHORIZED) {
                if (customRefusalsWarned.add(topic)) {
                    log.warn("custom_metrics_subscribe_refused", "topic", topic, "missing",
                            "accessControl aws.greengrass.ipc.pubsub policy with operation aws.greengrass#SubscribeToTopic"
                                    + " on resource " + topic,
                            "effect", "reports go out without metrics from other components");
                } else {
                    log.debug("custom_metrics_subscribe_refused", "topic", topic);
                }
                return new Subscribed(null, true);
            }
            failed("custom_metrics_subscribe_failed", e);
            return new Subscribed(null, false);
        }
    }

    /** Runs on the IPC callback thread: a throwing sink must not close the stream or reach the IPC client. */
    private void deliverCustomMetric(String topic, byte[] payload) {
        try {
            customMetricsSink.accept(payload);
        } catch (Throwable t) {
            long n = sinkFailures.incrementAndGet();
            // A sink that fails on every message would flood the log: lines 1, 10, 100, ... carry the running count.
            if (isPowerOfTen(n)) {
                log.error("custom_metrics_sink_failed", "topic", topic, "bytes", payload == null ? 0 : payload.length,
                        "failures", n, "error", EventLog.describe(t));
            }
        }
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }

    private Subscribed subscribeAnswers(CoreIpc c, ReportFormat format, Answer.Status status) {
        String topic = status == Answer.Status.ACCEPTED ? topics.accepted(format) : topics.rejected(format);
        Stream stream = new Stream(topic);
        Consumer<byte[]> onMessage = payload -> scheduler.execute(() -> listener.answer(format, status, payload));
        try {
            stream.subscription = IpcCalls.call(
                    () -> c.subscribeToIoTCore(topic, onMessage, closedHandler(stream, generation)),
                    callTimeout);
            log.info("answers_subscribed", "topic", topic);
            return new Subscribed(stream, false);
        } catch (IpcException e) {
            if (e.kind() == IpcException.Kind.UNAUTHORIZED) {
                if (refusalsWarned.add(status)) {
                    log.warn("answers_subscribe_refused", "topic", topic, "effect", status == Answer.Status.ACCEPTED
                            ? "baseline advances when the publish call succeeds, without Device Defender's answer"
                            : "rejections will not be seen; allow the topic in accessControl");
                }
                return new Subscribed(null, true);
            }
            if (!answersOutage) {
                // Retried with backoff until it works; one line per outage, not one per retry.
                answersOutage = true;
                log.warn("answers_subscribe_failed", "topic", topic, "kind", e.kind(), "error",
                        redactor.clean(e.getMessage()), "effect", "reports are held until both answer topics are "
                                + "subscribed; retrying with backoff");
            } else {
                log.debug("answers_subscribe_failed", "topic", topic, "kind", e.kind());
            }
            callFailed(e);
            return new Subscribed(null, false);
        }
    }

    private Runnable closedHandler(Stream stream, int gen) {
        return () -> scheduler.execute(() -> {
            if (!stream.closing && gen == generation && !closed) {
                connectionLost("stream_closed:" + stream.name);
            }
        });
    }

    private void failed(String event, IpcException e) {
        log.error(event, "kind", e.kind(), "error", redactor.clean(e.getMessage()));
        callFailed(e);
    }

    private void closeStreams() {
        if (configStream != null) {
            configStream.close();
            configStream = null;
        }
        if (answers != null) {
            answers.close();
            answers = null;
        }
        closeCustomStream();
    }

    /** Also forgets a refusal: a new connection or a new topic deserves a fresh attempt. */
    private void closeCustomStream() {
        if (customStream != null) {
            customStream.close();
            customStream = null;
        }
        customRefused = false;
    }

    private void closeQuietly(CoreIpc c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            log.debug("ipc_close_failed", "error", redactor.clean(EventLog.describe(e)));
        }
    }
}
