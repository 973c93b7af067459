package io.watchpost.collect;

import io.watchpost.log.EventLog;
import io.watchpost.proc.BootId;
import io.watchpost.proc.InterfaceAddresses;
import io.watchpost.proc.LineProblems;
import io.watchpost.proc.NetDevParser;
import io.watchpost.proc.NetDevRow;
import io.watchpost.proc.ProcBytes;
import io.watchpost.proc.ProcFileReader;
import io.watchpost.proc.ProcRoot;
import io.watchpost.proc.ProcRootResolver;
import io.watchpost.proc.SocketRowVisitor;
import io.watchpost.proc.SocketTableParser;
import io.watchpost.proc.TcpState;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
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
 * <p>One buffer, one parser and the distinct-connection table are reused across cycles, so calls are serialised.
 */
public final class ProcNetworkCollector implements NetworkCollector {
    private final EventLog log;
    private final ByteOrder kernelByteOrder;
    private final ProcFileReader reader = new ProcFileReader();
    private final SocketTableParser socketParser;
    /** The distinct-connection table, kept between cycles: at 100,000 connections it is ~6 MB, rebuilt each time. */
    private final PackedKeySet connectionKeys = new PackedKeySet();
    private final ProcRootResolver rootResolver;

    public ProcNetworkCollector(EventLog log) {
        this(log, ByteOrder.nativeOrder());
    }

    /** @param kernelByteOrder byte order of the kernel that wrote the files (tests replay captures of other hosts) */
    ProcNetworkCollector(EventLog log, ByteOrder kernelByteOrder) {
        this.log = Objects.requireNonNull(log);
        this.kernelByteOrder = Objects.requireNonNull(kernelByteOrder);
        this.socketParser = new SocketTableParser(kernelByteOrder);
        this.rootResolver = new ProcRootResolver(log, "ports, connections and counters");
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
        ProcRoot root = resolve(procRoot);
        MalformedLines malformed = new MalformedLines();
        try {
            InterfaceAddresses addresses = readAddresses(root, malformed);
            List<String> names = addresses.names();
            PortAccumulator tcpListeners = new PortAccumulator(names, retainLimit);
            PortAccumulator udpListeners = new PortAccumulator(names, retainLimit);
            connectionKeys.clear();
            ConnectionAccumulator established = new ConnectionAccumulator(names, connectionRetainLimit,
                    connectionKeys);

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
            readSockets(root, SocketTable.TCP, tcp, malformed);
            readSockets(root, SocketTable.TCP6, tcp, malformed);
            readSockets(root, SocketTable.UDP, udp, malformed);
            readSockets(root, SocketTable.UDP6, udp, malformed);
            List<InterfaceCounters> interfaces = readDev(root, malformed);
            String bootId = readBootId(root);
            return new NetworkSnapshot(bootId, networkSource(root), tcpListeners.result(), udpListeners.result(),
                    established.result(), interfaces, malformed.total());
        } finally {
            malformed.log(log);
        }
    }

    private ProcRoot resolve(Path procRoot) throws CollectException {
        try {
            return rootResolver.resolve(procRoot);
        } catch (IOException e) {
            throw new CollectException(procRoot, "cannot use as proc root: " + EventLog.describe(e), e);
        }
    }

    /**
     * Absolute and normalised, so the same directory configured as {@code /host/proc} or {@code /host/proc/} (or
     * relative to another working directory) does not look like a different source and reset the baseline.
     */
    private static String networkSource(ProcRoot root) {
        return root.netDir().toAbsolutePath().normalize().toString();
    }

    private InterfaceAddresses readAddresses(ProcRoot root, MalformedLines malformed) {
        try {
            return InterfaceAddresses.read(root, reader, kernelByteOrder, malformed::forFile);
        } catch (IOException e) {
            log.warn("interface_addresses_unreadable", "dir", root.netDir(), "error", e,
                    "effect", "ports and connections are reported without interface names");
            return InterfaceAddresses.of(List.of(), new int[0], List.of());
        }
    }

    private static final long TCP_STATES_USED = SocketTableParser.states(TcpState.LISTEN, TcpState.ESTABLISHED);

    /** The socket tables, and what their absence means. */
    private enum SocketTable {
        TCP("tcp", false, Absence.FATAL, TCP_STATES_USED),
        TCP6("tcp6", true, Absence.IPV6_OFF, TCP_STATES_USED),
        UDP("udp", false, Absence.WARN, SocketTableParser.ANY_STATE),
        UDP6("udp6", true, Absence.IPV6_OFF, SocketTableParser.ANY_STATE);

        enum Absence { FATAL, WARN, IPV6_OFF }

        final String file;
        final boolean ipv6;
        final Absence absence;
        /** Rows in other states are skipped by the parser before their addresses are read. */
        final long wantedStates;

        SocketTable(String file, boolean ipv6, Absence absence, long wantedStates) {
            this.file = file;
            this.ipv6 = ipv6;
            this.absence = absence;
            this.wantedStates = wantedStates;
        }
    }

    private void readSockets(ProcRoot root, SocketTable table, SocketRowVisitor visitor, MalformedLines malformed)
            throws CollectException {
        Path file = root.net(table.file);
        LineProblems problems = malformed.forFile(file);
        // Piece by piece: these tables grow with the connections, the memory to read them does not.
        OptionalLong size;
        try {
            size = reader.readInLines(file,
                    (data, length, firstLine) -> socketParser.parseLines(data, length, firstLine, table.ipv6,
                            table.wantedStates, visitor, problems));
        } catch (IOException e) {
            throw new CollectException(file, "unreadable: " + EventLog.describe(e), e);
        }
        if (size.isEmpty()) {
            switch (table.absence) {
                case FATAL -> throw new CollectException(file,
                        "missing: every Linux kernel with networking has this table", null);
                case WARN -> log.warn("proc_table_missing", "file", file, "effect", "no IPv4 UDP listeners reported");
                case IPV6_OFF -> { } // IPv6 is disabled: the metrics are simply IPv4-only
            }
            return;
        }
        if (size.getAsLong() == 0) {
            socketParser.parse(new byte[0], 0, table.ipv6, visitor, problems); // the parser names what an empty table is
        }
    }

    private List<InterfaceCounters> readDev(ProcRoot root, MalformedLines malformed) throws CollectException {
        Path file = root.net("dev");
        ProcBytes b = read(file).orElseThrow(
                () -> new CollectException(file, "missing: every Linux kernel with networking has this table", null));
        List<NetDevRow> rows = NetDevParser.parse(b.data(), b.length(), malformed.forFile(file));
        List<InterfaceCounters> out = new ArrayList<>(rows.size());
        for (NetDevRow r : rows) {
            out.add(new InterfaceCounters(r.name(), InterfaceAddresses.LOOPBACK.equals(r.name()), r.rxBytes(),
                    r.rxPackets(), r.txBytes(), r.txPackets()));
        }
        return out;
    }

    private String readBootId(ProcRoot root) {
        Path file = root.bootIdFile();
        try {
            Optional<ProcBytes> bytes = reader.read(file);
            if (bytes.isEmpty()) {
                log.warn("boot_id_unavailable", "file", file, "reason", "missing");
                return null;
            }
            Optional<String> id = BootId.parse(bytes.get().data(), bytes.get().length());
            if (id.isEmpty()) {
                log.warn("boot_id_unavailable", "file", file, "reason", "not a UUID");
            }
            return id.orElse(null);
        } catch (IOException e) {
            log.warn("boot_id_unavailable", "file", file, "reason", e);
            return null;
        }
    }

    private Optional<ProcBytes> read(Path file) throws CollectException {
        try {
            return reader.read(file);
        } catch (IOException e) {
            throw new CollectException(file, "unreadable: " + EventLog.describe(e), e);
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
