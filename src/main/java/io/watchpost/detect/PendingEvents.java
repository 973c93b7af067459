package io.watchpost.detect;

import io.watchpost.json.JsonValues;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Events that could not be published yet, oldest first: kept across restarts (as a plain JSON value in the state
 * file) and sent in order when the connection returns. Bounded: when full, the oldest event is dropped and counted,
 * so a device offline for weeks keeps the newest {@link #DEFAULT_CAPACITY} transitions and says how many it lost.
 * Not thread-safe.
 */
public final class PendingEvents {
    /** About 1 MB of events at ~1 KB each: a week of one transition every ten minutes. */
    public static final int DEFAULT_CAPACITY = 1_000;
    static final String FORMAT = "watchpost-detect-pending";

    /**
     * @param payload   the event's JSON ({@link ViolationEventJson#write})
     * @param localOnly a {@code suppressAlerts} behavior's event: local publish/subscribe only, never IoT Core
     */
    public record Pending(String payload, boolean localOnly) {
    }

    private final int capacity;
    private final Deque<Pending> queue = new ArrayDeque<>();
    private long dropped;

    public PendingEvents(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds an event at the end; when full, drops the oldest first and counts it. */
    public void add(Pending event) {
        if (queue.size() == capacity) {
            queue.removeFirst();
            dropped++;
        }
        queue.addLast(event);
    }

    /** The oldest event, left in the queue until {@link #removeOldest} confirms it was published. */
    public Optional<Pending> oldest() {
        return Optional.ofNullable(queue.peekFirst());
    }

    public void removeOldest() {
        queue.pollFirst();
    }

    public int size() {
        return queue.size();
    }

    public int capacity() {
        return capacity;
    }

    /** Events dropped because the queue was full, since the count was last taken. */
    public long dropped() {
        return dropped;
    }

    /** Returns the dropped count and resets it (after logging it once). */
    public long takeDropped() {
        long d = dropped;
        dropped = 0;
        return d;
    }

    public List<Pending> snapshot() {
        return List.copyOf(queue);
    }

    public Map<String, Object> exportState() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("dropped", dropped);
        List<Object> events = new ArrayList<>();
        for (Pending p : queue) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("payload", p.payload());
            e.put("localOnly", p.localOnly());
            events.add(e);
        }
        root.put("events", events);
        return root;
    }

    /**
     * Restores what {@link #exportState()} wrote; a queue bigger than {@code capacity} keeps its newest events and
     * counts the rest as dropped.
     *
     * @throws IllegalArgumentException when the value is not such a queue (the caller starts an empty one and WARNs)
     */
    public static PendingEvents restore(Object state, int capacity) {
        PendingEvents q = new PendingEvents(capacity);
        if (state == null) {
            return q;
        }
        if (!FORMAT.equals(JsonValues.field(state, "format"))) {
            throw new IllegalArgumentException("pending events: format is not \"" + FORMAT + "\"");
        }
        OptionalLong dropped = JsonValues.integerLong(JsonValues.field(state, "dropped"));
        if (dropped.isEmpty() || dropped.getAsLong() < 0) {
            throw new IllegalArgumentException("pending events: dropped is not a non-negative integer");
        }
        if (!(JsonValues.field(state, "events") instanceof List<?> events)) {
            throw new IllegalArgumentException("pending events: events is not an array");
        }
        List<Pending> read = new ArrayList<>();
        for (Object e : events) {
            if (!(JsonValues.field(e, "payload") instanceof String payload)
                    || !(JsonValues.field(e, "localOnly") instanceof Boolean localOnly)) {
                throw new IllegalArgumentException("pending events: an event needs payload and localOnly");
            }
            read.add(new Pending(payload, localOnly));
        }
        read.forEach(q::add);
        q.dropped += dropped.getAsLong();
        return q;
    }
}
