package io.watchpost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.cli.ComponentOptions;
import io.watchpost.localcore.LocalDetectConsole;
import io.watchpost.localcore.LocalReportConsole;
import io.watchpost.localcore.RecipeRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar watchpost.jar local} on this machine's real /proc: the embedded core in local mode's process, the
 * component in a child process (the real IPC client and the real runtime), until SIGTERM or SIGKILL.
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
            ProcessHandle component = component(p);
            p.terminate();
            assertTrue(p.waitFor(Duration.ofSeconds(10)), "local mode did not stop after SIGTERM");
            assertFalse(component.isAlive(), "the component process outlived local mode");
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
            // The component child was stopped the nucleus's way (SIGTERM) and saved its state before local mode ended.
            assertTrue(out.stream().anyMatch(l -> l.contains(" runtime_stopped ")), all);
            assertTrue(indexOf(out, "runtime_stopped") < indexOf(out, "local_mode_stopped"), all);
        }
    }

    @Test
    void theComponentRunsAsItsOwnProcessWithTheRecipesFlagsAndEndsWhenLocalModeIsKilledAndTheNextCleansUp()
            throws Exception {
        Path javaTmp = Files.createDirectory(tmp.resolve("t"));
        Path left;
        try (JarProcess p = JarProcess.start(tmp, Map.of(), List.of("-Djava.io.tmpdir=" + javaTmp),
                "local", "--interval", "1")) {
            assertTrue(p.awaitLines(l -> l.startsWith(LocalReportConsole.VERDICT_PREFIX + "ACCEPTED"), 1, WAIT),
                    p.stdout() + "\n" + p.stderr());
            ProcessHandle component = component(p);
            assertEquals(ProcessHandle.of(p.pid()).orElseThrow(), component.parent().orElseThrow(),
                    "the component is local mode's child");
            List<String> command = List.of(component.info().arguments().orElseThrow());
            assertEquals(RecipeRun.JVM_FLAGS, command.subList(0, RecipeRun.JVM_FLAGS.size()), command.toString());
            assertEquals(ComponentOptions.LOCAL_CHILD, command.get(command.indexOf("-jar") + 2),
                    "component mode (not local mode) with local mode's interval: " + command);

            // SIGKILL: no shutdown hook stops the child; its standard input closing must.
            ProcessHandle.of(p.pid()).orElseThrow().destroyForcibly();
            assertTrue(p.waitFor(Duration.ofSeconds(10)));
            try {
                component.onExit().get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                component.destroyForcibly();
                throw new AssertionError("the component kept running after local mode was killed", e);
            }
            left = Path.of(p.field("local_mode_started", "dir"));
        }
        assertTrue(Files.isDirectory(left), "SIGKILL gives local mode no chance to clean up: " + left);

        // The next local mode removes what the killed one left, and only that.
        try (JarProcess next = JarProcess.start(tmp, Map.of(), List.of("-Djava.io.tmpdir=" + javaTmp),
                "local", "--interval", "1")) {
            Path abandoned = left;
            assertTrue(next.awaitLines(l -> l.contains(" local_dir_removed ") && l.contains("dir=" + abandoned), 1,
                    WAIT), next.stdout() + "\n" + next.stderr());
            assertFalse(Files.exists(abandoned));
            assertTrue(next.awaitLines(l -> l.contains(" local_mode_started "), 1, WAIT), next.stdout());
            Path own = Path.of(next.field("local_mode_started", "dir"));
            assertTrue(Files.isDirectory(own), "its own directory is in use");
            next.terminate();
            assertTrue(next.waitFor(Duration.ofSeconds(10)));
        }
        try (Stream<Path> rest = Files.list(javaTmp)) {
            assertEquals(List.of(), rest.toList(), "nothing left in java.io.tmpdir");
        }
    }

    /**
     * {@code local --profile FILE}: the component child evaluates the profile (served as SecurityProfiles) and local
     * mode prints its in-alarm event, naming a port the test holds outside the profile's in-port-set.
     */
    @Test
    void aProfilesInAlarmEventIsPrintedNamingTheListeningPortOutsideTheSet() throws Exception {
        Path javaTmp = Files.createDirectory(tmp.resolve("t"));
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            Path profile = Files.writeString(tmp.resolve("edge.json"), "{\"securityProfileName\": \"edge\", "
                    + "\"behaviors\": [{\"name\": \"only-ssh\", \"metric\": \"aws:listening-tcp-ports\", \"criteria\": "
                    + "{\"comparisonOperator\": \"in-port-set\", \"value\": {\"ports\": [22]}, "
                    + "\"consecutiveDatapointsToAlarm\": 1, \"consecutiveDatapointsToClear\": 1}}]}");
            try (JarProcess p = JarProcess.start(tmp, Map.of(), List.of("-Djava.io.tmpdir=" + javaTmp),
                    "local", "--interval", "10", "--profile", profile.toString())) {
                String alarm = LocalDetectConsole.EVENT_PREFIX + "IN-ALARM edge/only-ssh ";
                assertTrue(p.awaitLines(l -> l.startsWith(alarm), 1, WAIT), "no in-alarm line within " + WAIT
                        + ":\n" + p.stdout() + "\n" + p.stderr());
                String line = p.stdoutLines().stream().filter(l -> l.startsWith(alarm)).findFirst().orElseThrow();
                assertTrue(line.matches(".* \\| offending ports ([0-9]+, )*" + port + "(, [0-9]+)*( \\(\\d+ in all\\))?"
                        + " \\| .*\\| to IoT Core and local pub/sub"), line);
                p.terminate();
                assertTrue(p.waitFor(Duration.ofSeconds(10)), "local mode did not stop after SIGTERM");
                assertEquals(0, p.exitValue(), p.stdout() + "\n" + p.stderr());
            }
        }
    }

    /** The component process local mode started, named by its local_mode_started line. */
    private static ProcessHandle component(JarProcess p) {
        long pid = Long.parseLong(p.field("local_mode_started", "component_pid"));
        assertNotEquals(p.pid(), pid, "the component must be a process of its own");
        return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("component process " + pid + " not running"));
    }

    /** The first line that starts with {@code prefix} or whose event (third word) is {@code prefix}. */
    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            String[] words = lines.get(i).split(" ");
            if (lines.get(i).startsWith(prefix) || words.length > 2 && words[2].equals(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
