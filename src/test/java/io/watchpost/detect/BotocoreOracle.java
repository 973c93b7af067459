package io.watchpost.detect;

import io.watchpost.json.JsonValues;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * AWS's own judgement of a {@code CreateSecurityProfile} request: Debian's python3-botocore carries the IoT API model
 * the AWS CLI validates with (botocore_oracle.py says what it checks). Absent on a machine without python3-botocore;
 * {@code .ci/run} installs it.
 */
public final class BotocoreOracle {
    private static final String PYTHON = "/usr/bin/python3";

    private BotocoreOracle() {
    }

    /** True when {@code /usr/bin/python3} can import botocore. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import botocore.validate").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The verdict per request id: {@code OK} or {@code ERR <reasons>}. */
    public static Map<String, String> judge(Map<String, Object> requests) throws IOException, InterruptedException {
        List<Object> cases = new ArrayList<>();
        requests.forEach((id, request) -> cases.add(Map.of("id", id, "request", request)));
        Process p = new ProcessBuilder(PYTHON, script().toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(JsonValues.toJson(cases).getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("botocore_oracle.py failed: " + out);
        }
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                int space = line.indexOf(' ');
                verdicts.put(line.substring(0, space), line.substring(space + 1));
            }
        }
        return verdicts;
    }

    private static Path script() {
        try {
            return Path.of(BotocoreOracle.class.getResource("botocore_oracle.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
