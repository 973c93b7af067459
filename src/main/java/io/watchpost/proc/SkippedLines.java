package io.watchpost.proc;

import java.nio.file.Path;

/**
 * The lines of one file that a parser skipped in one cycle: how many, and the first one (number, rule broken, text).
 * Enough to log a broken table of 100,000 rows with one WARN per cycle, not 100,000, and for a reader that must not
 * build a value from a table with holes to say why.
 */
public final class SkippedLines implements LineProblems {
    static final int MAX_TEXT_BYTES = Lines.EXCERPT_CHARS;

    private final Path file;
    private int count;
    private int firstLine;
    private String firstReason;
    private String firstText;

    SkippedLines(Path file) {
        this.file = file;
    }

    @Override
    public void malformed(int lineNumber, byte[] data, int start, int end, String reason) {
        if (count++ == 0) {
            firstLine = lineNumber;
            firstReason = reason;
            firstText = escape(data, start, end);
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

    /** The first skipped line, escaped (see {@link #escape}), or null. */
    public String firstText() {
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

    /**
     * The first {@value #MAX_TEXT_BYTES} bytes of a line with everything but printable ASCII written as {@code \xNN}
     * (and {@code \} as {@code \\}), so garbage from a broken file can neither forge log lines nor corrupt them.
     */
    static String escape(byte[] data, int start, int end) {
        int stop = Math.min(end, start + MAX_TEXT_BYTES);
        StringBuilder sb = new StringBuilder(stop - start + 8);
        for (int i = start; i < stop; i++) {
            int b = data[i] & 0xff;
            if (b == '\\') {
                sb.append("\\\\");
            } else if (b >= 0x20 && b < 0x7f) {
                sb.append((char) b);
            } else {
                sb.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        }
        if (end > stop) {
            sb.append("...");
        }
        return sb.toString();
    }
}
