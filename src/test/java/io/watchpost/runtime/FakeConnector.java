package io.watchpost.runtime;

import io.watchpost.ipc.CoreIpc;
import io.watchpost.ipc.CoreIpcConnector;
import io.watchpost.ipc.IpcException;
import io.watchpost.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hands out {@link FakeCoreIpc} connections, or the failures the test queued. Holds the component configuration. */
final class FakeConnector implements CoreIpcConnector {
    final Map<String, Object> config = new LinkedHashMap<>();
    final Map<String, IpcException> refusedTopics = new HashMap<>();
    /** SubscribeToTopic refusals on every connection (as accessControl of aws.greengrass.ipc.pubsub would give). */
    final Map<String, IpcException> refusedLocalTopics = new HashMap<>();
    /** Failures for the next SubscribeToTopic calls on whichever connection makes them, in order. */
    final Deque<IpcException> localSubscribeFailures = new ArrayDeque<>();
    final Deque<IpcException> failures = new ArrayDeque<>();
    final List<FakeCoreIpc> connections = new ArrayList<>();
    final List<Instant> attemptTimes = new ArrayList<>();
    private final Clock clock;
    IpcException alwaysFail;
    int attempts;

    FakeConnector(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CoreIpc connect() {
        attempts++;
        attemptTimes.add(clock.instant());
        if (alwaysFail != null) {
            throw alwaysFail;
        }
        IpcException failure = failures.poll();
        if (failure != null) {
            throw failure;
        }
        FakeCoreIpc ipc = new FakeCoreIpc(this);
        connections.add(ipc);
        return ipc;
    }

    Instant now() {
        return clock.instant();
    }

    /** Moves a {@link MutableClock} on by {@code d} (null: no time passes), as a slow call would. */
    void elapse(Duration d) {
        if (d != null && clock instanceof MutableClock m) {
            m.advance(d);
        }
    }

    FakeCoreIpc current() {
        if (connections.isEmpty()) {
            throw new AssertionError("never connected");
        }
        return connections.get(connections.size() - 1);
    }
}
