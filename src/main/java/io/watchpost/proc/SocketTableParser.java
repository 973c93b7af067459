package io.watchpost.proc;

import java.nio.ByteOrder;

/**
 * Parses the socket tables {@code net/tcp}, {@code net/tcp6}, {@code net/udp} and {@code net/udp6}, which share one
 * layout (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c, net/ipv4/udp.c, net/ipv6/datagram.c):
 * <pre>
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm-&gt;when retrnsmt   uid  timeout inode ...
 *    0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 12345 ...
 * </pre>
 * Every row is printed with {@code "%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu ..."}
 * ({@code %5d} for the UDP slot; four {@code %08X} words per IPv6 address): only the slot number {@code sl} has a
 * variable width. So a row is read in one pass at fixed offsets after {@code "sl: "}: the separators of the fixed
 * columns and the digits of the columns used are checked, the rest is only scanned for the line end and for bytes
 * the kernel never prints. A row shorter than the shortest complete row is truncated.
 *
 * <p>The kernel prints each 32-bit word of an address with {@code %08X} of the raw in-memory value, so the digits are in
 * host byte order: {@code 127.0.0.1} is {@code 0100007F} on little-endian and {@code 7F000001} on big-endian machines.
 * The parser is told the byte order of the kernel that wrote the file and hands out network-order words.
 *
 * <p>Header and malformed lines are not rows; malformed ones go to {@link LineProblems}. Nothing is allocated per row.
 * Not thread-safe (scratch arrays are reused).
 */
public final class SocketTableParser {
    /** {@code wantedStates} that lets every row through (UDP: the listener test needs the remote address). */
    public static final long ANY_STATE = -1L;
    /**
     * Bytes after {@code "sl: "} beyond the two addresses: {@code ":%04X "} twice, {@code "%02X "}, then the shortest
     * complete tail {@code "%08X:%08X %02X:%08lX %08X %5u %8d %lu"} (55 bytes).
     */
    private static final int FIXED_BYTES_BESIDE_ADDRESSES = 6 + 6 + 3 + 55;

    private final boolean littleEndian;
    private final int[] local4 = new int[1];
    private final int[] remote4 = new int[1];
    private final int[] local6 = new int[4];
    private final int[] remote6 = new int[4];

    /** @param kernelByteOrder byte order of the machine whose kernel printed the table ({@link ByteOrder#nativeOrder()}) */
    public SocketTableParser(ByteOrder kernelByteOrder) {
        this.littleEndian = kernelByteOrder == ByteOrder.LITTLE_ENDIAN;
    }

    /** Bit {@code code} set for each state: {@code wantedStates} for {@link #parseLines}. */
    public static long states(TcpState... states) {
        long mask = 0;
        for (TcpState s : states) {
            mask |= 1L << s.code();
        }
        return mask;
    }

    /**
     * @param ipv6 true for {@code tcp6}/{@code udp6}: addresses of 32 hex digits instead of 8
     */
    public void parse(byte[] data, int length, boolean ipv6, SocketRowVisitor visitor, LineProblems problems) {
        if (length == 0) {
            problems.malformed(1, data, 0, 0, "empty file (no header line)");
            return;
        }
        parseLines(data, length, 1, ipv6, ANY_STATE, visitor, problems);
    }

    /**
     * Parses one piece of a table read by {@link ProcFileReader#readInLines}: {@code data[0..length)} holds whole lines,
     * the first of which is line {@code firstLineNumber} of the file (line 1 is the header).
     *
     * @param wantedStates {@link #states} of the rows to visit, or {@link #ANY_STATE}; a row in another state is
     *                     checked up to its state column and skipped without reading its addresses
     * @return the number of lines in the piece
     */
    public int parseLines(byte[] data, int length, int firstLineNumber, boolean ipv6, long wantedStates,
                          SocketRowVisitor visitor, LineProblems problems) {
        int[] local = ipv6 ? local6 : local4;
        int[] remote = ipv6 ? remote6 : remote4;
        int start = 0;
        int lineNumber = firstLineNumber - 1;
        while (start < length) {
            long scan = Lines.scanLine(data, start, length);
            int end = Lines.lineEnd(scan);
            lineNumber++;
            String problem;
            if (lineNumber == 1) {
                problem = header(data, start, end);
            } else {
                problem = parseRow(data, start, end, Lines.lineFlags(scan), local, remote, wantedStates, visitor);
            }
            if (problem != null) {
                problems.malformed(lineNumber, data, start, end, problem);
            }
            start = end + 1;
        }
        return lineNumber - (firstLineNumber - 1);
    }

    /**
     * The header names the columns and holds no ':' (every row has several: after the slot, in each address), so a
     * header with a row glued to it is malformed rather than accepted with the row lost.
     */
    private static String header(byte[] d, int start, int end) {
        if (end - start > Lines.MAX_LINE_BYTES || !Lines.containsAscii(d, start, end, "local_address")) {
            return "expected the header line";
        }
        return Lines.containsAscii(d, start, end, ":") ? "header line with row data glued to it (a ':' in the header)"
                : null;
    }

    private String parseRow(byte[] d, int start, int end, int flags, int[] local, int[] remote, long wantedStates,
                            SocketRowVisitor visitor) {
        String bad = Lines.badBytes(d, start, end, flags, true);
        if (bad != null) {
            return bad;
        }
        int i = start;
        while (i < end && d[i] == ' ') {
            i++;
        }
        int digits = i;
        while (i < end && d[i] >= '0' && d[i] <= '9') {
            i++;
        }
        if (i == digits || i - digits > 10 || end - i < 2 || d[i] != ':' || d[i + 1] != ' ') {
            return "bad slot column (expected a decimal number, ':' and a space)";
        }
        int addressDigits = local.length * 8;
        int localAt = i + 2;
        int remoteAt = localAt + addressDigits + 6;
        int stateAt = remoteAt + addressDigits + 6;
        int tailAt = stateAt + 3;
        int shortest = 2 * addressDigits + FIXED_BYTES_BESIDE_ADDRESSES;
        if (end - localAt < shortest) {
            return "too few columns (the row is cut " + (end - localAt) + " bytes after the slot; a complete one has at"
                    + " least " + shortest + ")";
        }
        if (!endpointSeparators(d, localAt, addressDigits)) {
            return badAddress("local_address", addressDigits);
        }
        if (!endpointSeparators(d, remoteAt, addressDigits)) {
            return badAddress("rem_address", addressDigits);
        }
        int stateHigh = Lines.hexDigit(d[stateAt]);
        int stateLow = Lines.hexDigit(d[stateAt + 1]);
        if ((stateHigh | stateLow) < 0 || d[stateAt + 2] != ' ') {
            return "bad st column (expected 2 hex digits)";
        }
        if (d[tailAt + 8] != ':' || d[tailAt + 17] != ' ' || d[tailAt + 20] != ':') {
            return "bad tx_queue:rx_queue or tr:tm->when column (expected %08X:%08X %02X:...)";
        }
        int state = stateHigh << 4 | stateLow;
        if (wantedStates != ANY_STATE && (state >= 64 || (wantedStates >>> state & 1) == 0)) {
            return null;
        }
        int localPort = parseEndpoint(d, localAt, local);
        if (localPort < 0) {
            return badAddress("local_address", addressDigits);
        }
        int remotePort = parseEndpoint(d, remoteAt, remote);
        if (remotePort < 0) {
            return badAddress("rem_address", addressDigits);
        }
        visitor.row(local, localPort, remote, remotePort, state);
        return null;
    }

    /** {@code WORDS:PORT } has its ':' and its trailing space where the fixed widths put them. */
    private static boolean endpointSeparators(byte[] d, int at, int addressDigits) {
        return d[at + addressDigits] == ':' && d[at + addressDigits + 5] == ' ';
    }

    private static String badAddress(String column, int addressDigits) {
        return "bad " + column + " (expected " + addressDigits + " hex digits ':' 4 hex digits)";
    }

    /** Parses {@code WORDS:PORT} at {@code from} into {@code words}; returns the port, or -1 when a digit is not hex. */
    private int parseEndpoint(byte[] d, int from, int[] words) {
        boolean allHex = true;
        for (int w = 0; w < words.length; w++) {
            long v = Lines.parseHex8(d, from + w * 8);
            allHex &= v >= 0;
            words[w] = littleEndian ? Integer.reverseBytes((int) v) : (int) v;
        }
        int port = Lines.parseHex4(d, from + words.length * 8 + 1);
        return allHex ? port : -1;
    }
}
