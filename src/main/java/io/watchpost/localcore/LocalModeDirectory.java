package io.watchpost.localcore;

import io.watchpost.log.EventLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Local mode's private temporary directory ({@code watchpost-*} under {@code java.io.tmpdir}, mode 0700) and the
 * clean-up of those a killed local mode left behind. Each directory records its owner in {@value #OWNER_FILE}: the
 * process id and the process start time (so a recycled pid is not mistaken for the owner). A later local mode removes
 * a {@code watchpost-*} directory only when it is a real directory (not a link), belongs to this user, holds that
 * file, and the process it names is gone; anything else is left alone.
 */
public final class LocalModeDirectory {
    static final String PREFIX = "watchpost-";
    static final String OWNER_FILE = "watchpost-local.owner";

    private LocalModeDirectory() { }

    /** Creates a fresh private directory in {@code parent} and records this process as its owner. */
    public static Path create(Path parent) throws IOException {
        Path dir = Files.createTempDirectory(parent, PREFIX,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        ProcessHandle self = ProcessHandle.current();
        String owner = self.pid() + " " + self.info().startInstant().map(i -> String.valueOf(i.toEpochMilli()))
                .orElse("-") + "\n";
        Files.writeString(dir.resolve(OWNER_FILE), owner, StandardCharsets.US_ASCII);
        return dir;
    }

    /**
     * Removes the {@code watchpost-*} directories in {@code parent} whose owner process is gone; {@code ours} (this
     * process's own directory) tells which user counts as "this user". Returns the directories removed.
     */
    public static List<Path> removeAbandoned(Path parent, Path ours, EventLog log) {
        UserPrincipal me;
        try {
            me = Files.getOwner(ours, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return List.of();
        }
        List<Path> removed = new java.util.ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path dir : entries) {
                if (!dir.equals(ours) && abandoned(dir, me)) {
                    if (remove(dir)) {
                        removed.add(dir);
                        log.info("local_dir_removed", "dir", dir, "reason", "owner process is gone");
                    } else {
                        log.warn("local_dir_not_removed", "dir", dir, "reason", "could not delete every entry");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("local_dir_cleanup_failed", "dir", parent, "error", e);
        }
        return removed;
    }

    /** Removes a directory tree without following links out of it. Returns whether it is gone. */
    public static boolean remove(Path dir) {
        try (Stream<Path> entries = Files.walk(dir)) {
            entries.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Reported by the directory that stays.
                }
            });
        } catch (IOException | RuntimeException e) {
            // Reported below.
        }
        return !Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean abandoned(Path dir, UserPrincipal me) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !me.equals(Files.getOwner(dir,
                LinkOption.NOFOLLOW_LINKS))) {
            return false;
        }
        Path ownerFile = dir.resolve(OWNER_FILE);
        if (!Files.isRegularFile(ownerFile, LinkOption.NOFOLLOW_LINKS) || Files.size(ownerFile) > 64) {
            return false;
        }
        Optional<Owner> owner = Owner.parse(Files.readString(ownerFile, StandardCharsets.US_ASCII));
        return owner.isPresent() && !owner.get().alive();
    }

    /** The process recorded in a directory: its pid and, when the JDK knew it, its start time. */
    private record Owner(long pid, Optional<Instant> started) {
        static Optional<Owner> parse(String text) {
            String[] f = text.trim().split(" ");
            try {
                long pid = Long.parseLong(f[0]);
                Optional<Instant> started = f.length > 1 && !f[1].equals("-")
                        ? Optional.of(Instant.ofEpochMilli(Long.parseLong(f[1]))) : Optional.empty();
                return pid > 0 ? Optional.of(new Owner(pid, started)) : Optional.empty();
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        boolean alive() {
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isEmpty() || !p.get().isAlive()) {
                return false;
            }
            // A live process with another start time took over the pid: the owner itself is gone.
            Optional<Instant> now = p.get().info().startInstant();
            return started.isEmpty() || now.isEmpty() || now.get().toEpochMilli() == started.get().toEpochMilli();
        }
    }
}
