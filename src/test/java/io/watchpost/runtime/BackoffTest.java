package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleFromOneSecondAndStopAtSixtyWithJitterInTheUpperHalf() {
        Backoff backoff = Backoff.ipcReconnect(new Random(1));
        long[] bases = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
        for (int round = 0; round < 200; round++) {
            for (int attempt = 0; attempt < bases.length; attempt++) {
                long ms = backoff.delay(attempt).toMillis();
                assertTrue(ms >= bases[attempt] / 2 && ms <= bases[attempt],
                        "attempt " + attempt + ": " + ms + " ms");
            }
        }
        assertTrue(backoff.delay(Integer.MAX_VALUE).compareTo(Duration.ofSeconds(60)) <= 0);
    }

    @Test
    void jitterSpreadsTheDelays() {
        Backoff backoff = Backoff.ipcReconnect(new Random(2));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 100; i++) {
            long ms = backoff.delay(6).toMillis();
            min = Math.min(min, ms);
            max = Math.max(max, ms);
        }
        assertTrue(max - min > 10_000, "spread " + (max - min) + " ms");
    }
}
