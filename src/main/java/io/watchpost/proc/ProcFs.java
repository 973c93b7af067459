package io.watchpost.proc;

import io.watchpost.log.EventLog;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The proc layer of one component: opens a proc root for a cycle ({@link ProcTables}), and keeps what outlives a
 * cycle: the read buffers, and the warnings that are given once per root rather than once per cycle (the host's
 * network namespace not visible; an address table missing or empty).
 *
 * <p>The readers of one cycle (the network collector, the built-in custom metrics) share its tables: each asks with
 * its own {@link Reader}, and gets the tables another reader opened for the same root, until it asks a second time,
 * which begins the next cycle. So a file is read at most once per cycle, and a reader never sees the previous cycle's
 * values.
 *
 * <p>Thread-safe; the tables of a cycle are meant for the one thread that runs the cycle.
 */
public final class ProcFs {
    private final EventLog log;
    private final ByteOrder kernelByteOrder;
    private final Function<Path, Path> sysRootForProcRoot;
    final ProcFileReader reader = new ProcFileReader();
    final SocketTableParser socketParser;
    private ProcTables current;
    private final Set<Reader> served = new HashSet<>();
    private Path fallbackWarnedFor;
    private final Set<Path> missingWarned = new HashSet<>();

    /** One reader of the proc root, e.g. the network collector. */
    public static final class Reader {
        private final String name;

        private Reader(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public ProcFs(EventLog log) {
        this(log, ByteOrder.nativeOrder(), SysClassNet::sysRootFor);
    }

    /**
     * @param kernelByteOrder    byte order of the kernel that wrote the files (tests replay captures of other hosts)
     * @param sysRootForProcRoot where sysfs is for a proc root (default {@link SysClassNet#sysRootFor})
     */
    public ProcFs(EventLog log, ByteOrder kernelByteOrder, Function<Path, Path> sysRootForProcRoot) {
        this.log = Objects.requireNonNull(log, "log");
        this.kernelByteOrder = Objects.requireNonNull(kernelByteOrder, "kernelByteOrder");
        this.sysRootForProcRoot = Objects.requireNonNull(sysRootForProcRoot, "sysRootForProcRoot");
        this.socketParser = new SocketTableParser(kernelByteOrder);
    }

    /** A new reader; {@code name} is only for diagnostics. */
    public Reader reader(String name) {
        return new Reader(name);
    }

    /**
     * The tables of this cycle for {@code reader}: those another reader opened for the same root this cycle, or new
     * ones when there are none or {@code reader} already had them.
     *
     * @throws ProcFileException the root does not exist or is not a directory
     */
    public synchronized ProcTables tables(Path procRoot, Reader reader) throws ProcFileException {
        Objects.requireNonNull(reader, "reader");
        if (current == null || !current.procRoot().equals(procRoot) || served.contains(reader)) {
            current = open(procRoot);
            served.clear();
        }
        served.add(reader);
        return current;
    }

    /** Fresh tables of a root, shared with nobody. */
    public synchronized ProcTables open(Path procRoot) throws ProcFileException {
        ProcRoot root = ProcRoot.resolve(procRoot);
        if (!root.netFallback()) {
            fallbackWarnedFor = null;
        } else if (!procRoot.equals(fallbackWarnedFor)) {
            fallbackWarnedFor = procRoot;
            log.warn("proc_host_net_unreadable", "root", procRoot, "wanted", procRoot.resolve("1").resolve("net"),
                    "refused", root.netRefused(), "using", root.netDir(), "meaning", "the host network namespace is"
                            + " not visible; ports, connections, counters and the network built-in metrics may be"
                            + " this container's own");
        }
        return new ProcTables(this, procRoot, root);
    }

    ByteOrder kernelByteOrder() {
        return kernelByteOrder;
    }

    Path sysRootFor(Path procRoot) {
        return sysRootForProcRoot.apply(procRoot);
    }

    /**
     * Whether an address table ({@code net/route}, {@code net/fib_trie}) is there: when it is missing or empty
     * ({@code state}; null when present) WARN once for the file, again only after it has been present in between.
     */
    synchronized void addressTableMissing(Path file, String state, String effect) {
        if (state != null) {
            if (missingWarned.add(file)) {
                log.warn("interface_table_missing", "file", file, "state", state, "effect", effect);
            }
        } else {
            missingWarned.remove(file);
        }
    }
}
