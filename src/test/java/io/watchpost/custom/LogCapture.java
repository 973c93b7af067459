package io.watchpost.custom;

import io.watchpost.log.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/** An EventLog writing into memory, for asserting what was logged. */
final class LogCapture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final EventLog log;

    LogCapture(Clock clock) {
        PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
        log = new EventLog(stream, stream, clock, EventLog.Level.INFO);
    }

    List<String> lines() {
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    List<String> lines(String event) {
        return lines().stream().filter(l -> l.contains(" " + event + " ") || l.endsWith(" " + event)).toList();
    }
}
