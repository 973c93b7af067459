package io.watchpost.localcore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class PublishedMessagesTest {
    private static IoTCorePublish publish(int i) {
        return new IoTCorePublish("t/" + i, new byte[] {(byte) i}, "1");
    }

    @Test
    void lastIsTheNewestAndEmptyBeforeAnyPublish() {
        PublishedMessages m = new PublishedMessages();
        assertTrue(m.last().isEmpty());
        IoTCorePublish a = publish(1);
        IoTCorePublish b = publish(2);
        m.add(a);
        m.add(b);
        assertSame(b, m.last().orElseThrow());
    }

    @Test
    void onlyTheLatestAreRetainedButAllAreCounted() {
        PublishedMessages m = new PublishedMessages();
        int n = PublishedMessages.RETAINED + 5;
        for (int i = 0; i < n; i++) {
            m.add(publish(i));
        }
        assertEquals(n, m.count());
        assertEquals(PublishedMessages.RETAINED, m.all().size());
        assertEquals("t/5", m.all().get(0).topic());
        assertEquals("t/" + (n - 1), m.last().orElseThrow().topic());
        assertThrows(IllegalStateException.class, () -> m.awaitCount(1, Duration.ofMillis(10)));
    }

    @Test
    void awaitCountReturnsTheFirstMessagesOrTimesOut() throws Exception {
        PublishedMessages m = new PublishedMessages();
        m.add(publish(1));
        m.add(publish(2));
        assertEquals("t/1", m.awaitCount(1, Duration.ofMillis(10)).get(0).topic());
        assertThrows(TimeoutException.class, () -> m.awaitCount(3, Duration.ofMillis(20)));
    }
}
