package io.watchpost.proc;

/**
 * Where a parser reports a line it skipped. Parsers never throw on bad input: they report and go on with the next
 * line, and the caller decides what to count and log.
 */
@FunctionalInterface
public interface LineProblems {
    /**
     * @param lineNumber 1-based
     * @param data       the file's bytes; the line is {@code data[start..end)} without its newline
     * @param reason     which rule the line broke, e.g. "too few columns"
     */
    void malformed(int lineNumber, byte[] data, int start, int end, String reason);

    /** Ignores problems: for callers that only want the good rows. */
    LineProblems IGNORE = (lineNumber, data, start, end, reason) -> { };
}
