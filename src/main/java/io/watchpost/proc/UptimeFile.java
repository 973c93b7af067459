package io.watchpost.proc;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** {@code /proc/uptime}: {@code <seconds since boot> <idle seconds summed over CPUs>}; only the first field is used. */
public final class UptimeFile {
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,6})?");

    private UptimeFile() {
    }


    /** @return seconds since boot, as the kernel prints them (two decimals) */
    public static BigDecimal parse(Path file, String text) throws ProcFileException {
        String line = Lines.first(text);
        String[] fields = Lines.fields(line);
        if (fields.length < 2 || !DECIMAL.matcher(fields[0]).matches()) {
            throw new ProcFileException(file, "is not \"<uptime seconds> <idle seconds>\": \"" + Lines.excerpt(line)
                    + "\"");
        }
        return new BigDecimal(fields[0]);
    }
}
