package io.watchpost.proc;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * {@code /proc/loadavg}: {@code 0.60 0.21 0.07 7/146 5732}. The fourth field ({@code running/total}) counts kernel
 * scheduling entities, i.e. threads, not processes, so it is not used for a process count.
 */
public final class LoadAverageFile {
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,6})?");

    private LoadAverageFile() {
    }


    /** @param file only used to name the file in errors */
    public static LoadAverage parse(Path file, String text) throws ProcFileException {
        String line = Lines.first(text);
        String[] fields = Lines.fields(line);
        if (fields.length < 3) {
            throw new ProcFileException(file, "has " + fields.length + " fields, at least 3 expected (1, 5 and 15"
                    + " minute averages): \"" + Lines.excerpt(line) + "\"");
        }
        BigDecimal[] v = new BigDecimal[3];
        for (int i = 0; i < 3; i++) {
            if (!DECIMAL.matcher(fields[i]).matches()) {
                throw new ProcFileException(file, "field " + (i + 1) + " \"" + Lines.excerpt(fields[i])
                        + "\" is not a decimal number: \"" + Lines.excerpt(line) + "\"");
            }
            v[i] = new BigDecimal(fields[i]);
        }
        return new LoadAverage(v[0], v[1], v[2]);
    }
}
