package io.watchpost.proc;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One proc root in one cycle: hands out its tables, typed, reading each file at most once (a second ask gets the
 * first answer, or the first error). Get one from {@link ProcFs}.
 *
 * <p>Errors follow one convention: a {@link ProcFileException} naming the file and the rule it broke (missing where
 * required, not a regular file, over its cap, unreadable, not the expected content). Lines a table parser skips are
 * not errors: they are counted per file ({@link #skippedLines()}), and the reader decides what they cost.
 */
public final class ProcTables {
    private static final String NO_INTERFACE_NAMES = "IPv4 ports and connections carry no interface name";

    private final ProcFs fs;
    private final Path procRoot;
    private final ProcRoot root;
    private final Map<ProcFile, SkippedLines> skipped = new EnumMap<>(ProcFile.class);
    /** Value, or the ProcFileException of the first try, per table. */
    private final Map<Object, Object> memo = new HashMap<>();

    ProcTables(ProcFs fs, Path procRoot, ProcRoot root) {
        this.fs = fs;
        this.procRoot = procRoot;
        this.root = root;
    }

    /** The root as configured. */
    public Path procRoot() {
        return procRoot;
    }

    /** The root resolved: which network directory is read, and why when it is not the one wanted. */
    public ProcRoot root() {
        return root;
    }

    /** Where a file of this root is. */
    public Path file(ProcFile file) {
        return file.in(root);
    }

    /**
     * The directory the tables and counters are read from (e.g. {@code /host/proc/1/net}), absolute and normalised,
     * so the same directory configured as {@code /host/proc} or {@code /host/proc/} is one source.
     */
    public String networkSource() {
        return root.netDir().toAbsolutePath().normalize().toString();
    }

    /**
     * Streams a socket table ({@link ProcFile#TCP}, {@code TCP6}, {@code UDP}, {@code UDP6}) row by row, in one
     * pass and a fixed buffer; malformed lines (an empty file included) go to {@link #skippedLines()}.
     *
     * @param wantedStates {@link SocketTableParser#states} of the rows to visit, or {@link SocketTableParser#ANY_STATE}
     * @return the table's size in bytes, or empty when it does not exist
     * @throws ProcFileException not a regular file, unreadable, or over {@link ProcFile#maxBytes()}
     */
    public OptionalLong socketTable(ProcFile table, long wantedStates, SocketRowVisitor visitor)
            throws ProcFileException {
        if (!table.isSocketTable()) {
            throw new IllegalArgumentException(table + " is not a socket table");
        }
        boolean ipv6 = table.isIpv6SocketTable();
        LineProblems problems = skipped(table);
        synchronized (fs) {
            OptionalLong size = fs.reader.readInLines(file(table), table.maxBytes(),
                    (data, length, firstLine) -> fs.socketParser.parseLines(data, length, firstLine, ipv6,
                            wantedStates, visitor, problems), problems);
            if (size.isPresent() && size.getAsLong() == 0) {
                fs.socketParser.parse(new byte[0], 0, ipv6, visitor, problems); // names what an empty table is
            }
            return size;
        }
    }

    /**
     * {@code net/dev}, every interface.
     *
     * @throws ProcFileException missing (every kernel with networking has it), not regular, unreadable, over its cap
     */
    public List<NetDevRow> netDev() throws ProcFileException {
        return once(ProcFile.NET_DEV, () -> {
            Path file = file(ProcFile.NET_DEV);
            ProcBytes b = fs.reader.read(file, ProcFile.NET_DEV.maxBytes()).orElseThrow(() -> new ProcFileException(
                    file, "does not exist; every Linux kernel with networking has this table"));
            return NetDevParser.parse(b.data(), b.length(), skipped(ProcFile.NET_DEV));
        });
    }

    /**
     * The host's own addresses and their interfaces, from {@code if_inet6}, {@code fib_trie} and {@code route} (see
     * {@link InterfaceAddresses}). A missing {@code if_inet6} means no IPv6. A missing or empty {@code fib_trie} or
     * {@code route} leaves the IPv4 addresses without owner: warned once per file by {@link ProcFs}.
     *
     * @throws ProcFileException a file is there but not regular, unreadable or over its cap
     */
    public InterfaceAddresses interfaceAddresses() throws ProcFileException {
        return once(InterfaceAddresses.class, () -> {
            List<IfInet6Row> v6 = List.of();
            Optional<ProcBytes> ifInet6 = read(ProcFile.IF_INET6);
            if (ifInet6.isPresent()) {
                ProcBytes b = ifInet6.get();
                v6 = IfInet6Parser.parse(b.data(), b.length(), skipped(ProcFile.IF_INET6));
            }
            int[] local4 = new int[0];
            Optional<ProcBytes> fibTrie = read(ProcFile.FIB_TRIE);
            addressTablePresence(ProcFile.FIB_TRIE, fibTrie, "no IPv4 address of this host is known; "
                    + NO_INTERFACE_NAMES);
            if (fibTrie.isPresent()) {
                ProcBytes b = fibTrie.get();
                local4 = FibTrieParser.parseLocalAddresses(b.data(), b.length(), skipped(ProcFile.FIB_TRIE));
            }
            memo.put(IPV4_KNOWN, fibTrie.isPresent() && fibTrie.get().length() > 0);
            List<Ipv4Route> routes = List.of();
            Optional<ProcBytes> route = read(ProcFile.ROUTE);
            addressTablePresence(ProcFile.ROUTE, route, "no IPv4 address has an owner; " + NO_INTERFACE_NAMES);
            if (route.isPresent() && route.get().length() > 0) {
                ProcBytes b = route.get();
                routes = RouteParser.parse(b.data(), b.length(), fs.kernelByteOrder(), skipped(ProcFile.ROUTE));
            }
            return InterfaceAddresses.of(v6, local4, routes);
        });
    }

    private static final Object IPV4_KNOWN = new Object();

    /**
     * Whether {@code fib_trie} was there and not empty when {@link #interfaceAddresses()} read it: without it the
     * IPv4 addresses are unknown rather than absent (every kernel with IPv4 has it).
     */
    public boolean ipv4AddressesKnown() throws ProcFileException {
        interfaceAddresses();
        return Boolean.TRUE.equals(memo.get(IPV4_KNOWN));
    }

    private void addressTablePresence(ProcFile table, Optional<ProcBytes> bytes, String effect) {
        String state = bytes.isEmpty() ? "missing" : bytes.get().length() == 0 ? "empty" : null;
        fs.addressTableMissing(file(table), state, effect);
    }

    /**
     * {@code sys/kernel/random/boot_id}: per boot, not per network namespace, so under the root itself.
     *
     * @throws ProcFileException missing, unreadable, or not a UUID
     */
    public String bootId() throws ProcFileException {
        return once(ProcFile.BOOT_ID, () -> {
            Path file = file(ProcFile.BOOT_ID);
            ProcBytes b = read(ProcFile.BOOT_ID).orElseThrow(() -> new ProcFileException(file, "does not exist"));
            return BootId.parse(b.data(), b.length()).orElseThrow(() -> new ProcFileException(file,
                    "is not a boot id (36 characters of a UUID and a newline)"));
        });
    }

    /** The aggregate {@code cpu} line of {@code stat}. */
    public CpuTimes cpuTimes() throws ProcFileException {
        return once(ProcFile.STAT, () -> StatFile.parse(file(ProcFile.STAT), text(ProcFile.STAT)));
    }

    public MemInfo memInfo() throws ProcFileException {
        return once(ProcFile.MEMINFO, () -> MemInfoFile.parse(file(ProcFile.MEMINFO), text(ProcFile.MEMINFO)));
    }

    public LoadAverage loadAverage() throws ProcFileException {
        return once(ProcFile.LOADAVG, () -> LoadAverageFile.parse(file(ProcFile.LOADAVG), text(ProcFile.LOADAVG)));
    }

    /** Seconds since boot, as the kernel prints them (two decimals). */
    public BigDecimal uptimeSeconds() throws ProcFileException {
        return once(ProcFile.UPTIME, () -> UptimeFile.parse(file(ProcFile.UPTIME), text(ProcFile.UPTIME)));
    }

    /** Processes (not threads) in the root's pid namespace; see {@link ProcessCount}. */
    public long processCount() throws ProcFileException {
        return once(ProcessCount.class, () -> ProcessCount.count(procRoot));
    }

    /** Where sysfs is for this root: beside it, else {@code /sys} (see {@link SysClassNet#sysRootFor}). */
    public Path sysRoot() {
        return fs.sysRootFor(procRoot);
    }

    /** {@code <sysRoot>/class/net}: a directory per interface of the namespace sysfs was mounted in. */
    public Path sysClassNetDir() {
        return sysRoot().resolve("class/net");
    }

    /** Names of the interfaces under {@code <sysRoot>/class/net}, sorted. */
    public Set<String> sysfsInterfaceNames() throws ProcFileException {
        return once(SysClassNet.class, () -> SysClassNet.names(sysRoot()));
    }

    /** The state of one interface from sysfs. */
    public LinkState linkState(String name) throws ProcFileException {
        return once("link:" + name, () -> {
            synchronized (fs) {
                return SysClassNet.read(fs.reader, sysRoot(), name);
            }
        });
    }

    /** The files in which lines were skipped this cycle, in the order they were read. */
    public List<SkippedLines> skippedLines() {
        List<SkippedLines> out = new ArrayList<>();
        for (SkippedLines s : skipped.values()) {
            if (s.count() > 0) {
                out.add(s);
            }
        }
        return out;
    }

    /** The lines skipped in one file this cycle (none when it was not read). */
    public SkippedLines skippedLines(ProcFile file) {
        return skipped(file);
    }

    private SkippedLines skipped(ProcFile file) {
        return skipped.computeIfAbsent(file, f -> new SkippedLines(file(f)));
    }

    private Optional<ProcBytes> read(ProcFile file) throws ProcFileException {
        return fs.reader.read(file(file), file.maxBytes());
    }

    private String text(ProcFile file) throws ProcFileException {
        return fs.reader.readText(file(file), file.maxBytes());
    }

    @FunctionalInterface
    private interface Read<T> {
        T get() throws ProcFileException;
    }

    @SuppressWarnings("unchecked")
    private <T> T once(Object key, Read<T> read) throws ProcFileException {
        Object v = memo.get(key);
        if (v == null) {
            synchronized (fs) {
                try {
                    v = read.get();
                } catch (ProcFileException e) {
                    v = e;
                }
            }
            memo.put(key, v);
        }
        if (v instanceof ProcFileException e) {
            throw e;
        }
        return (T) v;
    }
}
