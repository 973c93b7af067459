package io.watchpost.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads whole /proc files into one growable buffer that is reused from file to file, so that a collection cycle
 * allocates little. /proc files report a size of 0 or 4096 whatever they hold, so the size is never trusted: the
 * reader reads until end of file.
 *
 * <p>The socket tables, which grow with the connections (100,000 of them are ~16 MB), are read with
 * {@link #readInLines} instead: piece by piece through the same 64 KiB buffer, so the memory a collection needs does
 * not grow with the table.
 *
 * <p>Not thread-safe: one reader per collector. The bytes returned by {@link #read} stay valid until the next call.
 */
public final class ProcFileReader {
    /** Far above any real table (100,000 sockets of tcp6 are ~17 MB) yet bounded, so a broken mount cannot eat memory. */
    public static final int DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
    private static final int INITIAL_CAPACITY = 64 * 1024;
    /**
     * Bytes asked for per read(2). sysctl files (e.g. boot_id) allocate a kernel buffer of the requested size and
     * fail with ENOMEM above KMALLOC_MAX_SIZE (4 MiB here), so a buffer grown by a big table must not be offered
     * whole.
     */
    static final int MAX_READ_REQUEST = 64 * 1024;

    private final int maxBytes;
    private byte[] buffer;

    public ProcFileReader() {
        this(DEFAULT_MAX_BYTES);
    }

    public ProcFileReader(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.buffer = new byte[Math.min(INITIAL_CAPACITY, maxBytes)];
    }

    /** The file holds more than the cap: not the proc table it was expected to be. */
    public static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(Path file, int maxBytes) {
            super(file + ": larger than " + maxBytes + " bytes; not a proc table");
        }
    }

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
     * Reads a file to its end and hands it over in pieces of whole lines, reusing one buffer: it grows only when a
     * single line does not fit (never for kernel tables, whose lines are at most ~200 bytes).
     *
     * @return the file's size in bytes, or empty when the file does not exist
     * @throws IOException the file exists but could not be read, or is larger than the cap
     *                     ({@link TooLargeException}); the message names the path
     */
    public OptionalLong readInLines(Path file, LinePieces pieces) throws IOException {
        long total = 0;
        int length = 0;
        int lineNumber = 1;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int n = readMore(in, file, length); // grows the buffer only when one line fills it
                if (n < 0) {
                    break;
                }
                total += n;
                if (total > maxBytes) {
                    throw new TooLargeException(file, maxBytes);
                }
                int scanned = length;
                length += n;
                int whole = length;
                while (whole > scanned && buffer[whole - 1] != '\n') {
                    whole--;
                }
                if (whole > scanned) { // a newline arrived: hand over every whole line, keep the partial tail
                    lineNumber += pieces.lines(buffer, whole, lineNumber);
                    System.arraycopy(buffer, whole, buffer, 0, length - whole);
                    length -= whole;
                }
            }
            if (length > 0) {
                pieces.lines(buffer, length, lineNumber);
            }
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (TooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        }
        return OptionalLong.of(total);
    }

    /**
     * @return the content, or empty when the file does not exist (e.g. {@code tcp6} when IPv6 is off)
     * @throws IOException the file exists but could not be read, or is larger than the cap
     *                     ({@link TooLargeException}); the message names the path
     */
    public Optional<ProcBytes> read(Path file) throws IOException {
        int length = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int n = readMore(in, file, length);
                if (n < 0) {
                    break;
                }
                length += n;
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (TooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(file + ": cannot read: " + e.getMessage(), e);
        }
        return Optional.of(new ProcBytes(file, buffer, length));
    }

    /**
     * Reads one request into {@code buffer[length..]}, first doubling the buffer (up to the cap) when it is full.
     *
     * @return the bytes read, or -1 at the end of the file
     * @throws TooLargeException the buffer is at the cap and the file goes on
     */
    private int readMore(InputStream in, Path file, int length) throws IOException {
        if (length == buffer.length) {
            if (buffer.length >= maxBytes) { // the file holds maxBytes already: at its end, or too large
                if (in.read() < 0) {
                    return -1;
                }
                throw new TooLargeException(file, maxBytes);
            }
            buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, maxBytes));
        }
        return in.read(buffer, length, Math.min(buffer.length - length, MAX_READ_REQUEST));
    }
}
