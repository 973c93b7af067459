package io.watchpost.log;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * One line per event: {@code <ISO time> <LEVEL> <event> key=value ...}.
 *
 * <p>DEBUG and INFO go to stdout, WARN and ERROR to stderr: the Greengrass nucleus records a component's stdout at INFO
 * and its stderr at WARN, so this way a level filter (log manager {@code minimumLogLevel}, CloudWatch) sees the problems.
 *
 * <p>Every value obeys one rule, whatever it came from: it is cut to its first {@value #MAX_VALUE_CHARS} characters
 * before escaping (then {@code ...}, ASCII so that a line of ASCII values stays ASCII); it is written as is when it
 * holds only printable characters other than space, {@code "}, {@code =} and {@code \}; otherwise it is quoted, with
 * {@code "} and {@code \} escaped by a backslash, line breaks and tabs as {@code \n \r \t}, and every other control or
 * line-separating character as {@code \xNN} (or a backslash, {@code u} and four hex digits above U+00FF), so a
 * hostile value can forge neither a line nor a key.
 */
public final class EventLog {
    public enum Level { DEBUG, INFO, WARN, ERROR }

    /** Longest value written; longer values are cut (a /proc line, a custom metric, an answer from AWS). */
    public static final int MAX_VALUE_CHARS = 200;

    /**
     * Bytes of a file logged as text (a malformed /proc line), under the same rule as every value, with each byte as one
     * character: so a byte that is not printable ASCII is written {@code \xNN}. Holds no more than can be shown.
     */
    public record Bytes(byte[] data) {
        public static Bytes of(byte[] data, int start, int end) {
            return new Bytes(java.util.Arrays.copyOfRange(data, start, Math.min(end, start + MAX_VALUE_CHARS + 1)));
        }
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final Level threshold;

    public EventLog(PrintStream out, PrintStream err, Clock clock, Level threshold) {
        this.out = Objects.requireNonNull(out);
        this.err = Objects.requireNonNull(err);
        this.clock = Objects.requireNonNull(clock);
        this.threshold = Objects.requireNonNull(threshold);
    }

    /** A log for the process: stdout/stderr, system clock, INFO. */
    public static EventLog standard() {
        return new EventLog(System.out, System.err, Clock.systemUTC(), Level.INFO);
    }

    public void debug(String event, Object... keyValues) { emit(Level.DEBUG, event, keyValues); }
    public void info(String event, Object... keyValues) { emit(Level.INFO, event, keyValues); }
    public void warn(String event, Object... keyValues) { emit(Level.WARN, event, keyValues); }
    public void error(String event, Object... keyValues) { emit(Level.ERROR, event, keyValues); }

    /** An error that ends the process; written as {@link #error} is (the name tells the reader what follows). */
    public void fatal(String event, Object... keyValues) { emit(Level.ERROR, event, keyValues); }

    public boolean enabled(Level level) {
        return level.compareTo(threshold) >= 0;
    }

    private void emit(Level level, String event, Object[] keyValues) {
        if (!enabled(level)) {
            return;
        }
        String line = format(Instant.now(clock), level, event, keyValues);
        PrintStream stream = level.compareTo(Level.WARN) >= 0 ? err : out;
        synchronized (this) {
            stream.println(line);
            stream.flush();
        }
    }

    static String format(Instant time, Level level, String event, Object[] keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value arguments must come in pairs for event " + event);
        }
        StringBuilder sb = new StringBuilder(96);
        sb.append(time).append(' ').append(level.name()).append(' ').append(event);
        for (int i = 0; i < keyValues.length; i += 2) {
            sb.append(' ').append(keyValues[i]).append('=');
            appendValue(sb, keyValues[i + 1]);
        }
        return sb.toString();
    }

    private static void appendValue(StringBuilder sb, Object value) {
        boolean bytes = value instanceof Bytes;
        String s = cut(value instanceof Bytes b ? new String(b.data(), StandardCharsets.ISO_8859_1)
                : value instanceof Throwable t ? describe(t) : String.valueOf(value));
        boolean quote = s.isEmpty();
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ' ' || c == '"' || c == '=' || c == '\\' || isEscaped(c, bytes);
        }
        if (!quote) {
            sb.append(s);
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (!isEscaped(c, bytes)) {
                        sb.append(c);
                    } else if (c <= 0xff) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        sb.append('"');
    }

    /**
     * Control characters (C0, DEL, C1) and the Unicode line and paragraph separators, which some viewers break on; of a
     * {@link Bytes} value, every byte that is not printable ASCII.
     */
    private static boolean isEscaped(char c, boolean fromBytes) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || (fromBytes && c >= 0x80);
    }

    /** The first {@value #MAX_VALUE_CHARS} characters and {@code ...}; a surrogate pair is never split. */
    static String cut(String s) {
        if (s.length() <= MAX_VALUE_CHARS) {
            return s;
        }
        int end = Character.isHighSurrogate(s.charAt(MAX_VALUE_CHARS - 1)) ? MAX_VALUE_CHARS - 1 : MAX_VALUE_CHARS;
        return s.substring(0, end) + "...";
    }

    /**
     * Class and message of a throwable and its causes, without a stack trace (one line per event). A file system error
     * is described without its file: the event names the path once, in its own key or text.
     */
    public static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable cur = t;
        for (int depth = 0; cur != null && depth < 5; depth++, cur = cur.getCause()) {
            if (depth > 0) {
                sb.append(" <- ");
            }
            sb.append(cur.getClass().getSimpleName());
            String message = cur instanceof FileSystemException f ? f.getReason() : cur.getMessage();
            if (message != null) {
                sb.append(": ").append(message);
            }
            if (cur.getCause() == cur) {
                break;
            }
        }
        return sb.toString();
    }
}
