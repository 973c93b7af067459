package io.watchpost.log;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * One line per event: {@code <ISO time> <LEVEL> <event> key=value ...}.
 *
 * <p>INFO and DEBUG go to stdout; WARN and ERROR go to stdout too, because the nucleus turns every stderr line into a WARN
 * "stderr" entry. Only {@link #fatal} (a real problem that ends the process) also goes to stderr. Values containing
 * spaces, quotes or '=' are quoted so that a line stays machine-parsable; control characters are escaped so a hostile
 * value cannot forge a second line.
 */
public final class EventLog {
    public enum Level { DEBUG, INFO, WARN, ERROR }

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

    public void debug(String event, Object... keyValues) { emit(Level.DEBUG, event, keyValues, false); }
    public void info(String event, Object... keyValues) { emit(Level.INFO, event, keyValues, false); }
    public void warn(String event, Object... keyValues) { emit(Level.WARN, event, keyValues, false); }
    public void error(String event, Object... keyValues) { emit(Level.ERROR, event, keyValues, false); }

    /** An error that ends the process: written to stdout and stderr. */
    public void fatal(String event, Object... keyValues) { emit(Level.ERROR, event, keyValues, true); }

    public boolean enabled(Level level) {
        return level.compareTo(threshold) >= 0;
    }

    private void emit(Level level, String event, Object[] keyValues, boolean alsoStderr) {
        if (!enabled(level)) {
            return;
        }
        String line = format(Instant.now(clock), level, event, keyValues);
        synchronized (this) {
            out.println(line);
            out.flush();
            if (alsoStderr) {
                err.println(line);
                err.flush();
            }
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
        String s = value instanceof Throwable t ? describe(t) : String.valueOf(value);
        boolean quote = s.isEmpty();
        for (int i = 0; i < s.length() && !quote; i++) {
            char c = s.charAt(i);
            quote = c == ' ' || c == '"' || c == '=' || c < 0x20 || c == 0x7f;
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
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Class and message of a throwable and its causes, without a stack trace (one line per event). */
    public static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder();
        Throwable cur = t;
        for (int depth = 0; cur != null && depth < 5; depth++, cur = cur.getCause()) {
            if (depth > 0) {
                sb.append(" <- ");
            }
            sb.append(cur.getClass().getSimpleName());
            if (cur.getMessage() != null) {
                sb.append(": ").append(cur.getMessage());
            }
            if (cur.getCause() == cur) {
                break;
            }
        }
        return sb.toString();
    }
}
