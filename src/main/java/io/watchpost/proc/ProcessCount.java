package io.watchpost.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Counts processes as the numeric directories directly under the proc root ({@code /proc/<pid>}): one per process
 * (thread group) of the pid namespace the proc file system was mounted for. Threads appear only under
 * {@code /proc/<pid>/task}, so they are not counted; the {@code 7/146} field of {@code loadavg} counts threads, which is
 * why it is not used.
 */
public final class ProcessCount {
    private ProcessCount() {
    }

    public static long count(Path procRoot) throws ProcFileException {
        long n = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(procRoot)) {
            for (Path entry : entries) {
                // A process that exits between listing and this check is no longer a directory: not counted.
                if (isPid(entry.getFileName().toString()) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    n++;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new ProcFileException(procRoot, "cannot be listed (" + e.getClass().getSimpleName() + ")", e);
        }
        return n;
    }

    static boolean isPid(String name) {
        return !name.isEmpty() && name.length() <= 10 && name.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
