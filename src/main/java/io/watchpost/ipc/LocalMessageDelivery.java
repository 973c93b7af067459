package io.watchpost.ipc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.watchpost.json.JsonValues;
import io.watchpost.log.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.aws.greengrass.model.SubscriptionResponseMessage;

/**
 * Turns each local pub/sub message into bytes for the subscriber, on the SDK's callback thread. Whatever fails here is
 * caught and the message dropped: an exception escaping into the SDK would close the subscription stream, so one bad
 * message would cut off every later one. Drops are logged at the 1st, 10th, 100th, … so a flood cannot flood the log.
 */
final class LocalMessageDelivery implements Consumer<SubscriptionResponseMessage> {
    private final String topic;
    private final Consumer<byte[]> onMessage;
    private final Optional<EventLog> log;
    private final JsonFactory json = new JsonFactory();
    private final AtomicLong dropped = new AtomicLong();

    LocalMessageDelivery(String topic, Consumer<byte[]> onMessage, Optional<EventLog> log) {
        this.topic = Objects.requireNonNull(topic);
        this.onMessage = Objects.requireNonNull(onMessage);
        this.log = Objects.requireNonNull(log);
    }

    @Override
    public void accept(SubscriptionResponseMessage message) {
        byte[] bytes;
        try {
            bytes = bytesOf(message);
        } catch (RuntimeException e) {
            drop("unreadable", e);
            return;
        }
        try {
            onMessage.accept(bytes);
        } catch (RuntimeException e) {
            drop("subscriber_failed", e);
        }
    }

    /** How many messages were dropped so far. */
    long dropped() {
        return dropped.get();
    }

    /** Local pub/sub delivers either a binary or a JSON message; subscribers always get bytes. */
    private byte[] bytesOf(SubscriptionResponseMessage message) {
        if (message == null) {
            return new byte[0];
        }
        if (message.getBinaryMessage() != null) {
            byte[] bytes = message.getBinaryMessage().getMessage();
            return bytes == null ? new byte[0] : bytes;
        }
        if (message.getJsonMessage() != null) {
            return reEncoded(message.getJsonMessage().getMessage());
        }
        return new byte[0];
    }

    /** The SDK hands a JSON message over as the maps and lists its JSON library made of it. */
    private byte[] reEncoded(Object message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = json.createGenerator(out)) {
            JsonValues.write(generator, message);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("local JSON message cannot be re-encoded: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private void drop(String reason, RuntimeException e) {
        long count = dropped.incrementAndGet();
        if (isPowerOfTen(count)) {
            log.ifPresent(l -> l.warn("ipc_local_message_dropped", "topic", topic, "reason", reason, "count", count,
                    "error", EventLog.describe(e)));
        }
    }

    private static boolean isPowerOfTen(long n) {
        while (n >= 10 && n % 10 == 0) {
            n /= 10;
        }
        return n == 1;
    }
}
