package io.watchpost.collect;

import io.watchpost.log.EventLog;
import io.watchpost.proc.InterfaceAddresses;
import io.watchpost.proc.NetDevRow;
import io.watchpost.proc.ProcFile;
import io.watchpost.proc.ProcFileException;
import io.watchpost.proc.ProcFs;
import io.watchpost.proc.ProcTables;
import io.watchpost.proc.SkippedLines;
import io.watchpost.proc.SocketRowVisitor;
import io.watchpost.proc.SocketTableParser;
import io.watchpost.proc.SysClassNet;
import io.watchpost.proc.TcpState;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Reads the network state from a proc root by the rules of docs/reports.md ("The rules"):
 * <ul>
 *   <li>TCP listeners: {@code tcp}/{@code tcp6} rows in LISTEN; established: rows in ESTABLISHED.</li>
 *   <li>UDP listeners: {@code udp}/{@code udp6} rows with an all-zero remote address and remote port 0 (a connected
 *       UDP socket is a client, not a listener).</li>
 *   <li>Interface of a socket: the owner of its local address per {@link InterfaceAddresses}; wildcard or unowned
 *       addresses have none.</li>
 *   <li>Interfaces: every {@code net/dev} row; loopback means the name {@code lo}. (A second loopback-type device
 *       cannot be told from /proc/net alone; its type is in /sys, which a host proc mount does not bring along.)</li>
 * </ul>
 * Required: the root, {@code tcp} and {@code dev}. Missing {@code tcp6}/{@code udp6} means IPv6 is off. Missing or
 * unreadable address tables only cost the interface names (logged). Malformed lines are skipped, counted and logged
 * once per file per cycle.
 *
 * <p>Memory does not grow with the tables past a bound: the tables are streamed, and the distinct-connection set holds
 * at most {@link #MAX_DISTINCT_CONNECTIONS} keys (past it the total is an upper bound, flagged not exact, and a WARN
 * says so once), the destination set at most {@link #MAX_DESTINATIONS}.
 *
 * <p>Reads through a {@link ProcFs}, sharing each cycle's tables with the other readers of the same {@code ProcFs}.
 * The distinct-connection tables are reused across cycles, so calls are serialised.
 */
public final class ProcNetworkCollector implements NetworkCollector {
    /**
     * Distinct established connections counted exactly: ~40 bytes each, so ~10 MB at the bound, which the recipe's
     * 64 MB heap holds beside everything else; a gateway's 200,000 connections are still counted exactly.
     */
    public static final int MAX_DISTINCT_CONNECTIONS = 1 << 18;
    /**
     * Distinct remote addresses kept for Detect's destination rules: far more peers than a device talks to, and a set
     * small enough to stay in the CPU caches, so that collecting it costs next to nothing (at 65,536 a gateway with
     * 100,000 distinct peers spent more on this set than on the rest of the collection).
     */
    public static final int MAX_DESTINATIONS = 1 << 14;

    private final EventLog log;
    private final ProcFs proc;
    private final ProcFs.Reader reader;
    private final int maxDistinct;
    private final int maxDestinations;
    /** The distinct-connection table, kept between cycles: at 100,000 connections it is ~6 MB, rebuilt each time. */
    private final PackedKeySet connectionKeys = new PackedKeySet();
    private final PackedKeySet destinationKeys = new PackedKeySet();
    private boolean warnedInexact;

    public ProcNetworkCollector(EventLog log) {
        this(new ProcFs(log), log);
    }

    /** @param proc the proc layer shared with the other readers of a cycle (the built-in custom metrics) */
    public ProcNetworkCollector(ProcFs proc, EventLog log) {
        this(proc, log, MAX_DISTINCT_CONNECTIONS, MAX_DESTINATIONS);
    }

    /** @param kernelByteOrder byte order of the kernel that wrote the files (tests replay captures of other hosts) */
    ProcNetworkCollector(EventLog log, ByteOrder kernelByteOrder) {
        this(new ProcFs(log, kernelByteOrder, SysClassNet::sysRootFor), log);
    }

    /** With other bounds, for tests that cross them at a small size. */
    ProcNetworkCollector(ProcFs proc, EventLog log, int maxDistinct, int maxDestinations) {
        this.proc = Objects.requireNonNull(proc, "proc");
        this.log = Objects.requireNonNull(log, "log");
        this.reader = proc.reader("network collector");
        this.maxDistinct = maxDistinct;
        this.maxDestinations = maxDestinations;
    }

    @Override
    public NetworkSnapshot collect(Path procRoot, int retainLimit) throws CollectException {
        return collect(procRoot, retainLimit, retainLimit);
    }

    @Override
    public synchronized NetworkSnapshot collect(Path procRoot, int retainLimit, int connectionRetainLimit)
            throws CollectException {
        if (retainLimit < 0 || connectionRetainLimit < 0) {
            throw new IllegalArgumentException("retain limits must be >= 0: " + retainLimit + ", "
                    + connectionRetainLimit);
        }
        ProcTables tables;
        try {
            tables = proc.tables(procRoot, reader);
        } catch (ProcFileException e) {
            throw new CollectException(e.file(), "cannot use as proc root: " + e.problem(), e);
        }
        try {
            InterfaceAddresses addresses = readAddresses(tables);
            List<String> names = addresses.names();
            PortAccumulator tcpListeners = new PortAccumulator(names, retainLimit);
            PortAccumulator udpListeners = new PortAccumulator(names, retainLimit);
            connectionKeys.clear();
            destinationKeys.clear();
            ConnectionAccumulator established = new ConnectionAccumulator(names, connectionRetainLimit,
                    connectionKeys, maxDistinct, destinationKeys, maxDestinations);

            LocalOwners owners = new LocalOwners(addresses);
            SocketRowVisitor tcp = (local, localPort, remote, remotePort, state) -> {
                if (state == TcpState.LISTEN.code()) {
                    tcpListeners.add(localPort, owners.of(local));
                } else if (state == TcpState.ESTABLISHED.code()) {
                    established.add(remote, remotePort, localPort, owners.of(local));
                }
            };
            SocketRowVisitor udp = (local, localPort, remote, remotePort, state) -> {
                if (remotePort == 0 && isZero(remote)) {
                    udpListeners.add(localPort, owners.of(local));
                }
            };
            readSockets(tables, SocketTable.TCP, tcp);
            readSockets(tables, SocketTable.TCP6, tcp);
            readSockets(tables, SocketTable.UDP, udp);
            readSockets(tables, SocketTable.UDP6, udp);
            List<InterfaceCounters> interfaces = readDev(tables);
            String bootId = readBootId(tables);
            Bounded<TcpConnection> connections = established.result();
            noteExactness(tables, connections);
            return new NetworkSnapshot(bootId, tables.networkSource(), tcpListeners.result(), udpListeners.result(),
                    connections, interfaces, skippedTotal(tables), tcpListeners.ports(), udpListeners.ports(),
                    established.destinations());
        } finally {
            logSkipped(tables);
        }
    }

    private void noteExactness(ProcTables tables, Bounded<TcpConnection> connections) {
        if (connections.exact()) {
            warnedInexact = false;
        } else if (!warnedInexact) {
            warnedInexact = true;
            log.warn("connections_total_inexact", "root", tables.procRoot(), "bound", maxDistinct, "total",
                    connections.total(), "meaning", "more distinct established connections than can be counted"
                            + " exactly in bounded memory; the connections total is an upper bound");
        }
    }

    private static int skippedTotal(ProcTables tables) {
        int total = 0;
        for (SkippedLines s : tables.skippedLines()) {
            total += s.count();
        }
        return total;
    }

    private void logSkipped(ProcTables tables) {
        for (SkippedLines s : tables.skippedLines()) {
            log.warn("proc_lines_skipped", "file", s.file(), "skipped", s.count(), "first_line", s.firstLine(),
                    "reason", s.firstReason(), "text", s.firstText());
        }
    }

    private InterfaceAddresses readAddresses(ProcTables tables) {
        try {
            return tables.interfaceAddresses();
        } catch (ProcFileException e) {
            log.warn("interface_addresses_unreadable", "dir", tables.root().netDir(), "error", e.getMessage(),
                    "effect", "ports and connections are reported without interface names");
            return InterfaceAddresses.of(List.of(), new int[0], List.of());
        }
    }

    private static final long TCP_STATES_USED = SocketTableParser.states(TcpState.LISTEN, TcpState.ESTABLISHED);

    /** The socket tables, and what their absence means. */
    private enum SocketTable {
        TCP(ProcFile.TCP, Absence.FATAL, TCP_STATES_USED),
        TCP6(ProcFile.TCP6, Absence.IPV6_OFF, TCP_STATES_USED),
        UDP(ProcFile.UDP, Absence.WARN, SocketTableParser.ANY_STATE),
        UDP6(ProcFile.UDP6, Absence.IPV6_OFF, SocketTableParser.ANY_STATE);

        enum Absence { FATAL, WARN, IPV6_OFF }

        final ProcFile file;
        final Absence absence;
        /** Rows in other states are skipped by the parser before their addresses are read. */
        final long wantedStates;

        SocketTable(ProcFile file, Absence absence, long wantedStates) {
            this.file = file;
            this.absence = absence;
            this.wantedStates = wantedStates;
        }
    }

    private void readSockets(ProcTables tables, SocketTable table, SocketRowVisitor visitor)
            throws CollectException {
        Path file = tables.file(table.file);
        OptionalLong size;
        try {
            size = tables.socketTable(table.file, table.wantedStates, visitor);
        } catch (ProcFileException e) {
            throw new CollectException(file, e.problem(), e);
        }
        if (size.isEmpty()) {
            switch (table.absence) {
                case FATAL -> throw missing(tables, file);
                case WARN -> log.warn("proc_table_missing", "file", file, "effect", "no IPv4 UDP listeners reported");
                case IPV6_OFF -> { } // IPv6 is disabled: the metrics are simply IPv4-only
            }
        }
    }

    /**
     * A required table is missing. When the host's tables were refused for the container's own, the refusal is the
     * cause: the error names the file actually refused, not the fallback that was then missing.
     */
    private static CollectException missing(ProcTables tables, Path file) {
        if (tables.root().netFallback()) {
            Path refused = tables.root().refusedFile();
            String why = tables.root().netRefused().replace(refused + ": ", ""); // the path once, as the error's own
            return new CollectException(refused, "refused as the host's network tables (" + why + "), and the"
                    + " fallback " + file + " does not exist", null);
        }
        return new CollectException(file, "missing: every Linux kernel with networking has this table", null);
    }

    private List<InterfaceCounters> readDev(ProcTables tables) throws CollectException {
        Path file = tables.file(ProcFile.NET_DEV);
        List<NetDevRow> rows;
        try {
            rows = tables.netDev();
        } catch (ProcFileException e) {
            if (tables.root().netFallback() && !Files.exists(file)) {
                throw missing(tables, file);
            }
            throw new CollectException(file, e.problem(), e);
        }
        List<InterfaceCounters> out = new ArrayList<>(rows.size());
        for (NetDevRow r : rows) {
            out.add(new InterfaceCounters(r.name(), InterfaceAddresses.LOOPBACK.equals(r.name()), r.rxBytes(),
                    r.rxPackets(), r.txBytes(), r.txPackets()));
        }
        return out;
    }

    private String readBootId(ProcTables tables) {
        try {
            return tables.bootId();
        } catch (ProcFileException e) {
            log.warn("boot_id_unavailable", "file", e.file(), "reason", e.getMessage());
            return null;
        }
    }

    /**
     * The interface rank of a socket's local address, through a direct-mapped cache per family: a host's sockets use a
     * handful of local addresses (its own), so nearly every row is answered without a search.
     */
    private static final class LocalOwners {
        /** Far more slots than a host has addresses, so that two busy addresses rarely share one (1,024: 8 KB). */
        private static final int SLOTS = 1024;
        private static final int SLOT_SHIFT = Integer.numberOfLeadingZeros(SLOTS - 1);
        private final InterfaceAddresses addresses;
        private final int[] v4Keys = new int[SLOTS];
        /** Owner + 2 of the cached address; 0 = empty slot. */
        private final int[] v4Owners = new int[SLOTS];
        private final int[] v6Keys = new int[4 * SLOTS];
        private final int[] v6Owners = new int[SLOTS];

        LocalOwners(InterfaceAddresses addresses) {
            this.addresses = addresses;
        }

        int of(int[] local) {
            return local.length == 1 ? ofIpv4(local[0]) : ofIpv6(local);
        }

        private int ofIpv4(int address) {
            int slot = (address * 0x9E3779B9) >>> SLOT_SHIFT;
            if (v4Owners[slot] != 0 && v4Keys[slot] == address) {
                return v4Owners[slot] - 2;
            }
            int owner = address == 0 ? InterfaceAddresses.NO_OWNER : addresses.ownerOfIpv4(address);
            v4Keys[slot] = address;
            v4Owners[slot] = owner + 2;
            return owner;
        }

        private int ofIpv6(int[] local) {
            int slot = ((local[0] * 31 + local[1] * 17 + local[2] * 7 + local[3]) * 0x9E3779B9) >>> SLOT_SHIFT;
            int at = 4 * slot;
            if (v6Owners[slot] != 0 && v6Keys[at] == local[0] && v6Keys[at + 1] == local[1]
                    && v6Keys[at + 2] == local[2] && v6Keys[at + 3] == local[3]) {
                return v6Owners[slot] - 2;
            }
            int owner = isZero(local) ? InterfaceAddresses.NO_OWNER
                    : addresses.ownerOfIpv6((long) local[0] << 32 | Integer.toUnsignedLong(local[1]),
                            (long) local[2] << 32 | Integer.toUnsignedLong(local[3]));
            System.arraycopy(local, 0, v6Keys, at, 4);
            v6Owners[slot] = owner + 2;
            return owner;
        }
    }

    private static boolean isZero(int[] words) {
        for (int w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }
}
