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

    private static final class FileTally implements LineProblems {
        private final Path file;
        private int count;
        private int firstLine;
        private String firstReason;
        private EventLog.Bytes firstText;

        FileTally(Path file) {
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
    }
}
