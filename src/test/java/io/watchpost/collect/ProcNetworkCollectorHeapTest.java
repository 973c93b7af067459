package io.watchpost.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.localcore.RecipeRun;
import io.watchpost.proc.ProcFixtures;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proc roots that killed the component with an OutOfMemoryError under the recipe's {@code -Xmx64m} (issue 11): more
 * than ~1.2 million established rows, a 52 MB {@code net/dev}, a single 40 MB line. Each is collected in a child JVM
 * started with the recipe's JVM flags; each must end as a snapshot or as an error naming the file, never as an OOM
 * (the flags exit the JVM on one). The rows are written directly rather than by the synthetic generator, whose
 * expected collection of two million connections would not be small.
 */
class ProcNetworkCollectorHeapTest {
    private static final int ROWS = 2_000_000;
    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode\n";
    /** One ESTABLISHED row as a little-endian kernel prints it; the remote address and port are filled in per row. */
    private static final byte[] ROW = ("   1: 020200C0:1F90 00000000:0000 01 00000000:00000000 00:00000000 00000000"
            + "  1000        0 12345 1 0000000000000000 20 4 30 10 -1\n").getBytes(StandardCharsets.US_ASCII);
    private static final int REMOTE_AT = 20;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path temp;

    @Test
    void hostileRootsEndAsReportsOrErrorsUnderTheRecipesHeap() throws Exception {
        Path rows = root("rows");
        writeEstablished(rows.resolve("1/net/tcp"), ROWS);
        Files.delete(rows.resolve("1/net/tcp6")); // its few connections would add to the total
        Path dev = root("dev");
        writeRepeated(dev.resolve("1/net/dev"), Files.readAllBytes(ProcFixtures.net("host", "dev")),
                "  eth9: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n", 52L << 20);
        Path line = root("line");
        writeHugeLine(line.resolve("1/net/tcp"), 40 << 20);

        List<String> out = runChild(rows, dev, line);

        assertEquals("collected root=" + rows + " total=" + ROWS + " exact=false kept=1000 destinations="
                + ProcNetworkCollector.MAX_DESTINATIONS + " complete=false malformed=0", out.get(0));
        assertEquals("refused root=" + dev + " error=" + dev.resolve("1/net/dev") + ": larger than 4194304 bytes,"
                + " the cap for this file; not a kernel table", out.get(1));
        assertTrue(out.get(2).startsWith("collected root=" + line + " ") && out.get(2).endsWith(" malformed=1"),
                out.get(2));
        System.out.println("2M-row proc root under -Xmx64m: " + out.get(3));
    }

    private Path root(String name) throws IOException {
        Path root = temp.resolve(name);
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        return root;
    }

    private static List<String> runChild(Path... roots) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(RecipeRun.JVM_FLAGS); // the recipe's own: -Xmx64m, SerialGC, ExitOnOutOfMemoryError, ...
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HeapBoundCollect.class.getName()));
        Arrays.stream(roots).map(Path::toString).forEach(command::add);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child finished");
        assertEquals(0, child.exitValue(), output);
        List<String> lines = output.lines().toList();
        assertEquals(roots.length + 1, lines.size(), output);
        return lines;
    }

    /** {@code rows} distinct ESTABLISHED rows: remote 10.0.0.0 + i, port 443. */
    private static void writeEstablished(Path tcp, int rows) throws IOException {
        byte[] row = ROW.clone();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tcp), 1 << 16)) {
            out.write(HEADER.getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < rows; i++) {
                int printed = Integer.reverseBytes(0x0A000000 + i);
                for (int d = 0; d < 8; d++) {
                    row[REMOTE_AT + d] = HEX[printed >>> (28 - 4 * d) & 0xf];
                }
                row[REMOTE_AT + 9] = '0';
                row[REMOTE_AT + 10] = '1';
                row[REMOTE_AT + 11] = 'B';
                row[REMOTE_AT + 12] = 'B';
                out.write(row);
            }
        }
    }

    private static void writeRepeated(Path file, byte[] head, String line, long size) throws IOException {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(head);
            for (long n = head.length; n < size; n += bytes.length) {
                out.write(bytes);
            }
        }
    }

    private static void writeHugeLine(Path tcp, int length) throws IOException {
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) '7');
        try (OutputStream out = Files.newOutputStream(tcp)) {
            out.write(HEADER.getBytes(StandardCharsets.US_ASCII));
            for (int n = 0; n < length; n += chunk.length) {
                out.write(chunk);
            }
            out.write('\n');
        }
    }
}
