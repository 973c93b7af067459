package io.watchpost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchpost.detect.BotocoreOracle;
import io.watchpost.detect.Cidr;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar watchpost.jar suggest-profile --samples 3 --every 1} against this machine's live /proc while the
 * test holds a listening socket and a connection to it: the printed profile allows both, and AWS's own IoT API model
 * (python3-botocore) accepts it as a {@code create-security-profile --cli-input-json} document.
 */
class SuggestProfileLiveIT {
    @TempDir
    Path dir;

    private record Run(int exit, String stdout, String stderr) {}

    private Run suggest(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("suggest-profile"));
        command.addAll(List.of(args));
        return watchpost(command);
    }

    private Run watchpost(List<String> args) throws IOException, InterruptedException {
        String jar = System.getProperty("watchpost.jar", "target/watchpost.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar));
        command.addAll(args);
        Path out = Files.createTempFile(dir, "stdout", "");
        Path err = Files.createTempFile(dir, "stderr", "");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "watchpost " + args + " did not finish");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void threeLiveSamplesGiveAProfileAwsAcceptsThatAllowsWhatTheTestHolds() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket accepted = server.accept()) {
                Run run = suggest("--samples", "3", "--every", "1", "--name", "live-test");

                assertEquals(0, run.exit(), run.stderr());
                JsonNode doc = new ObjectMapper().readTree(run.stdout());
                assertEquals("live-test", doc.get("securityProfileName").asText());
                JsonNode tcp = behavior(doc, "listening-tcp-ports");
                List<Integer> ports = new ArrayList<>();
                tcp.at("/criteria/value/ports").forEach(n -> ports.add(n.asInt()));
                assertTrue(ports.contains(server.getLocalPort()), server.getLocalPort() + " not in " + ports);
                JsonNode destinations = behavior(doc, "destination-ip-addresses");
                if (destinations == null) {
                    // a busy shared machine may have more than 100 destinations: then the note says so
                    assertTrue(run.stderr().contains("aws:destination-ip-addresses: "), run.stderr());
                } else {
                    Cidr loopback = Cidr.parse("127.0.0.1");
                    List<String> cidrs = new ArrayList<>();
                    destinations.at("/criteria/value/cidrs").forEach(n -> cidrs.add(n.asText()));
                    assertTrue(cidrs.stream().map(Cidr::parse).anyMatch(c -> c.contains(loopback.high(),
                            loopback.low())), "127.0.0.1 not in " + cidrs);
                }
                System.out.println("suggest-profile on the live /proc: " + doc.get("behaviors").size()
                        + " behaviors, " + ports.size() + " TCP ports allowed");

                assumeTrue(BotocoreOracle.available(), "python3-botocore is not installed");
                Object request = new ObjectMapper().readValue(run.stdout(), Object.class);
                assertEquals(Map.of("live", "OK"), BotocoreOracle.judge(Map.of("live", request)));
            }
        }
    }

    /**
     * The suggestion of a fixture root, evaluated by {@code watchpost detect} on the same root, is all normal (exit
     * 0). On a fixture, not the live /proc: a shared machine opens and closes ports between the two runs, and detect
     * reports a single violating sample.
     */
    @Test
    void aSuggestionRoundTripsThroughDetectWithExitZero() throws Exception {
        Path root = Path.of("src/test/resources/io/watchpost/proc/host");
        for (String format : List.of("cli", "behaviors", "cloudformation")) {
            Run suggested = suggest("--proc-root", root.toString(), "--samples", "3", "--every", "1", "--format",
                    format, "--name", "round-trip");
            assertEquals(0, suggested.exit(), suggested.stderr());
            Path profile = dir.resolve("round-trip-" + format + ".json");
            Files.writeString(profile, suggested.stdout());

            Run detect = watchpost(List.of("detect", "--profile", profile.toString(), "--proc-root", root.toString()));

            assertEquals(0, detect.exit(), format + ":\n" + detect.stdout() + detect.stderr());
        }
    }

    private static JsonNode behavior(JsonNode doc, String name) {
        for (JsonNode b : doc.get("behaviors")) {
            if (b.get("name").asText().equals(name)) {
                return b;
            }
        }
        return null;
    }
}
