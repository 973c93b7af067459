package io.watchpost.ipc;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.localcore.LocalIpcServer;
import io.watchpost.log.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdkLoggingTest {
    @TempDir
    Path tmp;

    @Test
    void sdkWarningsReachTheEventLogWithoutTheTokenAndInfoIsDropped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        EventLog log = new EventLog(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), EventLog.Level.DEBUG);
        SdkLogging handle = SdkLogging.quiet(log);

        String rightToken = "right-token-77aa";
        String wrongToken = "wrong-token-99bb";
        try (LocalIpcServer server = LocalIpcServer.start(tmp, rightToken, Map.of())) {
            GreengrassIpcConnector.of(server.socketPath(), rightToken, Duration.ofSeconds(10)).connect().close();
            IpcException e = assertThrows(IpcException.class,
                    () -> GreengrassIpcConnector.of(server.socketPath(), wrongToken, Duration.ofSeconds(10)).connect());
            assertTrue(e.kind() == IpcException.Kind.ACCESS_DENIED);
        }

        // A WARN event goes to the log's stderr, one line in the log's format; nothing reaches the console otherwise.
        String logged = err.toString(StandardCharsets.UTF_8);
        assertTrue(logged.lines().allMatch(l -> l.contains(" WARN ipc_sdk_log ")), logged);
        assertTrue(logged.contains("ipc_sdk_log"), "the SDK's AccessDenied warning is an event: " + logged);
        assertFalse(logged.contains("Connection established") || out.toString(StandardCharsets.UTF_8)
                .contains("Connection established"), "SDK INFO chatter is dropped: " + logged);
        assertFalse(logged.contains(wrongToken) || logged.contains(rightToken), "no token in the log");
        for (String name : handle.loggerNames()) {
            Logger logger = Logger.getLogger(name);
            assertFalse(logger.getUseParentHandlers(), name + " must not reach the console handler");
            assertFalse(logger.isLoggable(Level.INFO), name + " must drop INFO");
        }
    }
}
