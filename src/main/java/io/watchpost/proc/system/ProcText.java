package io.watchpost.proc.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a whole proc or sysfs file as text. These files report a size of 0 or 4096 whatever they hold, so they are read
 * until end of file under a cap instead of trusting the size.
 */
public final class ProcText {
    /** Enough for /proc/stat of a machine with thousands of CPUs and IRQs; the small files are far below. */
    public static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

    private ProcText() {
    }

    public static String read(Path file) throws ProcFileException {
        return read(file, DEFAULT_MAX_BYTES);
    }

    /** @throws ProcFileException naming the file when it is missing, unreadable, larger than the cap or empty */
    public static String read(Path file, int maxBytes) throws ProcFileException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(maxBytes + 1);
        } catch (NoSuchFileException e) {
            throw new ProcFileException(file, "does not exist", e);
        } catch (IOException e) {
            throw new ProcFileException(file, "cannot be read (" + e.getClass().getSimpleName() + ")", e);
        }
        if (bytes.length > maxBytes) {
            throw new ProcFileException(file, "is larger than " + maxBytes + " bytes");
        }
        if (bytes.length == 0) {
            throw new ProcFileException(file, "is empty");
        }
        // The kernel writes these files in ASCII; interface names are raw bytes, which ISO-8859-1 keeps one-to-one.
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
