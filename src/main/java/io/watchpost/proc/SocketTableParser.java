package io.watchpost.proc;

import java.nio.ByteOrder;

/**
 * Parses the socket tables {@code net/tcp}, {@code net/tcp6}, {@code net/udp} and {@code net/udp6}, which share one
 * layout (net/ipv4/tcp_ipv4.c, net/ipv4/udp.c):
 * <pre>
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm-&gt;when retrnsmt   uid  timeout inode ...
 *    0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 12345 ...
 * </pre>
 * The kernel prints each 32-bit word of an address with {@code %08X} of the raw in-memory value, so the digits are in
 * host byte order: {@code 127.0.0.1} is {@code 0100007F} on little-endian and {@code 7F000001} on big-endian machines.
 * The parser is told the byte order of the kernel that wrote the file and hands out network-order words.
 *
 * <p>Header and malformed lines are not rows; malformed ones go to {@link LineProblems}. Nothing is allocated per row.
 * Not thread-safe (scratch arrays are reused).
 */
public final class SocketTableParser {
    /** sl, local, remote, st, tx:rx, tr:when, retrnsmt, uid, timeout, inode: present in every kernel's tcp and udp. */
    static final int MIN_FIELDS = 10;

    private final boolean littleEndian;
    private final int[] local4 = new int[1];
    private final int[] remote4 = new int[1];
    private final int[] local6 = new int[4];
    private final int[] remote6 = new int[4];

    /** @param kernelByteOrder byte order of the machine whose kernel printed the table ({@link ByteOrder#nativeOrder()}) */
    public SocketTableParser(ByteOrder kernelByteOrder) {
        this.littleEndian = kernelByteOrder == ByteOrder.LITTLE_ENDIAN;
    }

    /**
     * @param ipv6 true for {@code tcp6}/{@code udp6}: addresses of 32 hex digits instead of 8
     */
    public void parse(byte[] data, int length, boolean ipv6, SocketRowVisitor visitor, LineProblems problems) {
        if (length == 0) {
            problems.malformed(1, data, 0, 0, "empty file (no header line)");
            return;
        }
        parseLines(data, length, 1, ipv6, visitor, problems);
    }

    /**
     * Parses one piece of a table read by {@link ProcFileReader#readInLines}: {@code data[0..length)} holds whole lines,
     * the first of which is line {@code firstLineNumber} of the file (line 1 is the header).
     *
     * @return the number of lines in the piece
     */
    public int parseLines(byte[] data, int length, int firstLineNumber, boolean ipv6, SocketRowVisitor visitor,
                          LineProblems problems) {
        int[] local = ipv6 ? local6 : local4;
        int[] remote = ipv6 ? remote6 : remote4;
        return Lines.forEach(data, length, firstLineNumber, (lineNumber, start, end, flags) -> {
            if (lineNumber == 1) {
                if (!Lines.containsAscii(data, start, end, "local_address")) {
                    problems.malformed(lineNumber, data, start, end, "expected the header line");
                }
                return;
            }
            String problem = parseRow(data, start, end, flags, local, remote, visitor);
            if (problem != null) {
                problems.malformed(lineNumber, data, start, end, problem);
            }
        });
    }

    private String parseRow(byte[] d, int start, int end, int flags, int[] local, int[] remote, SocketRowVisitor visitor) {
        String bad = Lines.badBytes(d, start, end, flags, true);
        if (bad != null) {
            return bad;
        }
        int fields = Lines.countFields(d, start, end, MIN_FIELDS);
        if (fields < MIN_FIELDS) {
            return "too few columns (" + fields + ", at least " + MIN_FIELDS + ")";
        }
        int i = Lines.skipBlanks(d, start, end);
        int e = Lines.fieldEnd(d, i, end);
        if (e - i < 2 || d[e - 1] != ':' || Lines.parseDecimalInt(d, i, e - 1) < 0) {
            return "bad slot column (expected a decimal number and ':')";
        }
        i = Lines.skipBlanks(d, e, end);
        e = Lines.fieldEnd(d, i, end);
        int localPort = parseEndpoint(d, i, e, local);
        if (localPort < 0) {
            return "bad local_address (expected " + (local.length * 8) + " hex digits ':' 4 hex digits)";
        }
        i = Lines.skipBlanks(d, e, end);
        e = Lines.fieldEnd(d, i, end);
        int remotePort = parseEndpoint(d, i, e, remote);
        if (remotePort < 0) {
            return "bad rem_address (expected " + (remote.length * 8) + " hex digits ':' 4 hex digits)";
        }
        i = Lines.skipBlanks(d, e, end);
        e = Lines.fieldEnd(d, i, end);
        long state = e - i == 2 ? Lines.parseHex(d, i, e) : -1;
        if (state < 0) {
            return "bad st column (expected 2 hex digits)";
        }
        visitor.row(local, localPort, remote, remotePort, (int) state);
        return null;
    }

    /** Parses {@code WORDS:PORT} into {@code words}; returns the port, or -1 when the field is malformed. */
    private int parseEndpoint(byte[] d, int from, int to, int[] words) {
        int addressDigits = words.length * 8;
        if (to - from != addressDigits + 5 || d[from + addressDigits] != ':') {
            return -1;
        }
        for (int w = 0; w < words.length; w++) {
            long v = Lines.parseHex(d, from + w * 8, from + w * 8 + 8);
            if (v < 0) {
                return -1;
            }
            words[w] = littleEndian ? Integer.reverseBytes((int) v) : (int) v;
        }
        return (int) Lines.parseHex(d, from + addressDigits + 1, to);
    }
}
