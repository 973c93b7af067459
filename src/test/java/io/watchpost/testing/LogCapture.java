package io.watchpost.testing;

import io.watchpost.log.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/** An EventLog whose lines the test can read back; fatal lines also reach {@link #stderr()}. */
public final class LogCapture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    public final EventLog log;

    /** Keeps every level, DEBUG included. */
    public LogCapture(Clock clock) {
        this(clock, EventLog.Level.DEBUG);
    }

    public LogCapture(Clock clock, EventLog.Level threshold) {
        log = new EventLog(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock, threshold);
    }

    public List<String> lines() {
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    /** Lines of one event (the third field of a line). */
    public List<String> lines(String event) {
        return lines().stream().filter(l -> {
            String[] f = l.split(" ", 4);
            return f.length >= 3 && f[2].equals(event);
        }).toList();
    }

    public String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    public String all() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }
}
