package io.watchpost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files one Watchpost report reads, resolved the way docs/reports.md says: under {@code /proc} the process's own
 * {@code net/}; under any other root the host's namespace at {@code <root>/1/net/}, else {@code <root>/net/}.
 */
final class ProcFiles {
    static final List<String> NET_FILES = List.of("tcp", "tcp6", "udp", "udp6", "dev", "if_inet6", "fib_trie", "route");

    private ProcFiles() {
    }

    static List<Path> of(Path root) {
        Path net = root.resolve("net");
        if (!root.equals(Path.of("/proc")) && Files.isReadable(root.resolve("1/net/tcp"))) {
            net = root.resolve("1/net");
        }
        Path netDir = net;
        List<Path> files = new ArrayList<>(NET_FILES.stream().map(netDir::resolve).toList());
        files.add(root.resolve("sys/kernel/random/boot_id"));
        return List.copyOf(files);
    }
}
