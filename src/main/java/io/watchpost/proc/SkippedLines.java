package io.watchpost.proc;

import io.watchpost.log.EventLog;
import java.nio.file.Path;

/**
 * The lines of one file that a parser skipped in one cycle: how many, and the first one (number, rule broken, text).
 * Enough to log a broken table of 100,000 rows with one WARN per cycle, not 100,000, and for a reader that must not
 * build a value from a table with holes to say why.
 */
public final class SkippedLines implements LineProblems {
    private final Path file;
    private int count;
    private int firstLine;
    private String firstReason;
    private EventLog.Bytes firstText;

    SkippedLines(Path file) {
        this.file = file;
    }

    @Override
    public void malformed(int lineNumber, byte[] data, int start, int end, String reason) {
        if (count++ == 0) {
            firstLine = lineNumber;
            firstReason = reason;
            // Logged under the log's one rule: cut at 200 bytes, a byte that is not printable ASCII as \xNN.
            firstText = EventLog.Bytes.of(data, start, end);
        }
    }

    public Path file() {
        return file;
    }

    public int count() {
        return count;
    }

    /** 1-based number of the first skipped line; 0 when none was. */
    public int firstLine() {
        return firstLine;
    }

    /** The rule the first skipped line broke, or null. */
    public String firstReason() {
        return firstReason;
    }

    /** The first skipped line's bytes (its first 200 or so), for the log to escape; null when none was skipped. */
    public EventLog.Bytes firstText() {
        return firstText;
    }

    /** {@code <file>: line N: <rule> (and M more malformed lines)}, or null when no line was skipped. */
    public String describe() {
        if (count == 0) {
            return null;
        }
        return file + ": line " + firstLine + ": " + firstReason
                + (count > 1 ? " (and " + (count - 1) + " more malformed lines)" : "");
    }
}
