package io.watchpost.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where /proc is mounted, and which directory holds the network tables seen through it.
 *
 * <p>A container sees its own network namespace under {@code <root>/net}. When the host's /proc is mounted somewhere
 * else, {@code <root>/1/net} is the namespace of the host's init process, i.e. the host's network, so that is read
 * instead. When it cannot be read (no permission, pid 1 not visible: {@code 1/net} is no directory or its {@code dev}
 * cannot be read) the container's own {@code <root>/net} is used and
 * {@link #netFallback()} says so; {@link ProcRootResolver} reports that for every reader of the network tables.
 *
 * @param root        the proc mount point
 * @param netDir      the directory holding {@code tcp}, {@code dev}, ...
 * @param netFallback true when {@code <root>/1/net} was wanted but unreadable, so {@code <root>/net} is used
 */
public record ProcRoot(Path root, Path netDir, boolean netFallback) {
    private static final Path SYSTEM_PROC = Path.of("/proc");

    public ProcRoot {
        Objects.requireNonNull(root);
        Objects.requireNonNull(netDir);
    }

    /**
     * Checks that the root is a directory and chooses the network directory.
     *
     * @throws NoSuchFileException   the root does not exist (message names it)
     * @throws NotDirectoryException the root is not a directory
     */
    public static ProcRoot resolve(Path root) throws IOException {
        if (!Files.exists(root)) {
            throw new NoSuchFileException(root.toString(), null, "proc root does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new NotDirectoryException(root.toString());
        }
        Path ownNet = root.resolve("net");
        if (root.toAbsolutePath().normalize().equals(SYSTEM_PROC)) {
            return new ProcRoot(root, ownNet, false);
        }
        Path hostNet = root.resolve("1").resolve("net");
        if (Files.isDirectory(hostNet) && readableOrAbsent(hostNet.resolve("dev"))) {
            return new ProcRoot(root, hostNet, false);
        }
        return new ProcRoot(root, ownNet, true);
    }

    /** A file of the network directory, e.g. {@code net("tcp6")}. */
    public Path net(String name) {
        return netDir.resolve(name);
    }

    /** {@code sys/kernel/random/boot_id}: per boot, not per namespace, so always directly under the root. */
    public Path bootIdFile() {
        return root.resolve("sys").resolve("kernel").resolve("random").resolve("boot_id");
    }

    /**
     * Probes by reading, not by {@link Files#isReadable}: access(2) does not see the ptrace-based checks of
     * /proc/&lt;pid&gt;. An absent file is not a permission problem: then the caller reports the missing table.
     */
    private static boolean readableOrAbsent(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            in.read();
            return true;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }
}
