package io.watchpost.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Verbatim copies of one machine's files (Linux 6.18, 2 CPUs), taken at the same moment:
 * {@code host/proc/{stat,meminfo,loadavg,uptime,1/net/dev}} and {@code host/sys/class/net/<if>/{operstate,flags}};
 * {@code samples/stat.later} is /proc/stat five seconds later; {@code host/proc/1/net/{if_inet6,fib_trie,route}} were
 * copied later from the same machine (see PROVENANCE.md).
 */
public final class SystemFixtures {
    private SystemFixtures() {
    }

    public static Path resource(String relative) {
        try {
            return Path.of(SystemFixtures.class.getResource("/io/watchpost/proc/system/" + relative).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String text(String relative) {
        try {
            return Files.readString(resource(relative), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A writable copy of {@code host/} (proc and sys side by side) under {@code target}; returns target. */
    public static Path copyHost(Path target) {
        try {
            ProcFixtures.copyTree(resource("host"), target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
