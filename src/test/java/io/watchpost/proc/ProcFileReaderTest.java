package io.watchpost.proc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
