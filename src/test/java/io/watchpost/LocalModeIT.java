package io.watchpost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.cli.LocalReportConsole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar watchpost.jar local} on this machine's real /proc: the embedded core, the real IPC client and the real
 * runtime, until SIGTERM.
 */
class LocalModeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void reportsAreJudgedAndPrintedThenSigtermLeavesNothingBehind() throws Exception {
        // Short: the socket path inside it must stay under the 108-byte Unix limit.
        Path javaTmp = Files.createDirectory(tmp.resolve("t"));
        try (JarProcess p = JarProcess.start(tmp, Map.of(), List.of("-Djava.io.tmpdir=" + javaTmp),
                "local", "--interval", "2")) {
            boolean twoAccepted = p.awaitLines(l -> l.startsWith(LocalReportConsole.VERDICT_PREFIX + "ACCEPTED"), 2,
                    WAIT);
            assertTrue(twoAccepted, "two ACCEPTED verdicts expected within " + WAIT + ":\n" + p.stdout() + "\n"
                    + p.stderr());
            p.terminate();
            assertTrue(p.waitFor(Duration.ofSeconds(10)), "local mode did not stop after SIGTERM");
            assertEquals(0, p.exitValue(), p.stdout() + "\n" + p.stderr());

            List<String> out = p.stdoutLines();
            String all = p.stdout();
            assertTrue(out.stream().anyMatch(l -> l.contains("local_mode_started") && l.contains("interval_s=2")
                    && l.contains("at most every 300 s")), all);
            int summary = indexOf(out, LocalReportConsole.REPORT_PREFIX);
            assertTrue(summary >= 0, all);
            assertTrue(out.get(summary).matches("--- report \\d+ \\| \\d+ bytes json \\| tcp ports \\d+, udp ports \\d+,"
                    + " connections \\d+.* \\| network_stats (yes|no.*)"), out.get(summary));
            assertEquals("{", out.get(summary + 1), "pretty JSON follows the summary");
            assertEquals("  \"header\" : {", out.get(summary + 2));
            assertTrue(out.stream().anyMatch(l -> l.contains("network_stats yes")),
                    "the report after the first accepted one carries deltas:\n" + all);
            assertFalse(p.stderr().contains("Exception"), p.stderr());

            Path dir = Path.of(p.field("local_mode_started", "dir"));
            Path socket = Path.of(p.field("local_core_started", "socket"));
            assertTrue(dir.startsWith(javaTmp), dir.toString());
            assertFalse(Files.exists(socket), "socket left behind: " + socket);
            assertFalse(Files.exists(dir), "private directory left behind: " + dir);
            try (Stream<Path> left = Files.list(javaTmp)) {
                assertEquals(List.of(), left.toList(), "nothing may be left in java.io.tmpdir");
            }
            assertTrue(out.stream().anyMatch(l -> l.contains("local_mode_stopped")), all);
        }
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
