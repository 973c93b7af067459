package io.watchpost.proc;

import io.watchpost.log.EventLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@link ProcRoot#resolve} for one reader of the network tables, plus the WARN when the host's {@code <root>/1/net}
 * cannot be used. Every reader (the network collector, the built-in custom metrics) resolves through its own instance,
 * so all of them apply the same rule and report the fallback with the same event; the warning comes once per root, not
 * once per cycle, and again only after the root has been readable in between or has changed.
 *
 * <p>Not thread-safe on its own: each reader calls it from its single collecting thread.
 */
public final class ProcRootResolver {
    private final EventLog log;
    private final String affected;
    private Path warnedFor;

    /** @param affected what may show the container's network instead of the host's, e.g. "ports and counters" */
    public ProcRootResolver(EventLog log, String affected) {
        this.log = Objects.requireNonNull(log, "log");
        this.affected = Objects.requireNonNull(affected, "affected");
    }

    /** @throws IOException the root does not exist or is not a directory (see {@link ProcRoot#resolve}) */
    public ProcRoot resolve(Path procRoot) throws IOException {
        ProcRoot root = ProcRoot.resolve(procRoot);
        if (!root.netFallback()) {
            warnedFor = null;
        } else if (!procRoot.equals(warnedFor)) {
            warnedFor = procRoot;
            log.warn("proc_host_net_unreadable", "root", procRoot, "wanted", procRoot.resolve("1").resolve("net"),
                    "using", root.netDir(), "meaning",
                    "the host network namespace is not visible; " + affected + " may be this container's own");
        }
        return root;
    }
}
