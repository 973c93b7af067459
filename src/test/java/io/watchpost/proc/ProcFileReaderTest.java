package io.watchpost.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ProcFileReaderTest {
    private static final long CAP = 64L << 20;
    private final ProcFileReader reader = new ProcFileReader();
    private final List<String> skipped = new ArrayList<>();
    private final LineProblems problems = (line, data, start, end, reason) -> skipped.add(line + ": " + reason);

    @Test
    void absentFileIsEmptyNotAnError(@TempDir Path dir) throws IOException {
        assertEquals(Optional.empty(), reader.read(dir.resolve("tcp6"), CAP));
    }

    @Test
    void unreadableFileIsAnErrorNamingThePath(@TempDir Path dir) {
        Path directory = dir.resolve("dev");
        assertTrue(directory.toFile().mkdir());
        ProcFileException e = assertThrows(ProcFileException.class, () -> reader.read(directory, CAP));
        assertEquals(directory, e.file());
        assertEquals(directory + ": is a directory, not a regular file; only regular files are read", e.getMessage());
    }

    @Test
    void procFilesAreReadToTheEndWhateverSizeTheyClaim() throws IOException {
        Path file = Path.of("/proc/self/net/tcp");
        assertEquals(0, Files.size(file));
        ProcBytes b = reader.read(file, CAP).orElseThrow();
        assertTrue(b.length() > 100, "read " + b.length() + " bytes");
        assertTrue(new String(b.data(), 0, b.length()).contains("local_address"));
    }

    @Test
    void bufferGrowsAndIsReused(@TempDir Path dir) throws IOException {
        byte[] big = new byte[300_000];
        Arrays.fill(big, (byte) 'x');
        Files.write(dir.resolve("big"), big);
        Files.writeString(dir.resolve("small"), "abc");
        ProcBytes first = reader.read(dir.resolve("big"), CAP).orElseThrow();
        assertEquals(big.length, first.length());
        assertArrayEquals(big, Arrays.copyOf(first.data(), first.length()));
        ProcBytes second = reader.read(dir.resolve("small"), CAP).orElseThrow();
        assertEquals(3, second.length());
        assertTrue(first.data() == second.data(), "one buffer for both reads");
    }

    @Test
    void sysctlFileIsReadableAfterTheBufferGrewBeyondKmallocMax(@TempDir Path dir) throws IOException {
        // a read(2) of more than 4 MiB on a sysctl file fails with ENOMEM: a 100,000-socket tcp table grows the buffer
        Files.write(dir.resolve("big"), new byte[9 * 1024 * 1024]);
        reader.read(dir.resolve("big"), CAP);
        ProcBytes bootId = reader.read(Path.of("/proc/sys/kernel/random/boot_id"), CAP).orElseThrow();
        assertEquals(37, bootId.length());
    }

    @Test
    void fileAboveTheCapIsAnError(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("huge"), new byte[100]);
        Files.write(dir.resolve("exact"), new byte[64]);
        assertEquals(64, reader.read(dir.resolve("exact"), 64).orElseThrow().length());
        ProcFileException e = assertThrows(ProcFileException.class, () -> reader.read(dir.resolve("huge"), 64));
        assertTrue(e.getMessage().contains("larger than 64 bytes, the cap"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("huge").toString()));
    }

    /** Collects what {@link ProcFileReader#readInLines} hands over: each line with the number it was given. */
    private List<String> linesOf(ProcFileReader reader, Path file, List<Integer> pieceLengths)
            throws IOException {
        List<String> lines = new ArrayList<>();
        reader.readInLines(file, CAP, (data, length, firstLine) -> {
            assertTrue(firstLine > lines.size(), "pieces follow each other (a skipped overlong line has a number)");
            pieceLengths.add(length);
            String piece = new String(data, 0, length, StandardCharsets.US_ASCII);
            List<String> split = new ArrayList<>(Arrays.asList(piece.split("\n", -1)));
            if (split.get(split.size() - 1).isEmpty()) {
                split.remove(split.size() - 1); // the piece ends with a newline
            }
            for (int i = 0; i < split.size(); i++) {
                lines.add((firstLine + i) + ":" + split.get(i));
            }
            return split.size();
        }, problems);
        return lines;
    }

    @Test
    void tableLargerThanTheBufferArrivesInWholeLinesWithTheirNumbers(@TempDir Path dir) throws IOException {
        List<String> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 5_000; i++) {          // ~150 bytes a line: ~750 KB, many 64 KiB reads
            String line = "row " + i + " " + "x".repeat(i % 290);
            text.append(line).append('\n');
            expected.add(i + ":" + line);
        }
        Path file = dir.resolve("tcp");
        Files.writeString(file, text);
        List<Integer> pieces = new ArrayList<>();
        assertEquals(expected, linesOf(reader, file, pieces));
        assertTrue(pieces.size() > 10, "read in pieces: " + pieces.size());
        assertTrue(pieces.stream().allMatch(n -> n <= 64 * 1024), "no piece larger than the buffer: " + pieces);
        assertEquals(OptionalLong.of(text.length()), reader.readInLines(file, CAP, (d, n, first) -> 0, problems));
    }

    @Test
    void lastLineWithoutNewlineIsHandedOverToo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("udp");
        Files.writeString(file, "header\nrow 1\nrow 2 without newline");
        assertEquals(List.of("1:header", "2:row 1", "3:row 2 without newline"),
                linesOf(reader, file, new ArrayList<>()));
    }

    @Test
    void lineLongerThanTheBufferIsSkippedAsOverlongWithoutGrowingIt(@TempDir Path dir) throws IOException {
        // a single 40 MB line killed the component under -Xmx64m: the buffer grew to hold it whole
        Path file = dir.resolve("tcp");
        try (var out = Files.newOutputStream(file)) {
            out.write("a\n".getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'y');
            for (int i = 0; i < 40; i++) {
                out.write(chunk);
            }
            out.write("\nb\nc".getBytes(StandardCharsets.US_ASCII));
        }
        assertEquals(List.of("1:a", "3:b", "4:c"), linesOf(reader, file, new ArrayList<>()));
        assertEquals(List.of("2: overlong line (65536 bytes or more)"), skipped);
    }

    @Test
    void absentOrEmptyFileWhenReadInLines(@TempDir Path dir) throws IOException {
        assertEquals(OptionalLong.empty(),
                reader.readInLines(dir.resolve("tcp6"), CAP, (d, n, first) -> fail("no data"), problems));
        Files.writeString(dir.resolve("empty"), "");
        assertEquals(OptionalLong.of(0),
                reader.readInLines(dir.resolve("empty"), CAP, (d, n, first) -> fail("no data"), problems));
    }

    @Test
    void fileAboveTheCapIsAnErrorWhenReadInLines(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("huge"), "0123456789\n".repeat(10));
        ProcFileException e = assertThrows(ProcFileException.class,
                () -> reader.readInLines(dir.resolve("huge"), 64, (d, n, first) -> 1, problems));
        assertEquals(dir.resolve("huge") + ": larger than 64 bytes, the cap for this file; not a kernel table",
                e.getMessage());
        Files.writeString(dir.resolve("full"), "z".repeat(64));
        assertEquals(OptionalLong.of(64), reader.readInLines(dir.resolve("full"), 64, (d, n, first) -> 1, problems));
        Files.writeString(dir.resolve("over"), "z".repeat(65));
        assertThrows(ProcFileException.class,
                () -> reader.readInLines(dir.resolve("over"), 64, (d, n, first) -> 1, problems));
    }

    @Test
    void fifoIsRefusedWithoutOpeningIt(@TempDir Path dir) throws Exception {
        // a FIFO in place of net/tcp hung the reading thread forever in open(2)
        Path fifo = dir.resolve("tcp");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        String expected = fifo + ": is a FIFO, socket or device, not a regular file; only regular files are read";
        assertEquals(expected, assertThrows(ProcFileException.class, () -> reader.read(fifo, CAP)).getMessage());
        assertEquals(expected, assertThrows(ProcFileException.class,
                () -> reader.readInLines(fifo, CAP, (d, n, first) -> 1, problems)).getMessage());
        Path link = dir.resolve("link");
        Files.createSymbolicLink(link, fifo);
        assertThrows(ProcFileException.class, () -> reader.read(link, CAP));
    }

    @Test
    void aSymlinkToARegularFileIsFollowed(@TempDir Path dir) throws IOException {
        // /proc/net is a symlink to self/net
        Files.writeString(dir.resolve("target"), "abc");
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("target"));
        assertEquals(3, reader.read(dir.resolve("link"), CAP).orElseThrow().length());
    }

    @Test
    void realProcTableIsReadInLines() throws IOException {
        List<String> lines = linesOf(reader, Path.of("/proc/self/net/tcp"), new ArrayList<>());
        assertTrue(lines.get(0).startsWith("1:") && lines.get(0).contains("local_address"), lines.get(0));
    }

    @Test
    void systemProcUsesItsOwnNet() throws IOException {
        ProcRoot root = ProcRoot.resolve(Path.of("/proc"));
        assertEquals(Path.of("/proc/net"), root.netDir());
        assertFalse(root.netFallback());
        assertEquals(Path.of("/proc/sys/kernel/random/boot_id"), ProcFile.BOOT_ID.in(root));
    }

    @Test
    void mountedProcPrefersPid1Net(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("1/net"));
        Files.createDirectories(root.resolve("net"));
        Files.writeString(root.resolve("1/net/dev"), "x");
        ProcRoot r = ProcRoot.resolve(root);
        assertEquals(root.resolve("1/net"), r.netDir());
        assertFalse(r.netFallback());
    }

    @Test
    void mountedProcWithoutReadablePid1NetFallsBack(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("net"));
        ProcRoot r = ProcRoot.resolve(root);
        assertEquals(root.resolve("net"), r.netDir());
        assertTrue(r.netFallback());
    }

    @Test
    void mountedProcWhosePid1NetCannotBeReadFallsBack(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("1/net/dev"));   // a directory: not a regular file
        ProcRoot r = ProcRoot.resolve(root);
        assertTrue(r.netFallback());
        assertTrue(r.netRefused().startsWith(root.resolve("1/net/dev") + ": is a directory"), r.netRefused());
    }

    @Test
    void mountedProcWithPid1NetButNoDevStillUsesPid1Net(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("1/net"));
        assertEquals(root.resolve("1/net"), ProcRoot.resolve(root).netDir());
    }

    @Test
    void missingOrNonDirectoryRootIsAnError(@TempDir Path dir) throws IOException {
        assertEquals(dir.resolve("nope"), assertThrows(ProcFileException.class,
                () -> ProcRoot.resolve(dir.resolve("nope"))).file());
        Files.writeString(dir.resolve("file"), "");
        assertTrue(assertThrows(ProcFileException.class, () -> ProcRoot.resolve(dir.resolve("file"))).getMessage()
                .endsWith("is not a directory; expected a proc root such as /proc"));
    }
}
