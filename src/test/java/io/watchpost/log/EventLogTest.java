package io.watchpost.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventLogTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final EventLog log = new EventLog(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC), EventLog.Level.INFO);

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneLinePerEventWithKeyValuePairs() {
        log.info("report_published", "id", 17L, "bytes", 420);
        assertEquals("2026-11-28T10:00:00Z INFO report_published id=17 bytes=420\n", stdout());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void valuesThatWouldBreakTheLineAreQuotedAndEscaped() {
        log.warn("malformed_line", "line", "a b=\"c\"\nFAKE ERROR injected");
        String s = stdout();
        assertEquals(1, s.lines().count(), s);
        assertTrue(s.contains("line=\"a b=\\\"c\\\"\\nFAKE ERROR injected\""), s);
    }

    @Test
    void debugIsBelowTheThresholdAndFatalAlsoGoesToStderr() {
        log.debug("noise");
        assertEquals("", stdout());
        log.fatal("cannot_start", "reason", "x");
        assertTrue(stdout().contains("ERROR cannot_start reason=x"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("ERROR cannot_start reason=x"));
    }

    @Test
    void throwablesAreDescribedOnOneLineWithTheirCauses() {
        log.error("cycle_failed", "error", new IllegalStateException("outer", new java.io.IOException("disk")));
        assertTrue(stdout().contains("error=\"IllegalStateException: outer <- IOException: disk\""), stdout());
    }

    @Test
    void oddKeyValueArgumentsAreAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> log.info("x", "lonely"));
    }
}
