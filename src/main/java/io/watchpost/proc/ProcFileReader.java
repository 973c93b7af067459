package io.watchpost.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads proc and sysfs files under a cap, reusing its buffers from file to file so that a collection cycle allocates
 * little. /proc files report a size of 0 or 4096 whatever they hold, so the size is never trusted: the reader reads
 * until end of file, and refuses a file that goes past its cap.
 *
 * <p>Only regular files are opened. Whether a path is one is asked of the file system first (stat(2), which follows
 * links, as {@code /proc/net -> self/net} needs, and never blocks on the file's content): a FIFO put in place of
 * {@code net/tcp} would otherwise block the read forever.
 *
 * <p>The socket tables, which grow with the connections (100,000 of them are ~16 MB), are read with
 * {@link #readInLines} instead: piece by piece through one fixed 64 KiB buffer, so the memory a collection needs does
 * not grow with the table, nor with a line: a line that does not fit the buffer is skipped and reported as overlong.
 *
 * <p>Not thread-safe. The bytes returned by {@link #read} stay valid until the next call.
 */
public final class ProcFileReader {
    /** The streaming buffer, and so the longest line {@link #readInLines} hands over (kernel rows are ~200 bytes). */
    public static final int MAX_STREAMED_LINE_BYTES = 64 * 1024;
    private static final int INITIAL_CAPACITY = 64 * 1024;
    /** A whole-file buffer grown past this by one large file is given back before the next read. */
    private static final int KEEP_CAPACITY = 1024 * 1024;
    /**
     * Bytes asked for per read(2). sysctl files (e.g. boot_id) allocate a kernel buffer of the requested size and
     * fail with ENOMEM above KMALLOC_MAX_SIZE (4 MiB here), so a buffer grown by a big table must not be offered
     * whole.
     */
    static final int MAX_READ_REQUEST = 64 * 1024;

    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private final byte[] lineBuffer = new byte[MAX_STREAMED_LINE_BYTES];

    /** Receives a file in pieces of whole lines. */
    @FunctionalInterface
    public interface LinePieces {
        /**
         * {@code data[0..length)} holds whole lines, the first of which is line {@code firstLineNumber} (1-based) of the
         * file; only the last piece of a file may end without a newline. The bytes are valid during the call only.
         *
         * @return the number of lines in the piece (each newline ends one; a last line without one counts too)
         */
        int lines(byte[] data, int length, int firstLineNumber);
    }

    /**
     * Whether the file exists as a regular file (links followed).
     *
     * @return false when nothing is there
     * @throws ProcFileException something is there but it is not a regular file (a FIFO, a directory, a device)
     */
    public static boolean isRegularFile(Path file) throws ProcFileException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException | SecurityException e) {
            throw new ProcFileException(file, "cannot be read (" + why(e) + ")", e);
        }
        if (!attributes.isRegularFile()) {
            String kind = attributes.isDirectory() ? "a directory" : "a FIFO, socket or device";
            throw new ProcFileException(file, "is " + kind + ", not a regular file; only regular files are read");
        }
        return true;
    }

    /**
     * Reads a file to its end and hands it over in pieces of whole lines through a fixed buffer. A line longer than
     * {@link #MAX_STREAMED_LINE_BYTES} is reported to {@code problems} as overlong (with its first bytes) and skipped.
     *
     * @return the file's size in bytes, or empty when the file does not exist
     * @throws ProcFileException the file is not a regular file, cannot be read, or is larger than {@code maxBytes}
     */
    public OptionalLong readInLines(Path file, long maxBytes, LinePieces pieces, LineProblems problems)
            throws ProcFileException {
        if (!isRegularFile(file)) {
            return OptionalLong.empty();
        }
        byte[] b = lineBuffer;
        long total = 0;
        int length = 0;
        int lineNumber = 1;
        boolean skipping = false; // inside an overlong line, already reported
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int n = in.read(b, length, b.length - length);
                if (n < 0) {
                    break;
                }
                total += n;
                if (total > maxBytes) {
                    throw tooLarge(file, maxBytes);
                }
                int scanned = length;
                length += n;
                if (skipping) {
                    int newline = indexOf(b, scanned, length, (byte) '\n');
                    if (newline < 0) {
                        length = 0;
                        continue;
                    }
                    skipping = false;
                    lineNumber++;
                    System.arraycopy(b, newline + 1, b, 0, length - newline - 1);
                    length -= newline + 1;
                    scanned = 0;
                }
                int whole = length;
                while (whole > scanned && b[whole - 1] != '\n') {
                    whole--;
                }
                if (whole > scanned) {
                    lineNumber += pieces.lines(b, whole, lineNumber);
                    System.arraycopy(b, whole, b, 0, length - whole);
                    length -= whole;
                } else if (length == b.length) {
                    problems.malformed(lineNumber, b, 0, Lines.EXCERPT_CHARS,
                            "overlong line (" + b.length + " bytes or more)");
                    skipping = true;
                    length = 0;
                }
            }
            if (length > 0 && !skipping) {
                pieces.lines(b, length, lineNumber);
            }
        } catch (NoSuchFileException e) {
            return OptionalLong.empty(); // gone between the check and the open: as if it had not been there
        } catch (ProcFileException e) {
            throw e;
        } catch (IOException | SecurityException e) {
            throw new ProcFileException(file, "cannot be read (" + why(e) + ")", e);
        }
        return OptionalLong.of(total);
    }

    /**
     * @return the content, or empty when the file does not exist (e.g. {@code tcp6} when IPv6 is off)
     * @throws ProcFileException the file is not a regular file, cannot be read, or is larger than {@code maxBytes}
     */
    public Optional<ProcBytes> read(Path file, long maxBytes) throws ProcFileException {
        if (!isRegularFile(file)) {
            return Optional.empty();
        }
        if (buffer.length > KEEP_CAPACITY) {
            buffer = new byte[INITIAL_CAPACITY];
        }
        int length = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                if (length == buffer.length) { // one byte past the cap is room enough to see that the file is over
                    buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, maxBytes + 1));
                }
                int n = in.read(buffer, length, Math.min(buffer.length - length, MAX_READ_REQUEST));
                if (n < 0) {
                    break;
                }
                length += n;
                if (length > maxBytes) {
                    throw tooLarge(file, maxBytes);
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (ProcFileException e) {
            throw e;
        } catch (IOException | SecurityException e) {
            throw new ProcFileException(file, "cannot be read (" + why(e) + ")", e);
        }
        return Optional.of(new ProcBytes(file, buffer, length));
    }

    /**
     * A whole small file as text: the contract of the system files, where a missing or empty file is an error too.
     * The kernel writes them in ASCII; interface names are raw bytes, which ISO-8859-1 keeps one-to-one.
     *
     * @throws ProcFileException naming the file when it is missing, not regular, unreadable, over the cap or empty
     */
    public String readText(Path file, long maxBytes) throws ProcFileException {
        ProcBytes b = read(file, maxBytes).orElseThrow(() -> new ProcFileException(file, "does not exist"));
        if (b.length() == 0) {
            throw new ProcFileException(file, "is empty");
        }
        return new String(b.data(), 0, b.length(), StandardCharsets.ISO_8859_1);
    }

    private static ProcFileException tooLarge(Path file, long maxBytes) {
        return new ProcFileException(file, "larger than " + maxBytes + " bytes, the cap for this file; not a kernel"
                + " table");
    }

    /** The exception's type, and the file system's reason without the path it repeats. */
    static String why(Exception e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return e.getClass().getSimpleName() + ": " + f.getReason();
        }
        return e.getClass().getSimpleName();
    }

    private static int indexOf(byte[] d, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (d[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
