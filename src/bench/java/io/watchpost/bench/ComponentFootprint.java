package io.watchpost.bench;

import io.watchpost.ipc.GreengrassIpcConnector;
import io.watchpost.localcore.DeviceDefenderStandIn;
import io.watchpost.localcore.LocalIpcServer;
import io.watchpost.localcore.RecipeRun;
import io.watchpost.runtime.StateStore;
import io.watchpost.runtime.ThingName;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.aws.greengrass.GreengrassCoreIPCClientV2;
import software.amazon.awssdk.aws.greengrass.model.BinaryMessage;
import software.amazon.awssdk.aws.greengrass.model.JsonMessage;
import software.amazon.awssdk.aws.greengrass.model.PublishMessage;
import software.amazon.awssdk.aws.greengrass.model.PublishToTopicRequest;

/**
 * Resident memory of the deployed component: {@code ComponentFootprint <jar> <proc root> [extra JVM flags...]} starts
 * the jar in component mode (no arguments, the recipe's Run flags, the nucleus's variables) against the in-process
 * IPC server with the Device Defender stand-in, the configured {@code ProcDestinationPath} pointing at {@code proc
 * root}. After the first report is accepted, another component sends one binary and one JSON custom metric; 10 s later
 * the component's VmRSS (RssAnon + RssFile) and VmHWM are printed as one line, then it gets SIGTERM. The component's
 * floor of 300 s between reports leaves one cycle per run: this is the footprint after start-up and the first report
 * with every document type read once, not after many cycles.
 */
public final class ComponentFootprint {
    private static final String TOKEN = "svcuid-component-footprint";
    private static final String TOPIC = "watchpost/custom-metrics";

    private ComponentFootprint() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path procRoot = Path.of(args[1]).toAbsolutePath();
        Path dir = Files.createTempDirectory("component-footprint");
        Map<String, Object> config = Map.of("SampleIntervalSeconds", 300, "ProcDestinationPath", procRoot.toString());
        try (LocalIpcServer server = LocalIpcServer.start(dir, TOKEN, config)) {
            DeviceDefenderStandIn deviceDefender = DeviceDefenderStandIn.attach(server, Clock.systemUTC(),
                    Duration.ofSeconds(300));
            CompletableFuture<DeviceDefenderStandIn.Verdict> verdict = new CompletableFuture<>();
            deviceDefender.onVerdict(verdict::complete);
            Path work = Files.createDirectory(dir.resolve("work"));
            Files.writeString(work.resolve(StateStore.FILE_NAME),
                    "{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":41}");
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(RecipeRun.JVM_FLAGS);
            command.add("-Daws.crt.lib.dir=" + work);
            command.addAll(List.of(args).subList(2, args.length));
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
            pb.environment().put(GreengrassIpcConnector.TOKEN_VARIABLE, TOKEN);
            pb.environment().put(GreengrassIpcConnector.SOCKET_PATH_VARIABLE, server.socketPath().toString());
            pb.environment().put(ThingName.VARIABLE, "footprint-thing");
            pb.environment().putAll(RecipeRun.ENVIRONMENT);
            pb.redirectOutput(work.resolve("stdout.txt").toFile()).redirectError(work.resolve("stderr.txt").toFile());
            Process component = pb.start();
            try {
                if (!verdict.get(120, TimeUnit.SECONDS).accepted()) {
                    throw new IllegalStateException("the first report was refused: " + verdict.join());
                }
                sendCustomMetrics(server);
                Thread.sleep(10_000);
                System.out.println(String.format(Locale.ROOT,
                        "component_footprint rss_mb=%.1f anon_mb=%.1f file_mb=%.1f hwm_mb=%.1f",
                        statusMb(component, "VmRSS"), statusMb(component, "RssAnon"), statusMb(component, "RssFile"),
                        statusMb(component, "VmHWM")));
            } finally {
                component.destroy();
                component.waitFor(10, TimeUnit.SECONDS);
                component.destroyForcibly();
            }
        }
        System.exit(0); // the IPC client's threads are not daemons
    }

    private static void sendCustomMetrics(LocalIpcServer server) throws Exception {
        ExecutorService callbacks = Executors.newSingleThreadExecutor();
        try (GreengrassCoreIPCClientV2 other = GreengrassCoreIPCClientV2.builder()
                .withSocketPath(server.socketPath().toString()).withAuthToken(TOKEN).withExecutor(callbacks).build()) {
            other.publishToTopicAsync(new PublishToTopicRequest().withTopic(TOPIC).withPublishMessage(
                    new PublishMessage().withBinaryMessage(new BinaryMessage().withMessage(
                            "{\"name\":\"failed_logins\",\"number\":3}".getBytes(StandardCharsets.UTF_8)))))
                    .get(10, TimeUnit.SECONDS);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", "open_files");
            json.put("number_list", List.of(12, 40.5));
            other.publishToTopicAsync(new PublishToTopicRequest().withTopic(TOPIC).withPublishMessage(
                    new PublishMessage().withJsonMessage(new JsonMessage().withMessage(json))))
                    .get(10, TimeUnit.SECONDS);
        } finally {
            callbacks.shutdownNow();
        }
    }

    private static double statusMb(Process p, String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.split("\\s+")[1]) / 1024.0;
            }
        }
        throw new IllegalStateException(key + " not in /proc/" + p.pid() + "/status");
    }
}
