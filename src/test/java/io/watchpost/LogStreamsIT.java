package io.watchpost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.ipc.GreengrassIpcConnector;
import io.watchpost.localcore.DeviceDefenderStandIn;
import io.watchpost.localcore.LocalIpcServer;
import io.watchpost.runtime.StateStore;
import io.watchpost.runtime.ThingName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nucleus records a component's stdout at INFO and its stderr at WARN: the built jar writes INFO events to stdout
 * and WARN and ERROR events to stderr, one event per line in the same format.
 */
class LogStreamsIT {
    private static final String TOKEN = "svcuid-0a9b8c7d6e5f4031-secret";
    private static final Pattern EVENT = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z (DEBUG|INFO|WARN|ERROR) [a-z0-9_]+( [a-z0-9_]+=\\S.*)?");

    @TempDir
    Path tmp;

    @Test
    void infoGoesToStdoutWarnAndErrorToStderrOneLineEach() throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        // A corrupt state file: a WARN at start.
        Files.writeString(work.resolve(StateStore.FILE_NAME), "{\"format\":\"watchpost-state\",\"version\":2,"
                + "\"lastReportId\":9223372036854775807}");
        try (LocalIpcServer server = LocalIpcServer.start(tmp, TOKEN, Map.of("SampleIntervalSeconds", 300,
                "ReportFormat", "xml"))) {
            DeviceDefenderStandIn.attach(server, Clock.systemUTC(), Duration.ofSeconds(300));
            Map<String, String> env = Map.of(GreengrassIpcConnector.TOKEN_VARIABLE, TOKEN,
                    GreengrassIpcConnector.SOCKET_PATH_VARIABLE, server.socketPath().toString(),
                    ThingName.VARIABLE, "log-streams-thing");
            try (JarProcess p = JarProcess.start(work, env, List.of())) {
                assertTrue(p.awaitLines(l -> l.contains(" report_accepted "), 1, Duration.ofSeconds(60)),
                        p.stdout() + "\n" + p.stderr());
                p.terminate();
                assertTrue(p.waitFor(Duration.ofSeconds(5)), "SIGTERM must end the component within 5 s");
                assertEquals(0, p.exitValue(), p.stdout() + "\n" + p.stderr());

                List<String> out = p.stdoutLines();
                List<String> err = p.stderrLines();
                assertTrue(out.stream().anyMatch(l -> l.contains(" INFO runtime_started ")), p.stdout());
                assertTrue(err.stream().anyMatch(l -> l.contains(" WARN state_fresh_start ")
                        && l.contains("reason=invalid")), p.stderr());
                assertTrue(err.stream().anyMatch(l -> l.contains(" ERROR config_invalid key=ReportFormat ")
                        && l.contains("xml")),
                        "an invalid ReportFormat is an ERROR on stderr:\n" + p.stderr());
                for (String line : out) {
                    assertTrue(EVENT.matcher(line).matches() && (line.contains(" INFO ") || line.contains(" DEBUG ")),
                            "stdout holds INFO events only: " + line);
                }
                for (String line : err) {
                    assertTrue(EVENT.matcher(line).matches() && (line.contains(" WARN ") || line.contains(" ERROR ")),
                            "stderr holds WARN and ERROR events only: " + line);
                }
            }
        }
    }
}
