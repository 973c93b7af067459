package io.watchpost.collect;

import io.watchpost.log.EventLog;
import io.watchpost.proc.LineProblems;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts the lines skipped in one collection cycle, per file, and logs each file's first bad line once: a broken
 * table of 100,000 rows gives one WARN per cycle, not 100,000.
 */
final class MalformedLines {
    static final int MAX_TEXT_BYTES = 200;

    private final Map<Path, FileTally> byFile = new LinkedHashMap<>();

    LineProblems forFile(Path file) {
        return byFile.computeIfAbsent(file, FileTally::new);
    }

    int total() {
        int total = 0;
        for (FileTally t : byFile.values()) {
            total += t.count;
        }
        return total;
    }

    void log(EventLog log) {
        for (FileTally t : byFile.values()) {
            if (t.count > 0) {
                log.warn("proc_lines_skipped", "file", t.file, "skipped", t.count, "first_line", t.firstLine,
                        "reason", t.firstReason, "text", t.firstText);
            }
        }
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

    private static final class FileTally implements LineProblems {
        private final Path file;
        private int count;
        private int firstLine;
        private String firstReason;
        private String firstText;

        FileTally(Path file) {
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
    }
}
