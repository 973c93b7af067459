package io.watchpost.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where /proc is mounted, and which directory holds the network tables seen through it.
 *
 * <p>A container sees its own network namespace under {@code <root>/net}. When the host's /proc is mounted somewhere
 * else, {@code <root>/1/net} is the namespace of the host's init process, i.e. the host's network, so that is read
 * instead. When it cannot be read (no permission, pid 1 not visible: {@code 1/net} is no directory or its {@code dev}
 * cannot be read) the container's own {@code <root>/net} is used and {@link #netRefused()} says why; {@link ProcFs}
 * reports that once for every reader of the network tables.
 *
 * @param root        the proc mount point
 * @param netDir      the directory holding {@code tcp}, {@code dev}, ...
 * @param netRefused  null when {@code netDir} is the one wanted; otherwise why {@code <root>/1/net} was refused (the
 *                    file and the rule, e.g. {@code /host/proc/1/net/dev: is a FIFO ...}), so {@code <root>/net} is used
 * @param refusedFile the file {@code netRefused} names, or null
 */
public record ProcRoot(Path root, Path netDir, String netRefused, Path refusedFile) {
    private static final Path SYSTEM_PROC = Path.of("/proc");

    public ProcRoot {
        Objects.requireNonNull(root);
        Objects.requireNonNull(netDir);
    }

    /** True when {@code <root>/1/net} was wanted but unreadable, so {@code <root>/net} is used. */
    public boolean netFallback() {
        return netRefused != null;
    }

    /**
     * Checks that the root is a directory and chooses the network directory.
     *
     * @throws ProcFileException the root does not exist or is not a directory (message names it)
     */
    public static ProcRoot resolve(Path root) throws ProcFileException {
        if (!Files.exists(root)) {
            throw new ProcFileException(root, "does not exist; expected a proc root such as /proc");
        }
        if (!Files.isDirectory(root)) {
            throw new ProcFileException(root, "is not a directory; expected a proc root such as /proc");
        }
        Path ownNet = root.resolve("net");
        if (root.toAbsolutePath().normalize().equals(SYSTEM_PROC)) {
            return new ProcRoot(root, ownNet, null, null);
        }
        Path hostNet = root.resolve("1").resolve("net");
        if (!Files.isDirectory(hostNet)) {
            return new ProcRoot(root, ownNet, hostNet + ": is not a readable directory", hostNet);
        }
        Path hostDev = ProcFile.NET_DEV.in(new ProcRoot(root, hostNet, null, null));
        String refused = unreadable(hostDev);
        return refused == null ? new ProcRoot(root, hostNet, null, null) : new ProcRoot(root, ownNet, refused, hostDev);
    }

    /**
     * Probes by reading, not by {@link Files#isReadable}: access(2) does not see the ptrace-based checks of
     * /proc/&lt;pid&gt;. An absent file is not a permission problem: then the caller reports the missing table.
     *
     * @return null when the file can be read or is absent, else the file and why not
     */
    private static String unreadable(Path file) {
        try {
            if (!ProcFileReader.isRegularFile(file)) {
                return null;
            }
            try (InputStream in = Files.newInputStream(file)) {
                in.read();
                return null;
            }
        } catch (ProcFileException e) {
            return e.getMessage();
        } catch (IOException | SecurityException e) {
            return file + ": cannot be read (" + ProcFileReader.why(e) + ")";
        }
    }
}
