package io.watchpost.proc;

import java.nio.file.Path;

/** {@code /proc/stat}: only the aggregate {@code cpu} line (the first line, before the per-CPU {@code cpuN} lines). */
public final class StatFile {
    /** user nice system idle iowait irq softirq steal: every kernel since 2.6.11 writes at least these. */
    static final int REQUIRED_FIELDS = 8;

    private StatFile() {
    }


    /** @param file only used to name the file in errors */
    public static CpuTimes parse(Path file, String text) throws ProcFileException {
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            String[] fields = Lines.fields(line);
            if (!fields[0].equals("cpu")) {
                continue;
            }
            if (fields.length - 1 < REQUIRED_FIELDS) {
                throw new ProcFileException(file, "line " + lineNumber + " has " + (fields.length - 1)
                        + " values, at least " + REQUIRED_FIELDS + " expected (user nice system idle iowait irq softirq"
                        + " steal): \"" + Lines.excerpt(line) + "\"");
            }
            long[] v = new long[REQUIRED_FIELDS];
            for (int i = 0; i < REQUIRED_FIELDS; i++) {
                v[i] = Lines.parseCount(file, lineNumber, fields[i + 1], line);
            }
            return new CpuTimes(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
        }
        throw new ProcFileException(file, "has no aggregate \"cpu\" line");
    }
}
