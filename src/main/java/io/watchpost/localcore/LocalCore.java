package io.watchpost.localcore;

import io.watchpost.ipc.GreengrassIpcConnector;
import io.watchpost.log.EventLog;
import io.watchpost.runtime.ThingName;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * The embedded Greengrass core of local mode: a {@link LocalIpcServer} with a {@link DeviceDefenderStandIn} attached,
 * whose verdicts go to the event log. The IPC token is random and leaves this object only in the component's environment.
 */
public final class LocalCore implements AutoCloseable {
    private final LocalIpcServer server;
    private final DeviceDefenderStandIn deviceDefender;
    private final String token;

    private LocalCore(LocalIpcServer server, DeviceDefenderStandIn deviceDefender, String token) {
        this.server = server;
        this.deviceDefender = deviceDefender;
        this.token = token;
    }

    /**
     * Starts the core in a private directory under {@code parent} with {@code config} as the component configuration.
     * {@code minReportSpacing} is 300 s in the real service; local mode may lower it to see results sooner.
     */
    public static LocalCore start(Path parent, Map<String, ?> config, Clock clock, Duration minReportSpacing,
                                  EventLog log) throws IOException {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        LocalIpcServer server = LocalIpcServer.start(parent, token, config);
        DeviceDefenderStandIn standIn = DeviceDefenderStandIn.attach(server, clock, minReportSpacing);
        standIn.onVerdict(v -> logVerdict(log, v));
        log.info("local_core_started", "socket", server.socketPath(), "min_report_spacing_s",
                minReportSpacing.toSeconds());
        return new LocalCore(server, standIn, token);
    }

    private static void logVerdict(EventLog log, DeviceDefenderStandIn.Verdict v) {
        Object reportId = v.reportId().map(Object.class::cast).orElse("none");
        if (!v.answered()) {
            log.info("local_device_defender_silent", "thing", v.thingName(), "report_id", reportId);
        } else if (v.accepted()) {
            log.info("local_device_defender_accepted", "thing", v.thingName(), "report_id", reportId,
                    "format", v.format().topicSegment());
        } else {
            log.warn("local_device_defender_rejected", "thing", v.thingName(), "report_id", reportId,
                    "format", v.format().topicSegment(), "error_code", v.errorCode(), "message", v.errorMessage());
        }
    }

    /**
     * The variables the nucleus sets for a component it starts
     * (<a href="https://docs.aws.amazon.com/greengrass/v2/developerguide/component-environment-variables.html">component
     * environment variables</a>), for this core: its socket, its token and {@code thing}. The one way the token leaves
     * this object.
     */
    public Map<String, String> componentEnvironment(ThingName thing) {
        return Map.of(GreengrassIpcConnector.SOCKET_PATH_VARIABLE, server.socketPath().toString(),
                GreengrassIpcConnector.TOKEN_VARIABLE, token, ThingName.VARIABLE, thing.value());
    }

    public LocalIpcServer server() {
        return server;
    }

    public DeviceDefenderStandIn deviceDefender() {
        return deviceDefender;
    }

    @Override
    public void close() {
        server.close();
    }
}
