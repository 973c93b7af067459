package io.watchpost.proc.system;

import io.watchpost.proc.ProcBytes;
import io.watchpost.proc.ProcFileReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a whole proc or sysfs file as text, through the proc layer's {@link ProcFileReader} (which reads to end of file
 * under a cap, since these files report a size of 0 or 4096 whatever they hold). What this adds is the contract of the
 * system files: a missing or empty file is an error, and every error is a {@link ProcFileException} naming the file.
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
        Optional<ProcBytes> bytes;
        try {
            bytes = new ProcFileReader(maxBytes).read(file);
        } catch (ProcFileReader.TooLargeException e) {
            throw new ProcFileException(file, "is larger than " + maxBytes + " bytes", e);
        } catch (IOException e) {
            // the reader wraps what the file system threw; its type (AccessDeniedException, ...) is what explains it
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ProcFileException(file, "cannot be read (" + cause.getClass().getSimpleName() + ")", e);
        }
        if (bytes.isEmpty()) {
            throw new ProcFileException(file, "does not exist");
        }
        ProcBytes b = bytes.get();
        if (b.length() == 0) {
            throw new ProcFileException(file, "is empty");
        }
        // The kernel writes these files in ASCII; interface names are raw bytes, which ISO-8859-1 keeps one-to-one.
        return new String(b.data(), 0, b.length(), StandardCharsets.ISO_8859_1);
    }
}
