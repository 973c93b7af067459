package io.watchpost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar watchpost.jar detect --profile FILE} against this machine's live /proc: a listening socket the
 * test holds outside the allowed set makes it exit 3 and name the port; a profile the machine satisfies exits 0.
 */
class DetectCommandIT {
    @TempDir
    Path dir;

    private static String behavior(String name, String metric, String operator, String value) {
        return "{\"name\":\"" + name + "\",\"metric\":\"" + metric + "\",\"criteria\":{\"comparisonOperator\":\""
                + operator + "\",\"value\":" + value + "}}";
    }

    private JarProcess detect(String... behaviors) throws IOException, InterruptedException {
        Path profile = Files.writeString(dir.resolve("profile.json"),
                "{\"securityProfileName\":\"it\",\"behaviors\":[" + String.join(",", behaviors) + "]}");
        JarProcess p = JarProcess.start(dir, Map.of(), List.of(), "detect", "--profile", profile.toString());
        assertTrue(p.waitFor(Duration.ofSeconds(60)), "detect did not finish");
        return p;
    }

    @Test
    void a_listening_port_outside_the_allowed_set_exits_3_and_is_named() throws Exception {
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = held.getLocalPort();
            try (JarProcess p = detect(
                    behavior("only-ssh", "aws:listening-tcp-ports", "in-port-set", "{\"ports\":[22]}"),
                    behavior("not-this-one", "aws:listening-tcp-ports", "not-in-port-set",
                            "{\"ports\":[" + port + "]}"))) {
                assertEquals(3, p.exitValue(), p.stdout() + p.stderr());
                String onlySsh = line(p, "it/only-ssh");
                assertTrue(onlySsh.startsWith("VIOLATING") && onlySsh.matches(".*offending \\{\"ports\":\\[[0-9,]*\\b"
                        + port + "\\b[0-9,]*\\]\\}.*"), onlySsh);
                assertTrue(line(p, "it/not-this-one").contains("offending {\"ports\":[" + port + "]}"),
                        p.stdout());
            }
        }
    }

    @Test
    void a_profile_the_machine_satisfies_exits_0() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nobody listens on it once it is closed
        }
        try (JarProcess p = detect(
                behavior("not-closed", "aws:listening-tcp-ports", "not-in-port-set", "{\"ports\":[" + closed + "]}"),
                behavior("anywhere", "aws:destination-ip-addresses", "in-cidr-set",
                        "{\"cidrs\":[\"0.0.0.0/0\",\"::/0\"]}"),
                behavior("conns", "aws:num-established-tcp-connections", "less-than-equals",
                        "{\"count\":1000000000}"))) {
            assertEquals(0, p.exitValue(), p.stdout() + p.stderr());
            assertEquals(3, p.stdout().lines().filter(l -> l.startsWith("compliant")).count(), p.stdout());
        }
    }

    private static String line(JarProcess p, String behavior) {
        return p.stdout().lines().filter(l -> l.contains(" " + behavior + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + behavior + " in:\n" + p.stdout()));
    }
}
