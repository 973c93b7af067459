package io.watchpost.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads whole /proc files into one growable buffer that is reused from file to file, so that a collection cycle
 * allocates little. /proc files report a size of 0 or 4096 whatever they hold, so the size is never trusted: the
 * reader reads until end of file.
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

    /**
     * @return the content, or empty when the file does not exist (e.g. {@code tcp6} when IPv6 is off)
     * @throws IOException the file exists but could not be read, or is larger than the cap
     *                     ({@link TooLargeException}); the message names the path
     */
    public Optional<ProcBytes> read(Path file) throws IOException {
        int length = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                if (length == buffer.length) {
                    if (buffer.length >= maxBytes) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw new TooLargeException(file, maxBytes);
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min((long) buffer.length * 2, maxBytes));
                }
                int n = in.read(buffer, length, Math.min(buffer.length - length, MAX_READ_REQUEST));
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
}
