package io.watchpost.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.log.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.aws.greengrass.model.BinaryMessage;
import software.amazon.awssdk.aws.greengrass.model.JsonMessage;
import software.amazon.awssdk.aws.greengrass.model.SubscriptionResponseMessage;

/** What reaches a SubscribeToTopic subscriber, and that nothing escapes into the SDK's stream handler. */
class LocalMessageDeliveryTest {
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final EventLog log = new EventLog(new PrintStream(logged, true, StandardCharsets.UTF_8),
            new PrintStream(logged, true, StandardCharsets.UTF_8), Clock.systemUTC(),
            EventLog.Level.DEBUG);
    private final List<byte[]> received = new ArrayList<>();

    /** Jackson cannot serialize a bare Object: what a JSON message that cannot be re-encoded looks like. */
    private static SubscriptionResponseMessage unencodable() {
        return new SubscriptionResponseMessage().withJsonMessage(new JsonMessage().withMessage(Map.of("x", new Object())));
    }

    @Test
    void binaryAndJsonMessagesArriveAsBytes() {
        LocalMessageDelivery d = new LocalMessageDelivery("t", received::add, Optional.of(log));
        d.accept(new SubscriptionResponseMessage().withBinaryMessage(new BinaryMessage().withMessage(new byte[] {1, 2})));
        d.accept(new SubscriptionResponseMessage().withJsonMessage(new JsonMessage().withMessage(Map.of("n", 3))));
        assertArrayEquals(new byte[] {1, 2}, received.get(0));
        assertEquals("{\"n\":3}", new String(received.get(1), StandardCharsets.UTF_8));
    }

    @Test
    void aMessageThatCannotBeReEncodedIsDroppedAndTheNextStillArrives() {
        LocalMessageDelivery d = new LocalMessageDelivery("watchpost/custom-metrics", received::add, Optional.of(log));
        d.accept(unencodable());
        d.accept(new SubscriptionResponseMessage().withBinaryMessage(new BinaryMessage().withMessage(new byte[] {7})));
        assertEquals(1, received.size());
        assertArrayEquals(new byte[] {7}, received.get(0));
        assertEquals(1, d.dropped());
        String text = logged.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("WARN ipc_local_message_dropped topic=watchpost/custom-metrics reason=unreadable"
                + " count=1"), text);
    }

    @Test
    void aThrowingSubscriberNeverReachesTheSdk() {
        LocalMessageDelivery d = new LocalMessageDelivery("t", m -> {
            throw new IllegalStateException("boom");
        }, Optional.empty());
        d.accept(new SubscriptionResponseMessage().withBinaryMessage(new BinaryMessage().withMessage(new byte[] {1})));
        assertEquals(1, d.dropped());
    }

    @Test
    void dropsAreLoggedAtOneTenHundred() {
        LocalMessageDelivery d = new LocalMessageDelivery("t", received::add, Optional.of(log));
        for (int i = 0; i < 150; i++) {
            d.accept(unencodable());
        }
        List<String> lines = logged.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(2).contains("count=100"), lines.get(2));
    }
}
