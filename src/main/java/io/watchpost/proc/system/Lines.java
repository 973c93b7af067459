package io.watchpost.proc.system;

import java.nio.file.Path;

/** Small helpers shared by the parsers of this package. */
final class Lines {
    static final int EXCERPT_CHARS = 200;

    private Lines() {
    }

    /** The first line of a one-line file such as loadavg or uptime ("" when the file is empty). */
    static String first(String text) {
        return text.lines().findFirst().orElse("");
    }

    /** The whitespace-separated fields of a line, as the kernel pads them. */
    static String[] fields(String line) {
        return line.trim().split("\\s+");
    }

    /** The first 200 characters of a line, for an error message. */
    static String excerpt(String line) {
        return line.length() <= EXCERPT_CHARS ? line : line.substring(0, EXCERPT_CHARS) + "…";
    }

    /** A non-negative decimal count such as a jiffy or kB value. */
    static long parseCount(Path file, int lineNumber, String field, String line) throws ProcFileException {
        boolean digits = !field.isEmpty() && field.chars().allMatch(c -> c >= '0' && c <= '9');
        if (digits) {
            try {
                return Long.parseLong(field);
            } catch (NumberFormatException tooLarge) {
                // falls through to the error below
            }
        }
        throw new ProcFileException(file, "line " + lineNumber + ": \"" + excerpt(field)
                + "\" is not a whole number from 0 to " + Long.MAX_VALUE + ": \"" + excerpt(line) + "\"");
    }
}
