package io.watchpost.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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
    private final ProcFileReader reader = new ProcFileReader();

    @Test
    void absentFileIsEmptyNotAnError(@TempDir Path dir) throws IOException {
        assertEquals(Optional.empty(), reader.read(dir.resolve("tcp6")));
    }

    @Test
    void unreadableFileIsAnErrorNamingThePath(@TempDir Path dir) {
        Path directory = dir.resolve("dev");
        assertTrue(directory.toFile().mkdir());
        IOException e = assertThrows(IOException.class, () -> reader.read(directory));
        assertTrue(e.getMessage().startsWith(directory + ": cannot read"), e.getMessage());
    }

    @Test
    void procFilesAreReadToTheEndWhateverSizeTheyClaim() throws IOException {
        Path file = Path.of("/proc/self/net/tcp");
        assertEquals(0, Files.size(file));
        ProcBytes b = reader.read(file).orElseThrow();
        assertTrue(b.length() > 100, "read " + b.length() + " bytes");
        assertTrue(new String(b.data(), 0, b.length()).contains("local_address"));
    }

    @Test
    void bufferGrowsAndIsReused(@TempDir Path dir) throws IOException {
        byte[] big = new byte[300_000];
        Arrays.fill(big, (byte) 'x');
        Files.write(dir.resolve("big"), big);
        Files.writeString(dir.resolve("small"), "abc");
        ProcBytes first = reader.read(dir.resolve("big")).orElseThrow();
        assertEquals(big.length, first.length());
        assertArrayEquals(big, Arrays.copyOf(first.data(), first.length()));
        ProcBytes second = reader.read(dir.resolve("small")).orElseThrow();
        assertEquals(3, second.length());
        assertTrue(first.data() == second.data(), "one buffer for both reads");
    }

    @Test
    void sysctlFileIsReadableAfterTheBufferGrewBeyondKmallocMax(@TempDir Path dir) throws IOException {
        // a read(2) of more than 4 MiB on a sysctl file fails with ENOMEM: a 100,000-socket tcp table grows the buffer
        Files.write(dir.resolve("big"), new byte[9 * 1024 * 1024]);
        reader.read(dir.resolve("big"));
        ProcBytes bootId = reader.read(Path.of("/proc/sys/kernel/random/boot_id")).orElseThrow();
        assertEquals(37, bootId.length());
    }

    @Test
    void fileAboveTheCapIsAnError(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("huge"), new byte[100]);
        Files.write(dir.resolve("exact"), new byte[64]);
        assertEquals(64, new ProcFileReader(64).read(dir.resolve("exact")).orElseThrow().length());
        IOException e = assertThrows(IOException.class, () -> new ProcFileReader(64).read(dir.resolve("huge")));
        assertTrue(e.getMessage().contains("larger than 64 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("huge").toString()));
    }

    /** Collects what {@link ProcFileReader#readInLines} hands over: each line with the number it was given. */
    private static List<String> linesOf(ProcFileReader reader, Path file, List<Integer> pieceLengths)
            throws IOException {
        List<String> lines = new ArrayList<>();
        reader.readInLines(file, (data, length, firstLine) -> {
            assertEquals(lines.size() + 1, firstLine, "pieces follow each other");
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
        });
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
        assertEquals(OptionalLong.of(text.length()), reader.readInLines(file, (d, n, first) -> 0));
    }

    @Test
    void lastLineWithoutNewlineIsHandedOverToo(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("udp");
        Files.writeString(file, "header\nrow 1\nrow 2 without newline");
        assertEquals(List.of("1:header", "2:row 1", "3:row 2 without newline"),
                linesOf(reader, file, new ArrayList<>()));
    }

    @Test
    void lineLongerThanTheBufferGrowsItAndArrivesWhole(@TempDir Path dir) throws IOException {
        String longLine = "y".repeat(200_000);
        Path file = dir.resolve("odd");
        Files.writeString(file, "a\n" + longLine + "\nb\n");
        assertEquals(List.of("1:a", "2:" + longLine, "3:b"), linesOf(reader, file, new ArrayList<>()));
    }

    @Test
    void absentOrEmptyFileWhenReadInLines(@TempDir Path dir) throws IOException {
        assertEquals(OptionalLong.empty(), reader.readInLines(dir.resolve("tcp6"), (d, n, first) -> fail("no data")));
        Files.writeString(dir.resolve("empty"), "");
        assertEquals(OptionalLong.of(0), reader.readInLines(dir.resolve("empty"), (d, n, first) -> fail("no data")));
    }

    @Test
    void fileAboveTheCapIsAnErrorWhenReadInLines(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("huge"), "0123456789\n".repeat(10));
        IOException e = assertThrows(IOException.class,
                () -> new ProcFileReader(64).readInLines(dir.resolve("huge"), (d, n, first) -> 1));
        assertTrue(e.getMessage().contains("larger than 64 bytes"), e.getMessage());
        assertTrue(e.getMessage().contains(dir.resolve("huge").toString()));
        // one line filling the whole capped buffer: exactly at the cap is fine, a byte more is too large
        Files.writeString(dir.resolve("full"), "z".repeat(64));
        assertEquals(List.of("1:" + "z".repeat(64)), linesOf(new ProcFileReader(64), dir.resolve("full"), new ArrayList<>()));
        Files.writeString(dir.resolve("over"), "z".repeat(65));
        assertThrows(ProcFileReader.TooLargeException.class,
                () -> new ProcFileReader(64).readInLines(dir.resolve("over"), (d, n, first) -> 1));
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
        assertEquals(Path.of("/proc/sys/kernel/random/boot_id"), root.bootIdFile());
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
        Files.createDirectories(root.resolve("1/net/dev"));   // a directory: opening works, reading fails
        assertTrue(ProcRoot.resolve(root).netFallback());
    }

    @Test
    void mountedProcWithPid1NetButNoDevStillUsesPid1Net(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("1/net"));
        assertEquals(root.resolve("1/net"), ProcRoot.resolve(root).netDir());
    }

    @Test
    void missingOrNonDirectoryRootIsAnError(@TempDir Path dir) throws IOException {
        assertThrows(NoSuchFileException.class, () -> ProcRoot.resolve(dir.resolve("nope")));
        Files.writeString(dir.resolve("file"), "");
        assertThrows(NotDirectoryException.class, () -> ProcRoot.resolve(dir.resolve("file")));
    }
}
