package io.watchpost.proc;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code /proc/meminfo}: lines {@code Key:   value kB}. */
public final class MemInfoFile {
    static final String MEM_TOTAL = "MemTotal";
    static final String MEM_AVAILABLE = "MemAvailable";

    private MemInfoFile() {
    }


    /** @param file only used to name the file in errors */
    public static MemInfo parse(Path file, String text) throws ProcFileException {
        Map<String, Long> kb = new HashMap<>();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            if (!key.equals(MEM_TOTAL) && !key.equals(MEM_AVAILABLE)) {
                continue; // other lines are not needed, so their shape does not matter
            }
            String[] fields = Lines.fields(line.substring(colon + 1));
            if (fields.length != 2 || !fields[1].equals("kB")) {
                throw new ProcFileException(file, "line " + lineNumber + " (" + key
                        + ") is not \"<number> kB\": \"" + Lines.excerpt(line) + "\"");
            }
            kb.put(key, Lines.parseCount(file, lineNumber, fields[0], line));
        }
        Long total = kb.get(MEM_TOTAL);
        Long available = kb.get(MEM_AVAILABLE);
        if (total == null) {
            throw new ProcFileException(file, "has no " + MEM_TOTAL + " line");
        }
        if (available == null) {
            throw new ProcFileException(file, "has no " + MEM_AVAILABLE + " line (the kernel is older than 3.14)");
        }
        if (total == 0) {
            throw new ProcFileException(file, MEM_TOTAL + " is 0");
        }
        return new MemInfo(total, available);
    }
}
