package io.watchpost.testing;

import io.watchpost.log.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * An EventLog whose lines the test can read back: {@link #lines()} has every event in order, whichever stream it went
 * to; {@link #stdout()} and {@link #stderr()} have each stream alone (INFO and DEBUG, WARN and ERROR).
 */
public final class LogCapture {
    private final ByteArrayOutputStream both = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    public final EventLog log;

    /** Keeps every level, DEBUG included. */
    public LogCapture(Clock clock) {
        this(clock, EventLog.Level.DEBUG);
    }

    public LogCapture(Clock clock, EventLog.Level threshold) {
        log = new EventLog(new PrintStream(new Tee(out), true, StandardCharsets.UTF_8),
                new PrintStream(new Tee(err), true, StandardCharsets.UTF_8), clock, threshold);
    }

    public List<String> lines() {
        String text = text(both);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    /** Lines of one event (the third field of a line). */
    public List<String> lines(String event) {
        return lines().stream().filter(l -> {
            String[] f = l.split(" ", 4);
            return f.length >= 3 && f[2].equals(event);
        }).toList();
    }

    public String stdout() {
        return text(out);
    }

    public String stderr() {
        return text(err);
    }

    public String all() {
        return text(both);
    }

    /**
     * Waits until {@code condition} (typically over {@link #lines(String)}) holds, re-checking after each write of the
     * log; false when {@code timeout} passed first.
     */
    public boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (both) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                both.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private String text(ByteArrayOutputStream buffer) {
        synchronized (both) {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    /** Writes to one stream's buffer and to the buffer of both, in the order the log wrote. */
    private final class Tee extends OutputStream {
        private final ByteArrayOutputStream own;

        Tee(ByteArrayOutputStream own) {
            this.own = own;
        }

        @Override
        public void write(int b) {
            synchronized (both) {
                own.write(b);
                both.write(b);
                both.notifyAll();
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (both) {
                own.write(b, off, len);
                both.write(b, off, len);
                both.notifyAll();
            }
        }
    }
}
