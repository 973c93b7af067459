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
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
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

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void oneLinePerEventWithKeyValuePairs() {
        log.info("report_published", "id", 17L, "bytes", 420);
        assertEquals("2026-11-28T10:00:00Z INFO report_published id=17 bytes=420\n", stdout());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void valuesThatWouldBreakTheLineAreQuotedAndEscaped() {
        log.info("malformed_line", "line", "a b=\"c\"\nFAKE ERROR injected");
        String s = stdout();
        assertEquals(1, s.lines().count(), s);
        assertTrue(s.contains("line=\"a b=\\\"c\\\"\\nFAKE ERROR injected\""), s);
    }

    @Test
    void oneEscapingRuleForEveryValueWhateverItHolds() {
        log.info("e", "backslash", "C:\\dir", "nul", "a\u0000b", "c1", "x\u0085y", "separator", "p\u2028q",
                "plain", "/proc/net/tcp", "empty", "", "accent", "caf\u00e9");
        String s = stdout();
        assertEquals(1, s.lines().count(), s);
        assertTrue(s.contains(" backslash=\"C:\\\\dir\" "), "a backslash alone makes a value quoted: " + s);
        assertTrue(s.contains(" nul=\"a\\x00b\" "), s);
        assertTrue(s.contains(" c1=\"x\\x85y\" "), s);
        assertTrue(s.contains(" separator=\"p\\u2028q\" "), s);
        assertTrue(s.contains(" plain=/proc/net/tcp "), s);
        assertTrue(s.contains(" empty=\"\" "), s);
        assertTrue(s.endsWith(" accent=caf\u00e9\n"), s);
    }

    @Test
    void bytesFromAFileFollowTheSameRuleWithEveryNonAsciiByteEscaped() {
        byte[] line = {0, 'a', (byte) 0xff, '\\', ' ', (byte) 0xc3, (byte) 0xa9, '\r'};
        log.info("e", "text", EventLog.Bytes.of(line, 0, line.length), "long", EventLog.Bytes.of(new byte[300], 0, 300));
        String s = stdout();
        assertTrue(s.contains(" text=\"\\x00a\\xff\\\\ \\xc3\\xa9\\r\" "), s);
        assertTrue(s.contains(" long=\"" + "\\x00".repeat(200) + "...\"\n"), "cut at 200 bytes: " + s);
    }

    @Test
    void everyValueIsCutAt200Characters() {
        log.info("e", "long", "x".repeat(250), "exact", "y".repeat(200), "pair", "z".repeat(199) + "\ud83d\ude00");
        String s = stdout();
        assertTrue(s.contains(" long=" + "x".repeat(200) + "... "), s);
        assertTrue(s.contains(" exact=" + "y".repeat(200) + " "), s);
        assertTrue(s.contains(" pair=" + "z".repeat(199) + "...\n"), "a surrogate pair is not split: " + s);
        log.info("e", "error", new IllegalStateException("w".repeat(300)));
        assertTrue(stdout().lines().skip(1).findFirst().orElseThrow().length() < 300, stdout());
    }

    @Test
    void infoGoesToStdoutWarnAndErrorToStderrOneLineEach() {
        log.debug("noise");
        log.info("started", "n", 1);
        log.warn("odd", "n", 2);
        log.error("broken", "n", 3);
        log.fatal("cannot_start", "reason", "x");
        assertEquals(List.of("2026-11-28T10:00:00Z INFO started n=1"), stdout().lines().toList());
        assertEquals(List.of("2026-11-28T10:00:00Z WARN odd n=2", "2026-11-28T10:00:00Z ERROR broken n=3",
                "2026-11-28T10:00:00Z ERROR cannot_start reason=x"), stderr().lines().toList());
    }

    @Test
    void throwablesAreDescribedOnOneLineWithTheirCauses() {
        log.error("cycle_failed", "error", new IllegalStateException("outer", new java.io.IOException("disk")));
        assertTrue(stderr().contains("error=\"IllegalStateException: outer <- IOException: disk\""), stderr());
    }

    @Test
    void aFileSystemErrorIsDescribedWithoutItsPathWhichTheEventNamesOnce() {
        log.warn("state_fresh_start", "path", "/var/x.json",
                "error", new AccessDeniedException("/var/x.json", null, "Permission denied"));
        log.warn("gone", "path", "/var/y", "error", new NoSuchFileException("/var/y"));
        List<String> lines = stderr().lines().toList();
        assertEquals("2026-11-28T10:00:00Z WARN state_fresh_start path=/var/x.json"
                + " error=\"AccessDeniedException: Permission denied\"", lines.get(0));
        assertEquals("2026-11-28T10:00:00Z WARN gone path=/var/y error=NoSuchFileException", lines.get(1));
    }

    @Test
    void oddKeyValueArgumentsAreAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> log.info("x", "lonely"));
    }
}
