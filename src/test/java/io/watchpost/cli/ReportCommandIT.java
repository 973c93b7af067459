package io.watchpost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar target/watchpost.jar report ...} as a real subprocess: exit codes, streams, manifest version. */
class ReportCommandIT {
    private record Result(int exit, String stdout, String stderr) {}

    @TempDir
    Path dir;

    private Result run(String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("watchpost.jar", "target/watchpost.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", jar, "report"));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "watchpost report did not finish");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void versionComesFromTheJarManifest() throws Exception {
        Result r = run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.stdout().matches("watchpost \\d+\\.\\d+\\.\\d+.*\\n"), r.stdout());
    }

    @Test
    void helpGoesToStdoutAndUsageErrorsExitTwo() throws Exception {
        Result help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.stdout().startsWith("Usage: watchpost report"), help.stdout());

        Result bad = run("--format", "yaml");
        assertEquals(2, bad.exit());
        assertEquals("", bad.stdout());
        assertTrue(bad.stderr().contains("--format must be json or cbor"), bad.stderr());
    }

    @Test
    void aMissingProcRootExitsOneNamingThePath() throws Exception {
        Path missing = dir.resolve("no-proc-here");
        Result r = run("--proc-root", missing.toString());
        assertEquals(1, r.exit());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains(missing.toString()), r.stderr());
    }
}
