package io.watchpost.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketTableParserTest {
    private static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
    private static final String TAIL = " 00000000:00000000 00:00000000 00000000     0        0 1526 1 0000000000000000 100 0 0 10 0";

    record Row(int[] local, int localPort, int[] remote, int remotePort, int state) {}

    record Problem(int line, String text, String reason) {}

    static final class Recorder implements SocketRowVisitor, LineProblems {
        final List<Row> rows = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();

        @Override
        public void row(int[] local, int localPort, int[] remote, int remotePort, int state) {
            rows.add(new Row(local.clone(), localPort, remote.clone(), remotePort, state));
        }

        @Override
        public void malformed(int lineNumber, byte[] data, int start, int end, String reason) {
            problems.add(new Problem(lineNumber, new String(data, start, end - start, StandardCharsets.ISO_8859_1), reason));
        }
    }

    static Recorder parse(String text, boolean ipv6, ByteOrder order) {
        return parse(text.getBytes(StandardCharsets.ISO_8859_1), ipv6, order);
    }

    static Recorder parse(byte[] data, boolean ipv6, ByteOrder order) {
        Recorder r = new Recorder();
        new SocketTableParser(order).parse(data, data.length, ipv6, r, r);
        return r;
    }

    @Test
    void littleEndianKernelPrintsEachWordByteSwapped() {
        // 127.0.0.1:8080 listening, as an x86 kernel prints it
        Recorder r = parse(HEADER + "   0: 0100007F:1F90 00000000:0000 0A" + TAIL + "\n", false, ByteOrder.LITTLE_ENDIAN);
        assertEquals(List.of(), r.problems);
        Row row = r.rows.get(0);
        assertEquals(0x7F000001, row.local[0]);
        assertEquals(8080, row.localPort);
        assertEquals(0, row.remote[0]);
        assertEquals(0x0A, row.state);
    }

    @Test
    void bigEndianKernelPrintsTheWordInNetworkOrder() {
        Recorder r = parse(HEADER + "   0: 7F000001:1F90 C0000202:01BB 01" + TAIL + "\n", false, ByteOrder.BIG_ENDIAN);
        Row row = r.rows.get(0);
        assertEquals(0x7F000001, row.local[0]);
        assertEquals(0xC0000202, row.remote[0]);
        assertEquals(443, row.remotePort);
        assertEquals(TcpState.ESTABLISHED.code(), row.state);
    }

    @ParameterizedTest
    @CsvSource({
            // kernel text (little-endian), expected words in network order
            "00000000000000000000000001000000, 0, 0, 0, 1",                           // ::1
            "000000FD000000000000000002000000, 0xFD000000, 0, 0, 2",                  // fd00::2
            "000080FE00000000FF00FC00010000FE, 0xFE800000, 0, 0x00FC00FF, 0xFE000001", // fe80::fc:ff:fe00:1
            "0000000000000000FFFF00000100007F, 0, 0, 0x0000FFFF, 0x7F000001",         // ::ffff:127.0.0.1
    })
    void ipv6AddressesAreFourWordsEachInHostOrder(String hex, long w0, long w1, long w2, long w3) {
        Recorder r = parse(HEADER + "   0: " + hex + ":0050 " + "0".repeat(32) + ":0000 0A" + TAIL + "\n", true,
                ByteOrder.LITTLE_ENDIAN);
        assertEquals(List.of(), r.problems);
        assertArrayEquals(new int[] {(int) w0, (int) w1, (int) w2, (int) w3}, r.rows.get(0).local);
        assertEquals(80, r.rows.get(0).localPort);
        assertTrue(AddressText.isIpv4Mapped(r.rows.get(0).local) == (w2 == 0xFFFF));
    }

    @Test
    void capturedTablesParseWithoutProblemsAndEveryDataLineIsARow() {
        for (String fixture : List.of(ProcFixtures.HOST, ProcFixtures.MANY_INTERFACES)) {
            for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
                Path file = ProcFixtures.net(fixture, table);
                byte[] data = ProcFixtures.bytes(file);
                Recorder r = parse(data, table.endsWith("6"), ByteOrder.LITTLE_ENDIAN);
                long lines = new String(data, StandardCharsets.US_ASCII).lines().count();
                assertEquals(List.of(), r.problems, file.toString());
                assertEquals(lines - 1, r.rows.size(), file.toString());
            }
        }
    }

    @Test
    void truncatedLastLineIsSkippedAndTheRestParsed() {
        Recorder r = parse(ProcFixtures.bytes(ProcFixtures.broken("tcp-truncated")), false, ByteOrder.LITTLE_ENDIAN);
        Recorder good = parse(ProcFixtures.bytes(ProcFixtures.net("host", "tcp")), false, ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, r.problems.size());
        assertEquals(good.rows.size(), r.problems.get(0).line - 1);
        assertEquals(good.rows.size() - 1, r.rows.size());
        assertTrue(r.problems.get(0).reason.startsWith("too few columns"), r.problems.get(0).reason);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "tcp-too-few-columns | 3 | too few columns",
            "tcp-non-hex         | 3 | bad local_address",
            "tcp-binary          | 3 | binary byte 0x0",
            "tcp-overlong        | 3 | overlong line",
    })
    void brokenLineIsSkippedAndCountedWithItsLineNumber(String file, int line, String reason) {
        Recorder r = parse(ProcFixtures.bytes(ProcFixtures.broken(file)), false, ByteOrder.LITTLE_ENDIAN);
        Recorder good = parse(ProcFixtures.bytes(ProcFixtures.net("host", "tcp")), false, ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, r.problems.size(), r.problems.toString());
        assertEquals(line, r.problems.get(0).line);
        assertTrue(r.problems.get(0).reason.startsWith(reason), r.problems.get(0).reason);
        assertEquals(good.rows.size(), r.rows.size());
    }

    @Test
    void truncatedIpv6AddressIsSkipped() {
        Recorder r = parse(ProcFixtures.bytes(ProcFixtures.broken("tcp6-truncated-address")), true, ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, r.problems.size());
        assertEquals(3, r.problems.get(0).line);
        assertTrue(r.problems.get(0).reason.startsWith("bad local_address (expected 32 hex digits"));
    }

    @Test
    void emptyFileIsOneProblemAndNoRows() {
        Recorder r = parse(new byte[0], false, ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, r.rows.size());
        assertEquals(1, r.problems.size());
        assertEquals(1, r.problems.get(0).line);
    }

    @Test
    void headerWithARowGluedToItIsMalformedNotAcceptedWithTheRowLost() {
        // the row after the header is glued to it (its newline lost): before, the line passed as a header
        String glued = HEADER.stripTrailing() + "   0: 0100007F:1F90 00000000:0000 0A" + TAIL + "\n";
        Recorder r = parse(glued + "   1: 0100007F:0050 00000000:0000 0A" + TAIL + "\n", false, ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, r.problems.size(), r.problems.toString());
        assertEquals(1, r.problems.get(0).line);
        assertEquals("header line with row data glued to it (a ':' in the header)", r.problems.get(0).reason);
        assertEquals(1, r.rows.size(), "the next row is still read");
        assertEquals(0x50, r.rows.get(0).localPort);
    }

    @Test
    void headerOnlyFileHasNoRowsAndNoProblems() {
        Recorder r = parse(HEADER, false, ByteOrder.LITTLE_ENDIAN);
        assertEquals(List.of(), r.rows);
        assertEquals(List.of(), r.problems);
    }

    @Test
    void ipv4AddressInAnIpv6TableIsMalformed() {
        Recorder r = parse(HEADER + "   0: 0100007F:1F90 00000000:0000 0A" + TAIL + "\n", true, ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, r.rows.size());
        assertEquals(2, r.problems.get(0).line);
    }

    @Test
    void badStateColumnIsMalformed() {
        Recorder r = parse(HEADER + "   0: 0100007F:1F90 00000000:0000 0AB" + TAIL + "\n", false, ByteOrder.LITTLE_ENDIAN);
        assertEquals("bad st column (expected 2 hex digits)", r.problems.get(0).reason);
    }

    @Test
    void slotNumbersOfAnyWidthParse() {
        // %4d grows past 9999 (tcp), %5d past 99999 (udp): only the slot column has a variable width
        String rows = "   9: 0100007F:1F90 00000000:0000 0A" + TAIL + "\n"
                + "10000: 0100007F:1F91 00000000:0000 0A" + TAIL + "\n"
                + "123456: 0100007F:1F92 00000000:0000 0A" + TAIL + "\n"
                + "2147483647: 0100007F:1F93 00000000:0000 0A" + TAIL + "\n";
        Recorder r = parse(HEADER + rows, false, ByteOrder.LITTLE_ENDIAN);
        assertEquals(List.of(), r.problems);
        assertEquals(List.of(8080, 8081, 8082, 8083), r.rows.stream().map(Row::localPort).toList());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // the row, and the start of the reason it is skipped
            "   0: 0100007F:1F90 00000000:0000 0A                               | too few columns",
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 | too few columns",
            "   0: 0100007F:1F90 00000000:0000                                   | too few columns",
            "   0:0100007F:1F90 00000000:0000 0A@TAIL                            | bad slot column",
            "    : 0100007F:1F90 00000000:0000 0A@TAIL                           | bad slot column",
            "  -1: 0100007F:1F90 00000000:0000 0A@TAIL                           | bad slot column",
            "   0: 0100007F-1F90 00000000:0000 0A@TAIL                           | bad local_address",
            "   0: 0100007F:1F9 00000000:0000 0A @TAIL                           | bad local_address",
            "   0: 0100007F:1F9X 00000000:0000 0A@TAIL                           | bad local_address",
            "   0: 0100007F:1F90 00000000:0000:0A@TAIL                           | bad rem_address",
            "   0: 0100007F:1F90 0000 000:0000 0A@TAIL                           | bad rem_address",
            "   0: 0100007F:1F90 00000000:0000 0Z@TAIL                           | bad st column",
            "   0: 0100007F:1F90 00000000:0000 0A 00000000 00000000 00:00000000 00000000     0        0 1 | bad tx_queue",
            "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00 00000000 00000000     0        0 1 | bad tx_queue",
            "   0: 0100007F:1F90 00000000:0000 0A@TAIL\u00e9                     | binary byte 0xe9",
            "   0: 0100007F:1F90 00000000:0000 0A@TAIL\u007f                     | binary byte 0x7f",
    })
    void rowBrokenAnywhereInItsFixedLayoutIsSkippedWithTheRuleItBroke(String row, String reason) {
        String line = row.strip().replace("@TAIL", TAIL).replace("\\u00e9", "\u00e9").replace("\\u007f", "\u007f");
        line = line.startsWith("0:") || line.startsWith(":") ? "   " + line : line.startsWith("-1") ? "  " + line : line;
        Recorder r = parse(HEADER + line + "\n   1: 0100007F:0016 00000000:0000 0A" + TAIL + "\n", false,
                ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, r.problems.size(), line);
        assertEquals(2, r.problems.get(0).line);
        assertTrue(r.problems.get(0).reason.startsWith(reason), r.problems.get(0).reason);
        assertEquals(List.of(22), r.rows.stream().map(Row::localPort).toList(), "the next row is still read");
    }

    @Test
    void rowInAStateNotAskedForIsSkippedBeforeItsAddressesAreRead() {
        String rows = "   0: 0100007F:1F90 00000000:0000 0A" + TAIL + "\n"
                + "   1: 0100007F:0050 0200007F:C350 06" + TAIL + "\n"       // TIME_WAIT: not asked for
                + "   2: 0G00007F:0050 0200007F:C351 06" + TAIL + "\n"       // not asked for: its digits are not read
                + "   3: 0100007F:0050 0200007F:C352 01" + TAIL + "\n"
                + "   4: 0100007F:0050 0200007F:C353 06 00000000" + "\n";    // ...but truncated rows still count
        Recorder r = new Recorder();
        byte[] data = (HEADER + rows).getBytes(StandardCharsets.ISO_8859_1);
        new SocketTableParser(ByteOrder.LITTLE_ENDIAN).parseLines(data, data.length, 1, false,
                SocketTableParser.states(TcpState.LISTEN, TcpState.ESTABLISHED), r, r);
        assertEquals(List.of(0x0A, 0x01), r.rows.stream().map(Row::state).toList());
        assertEquals(1, r.problems.size());
        assertEquals(6, r.problems.get(0).line);

        Recorder all = parse(HEADER + rows, false, ByteOrder.LITTLE_ENDIAN);
        assertEquals(List.of(0x0A, 0x06, 0x01), all.rows.stream().map(Row::state).toList());
        assertEquals(List.of(4, 6), all.problems.stream().map(Problem::line).toList());
    }

    @Test
    void linesAreFoundWhateverTheirLengthAndPositionInTheBuffer() {
        // The line end is searched eight bytes at a time: newlines at every offset within a word, and a last line
        // without a newline shorter than a word, must all be found.
        StringBuilder text = new StringBuilder(HEADER);
        List<Integer> ports = new ArrayList<>();
        for (int pad = 0; pad < 17; pad++) {
            text.append("   ").append(pad).append(": 0100007F:").append(String.format("%04X", 1000 + pad))
                    .append(" 00000000:0000 0A").append(TAIL).append(" ".repeat(pad)).append('\n');
            ports.add(1000 + pad);
        }
        for (int cut = 0; cut < 9; cut++) {
            String withTail = text + "x".repeat(cut);
            Recorder r = parse(withTail, false, ByteOrder.LITTLE_ENDIAN);
            assertEquals(ports, r.rows.stream().map(Row::localPort).toList());
            assertEquals(cut == 0 ? 0 : 1, r.problems.size(), "a last line of " + cut + " bytes");
        }
    }
}
