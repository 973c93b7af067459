package io.watchpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the recipe's Install script with {@code sh -c}, as the nucleus does, against a PATH that holds only the tools
 * the script needs plus the java under test: a real Java 17+, fake older ones, or none.
 */
class InstallScriptTest {
    @TempDir
    Path bin;

    private String script;

    @BeforeEach
    void setUp() throws IOException {
        script = ProjectFiles.manifests(ProjectFiles.recipe()).get(0).path("Lifecycle").path("Install").path("Script")
                .asText();
        for (String tool : List.of("sed", "head")) {
            wrapper(tool, which(tool));
        }
    }

    @Test
    void acceptsTheJava17PlusRunningThisTest() throws Exception {
        wrapper("java", Path.of(System.getProperty("java.home"), "bin", "java"));
        Result r = runInstall();
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.stdout.startsWith("java_check_ok java=" + bin.resolve("java")), r.toString());
        assertTrue(r.stdout.contains("java_version=" + System.getProperty("java.specification.version")), r.stdout);
    }

    @Test
    void refusesJava11AndSaysWhatToInstall() throws Exception {
        fakeJava("11");
        Result r = runInstall();
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.stderr.contains("needs Java 17 or newer"), r.stderr);
        assertTrue(r.stderr.contains("is version 11"), r.stderr);
        assertTrue(r.stderr.contains("openjdk-17-jre-headless"), r.stderr);
    }

    @Test
    void refusesJava8WhoseVersionStartsWithOne() throws Exception {
        fakeJava("1.8");
        Result r = runInstall();
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.stderr.contains("is version 1.8"), r.stderr);
    }

    @Test
    void acceptsAFutureJava() throws Exception {
        fakeJava("25");
        Result r = runInstall();
        assertEquals(0, r.exitCode, r.toString());
        assertTrue(r.stdout.contains("java_version=25"), r.stdout);
    }

    @Test
    void refusesAJavaThatPrintsNoVersion() throws Exception {
        fakeJava(null);
        Result r = runInstall();
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.stderr.contains("is version unknown"), r.stderr);
    }

    @Test
    void saysWhatToInstallWhenNoJavaIsOnThePath() throws Exception {
        Result r = runInstall();
        assertEquals(1, r.exitCode, r.toString());
        assertTrue(r.stderr.contains("found no java"), r.stderr);
        assertTrue(r.stderr.contains("java-17-amazon-corretto-headless"), r.stderr);
    }

    /** An executable in the test PATH that runs the real tool (a script rather than a link: JUnit warns on links). */
    private void wrapper(String name, Path real) throws IOException {
        executable(name, "#!/bin/sh\nexec '" + real + "' \"$@\"\n");
    }

    private void executable(String name, String content) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A java that answers -XshowSettings:properties -version like a real one of that version (on stderr). */
    private void fakeJava(String specificationVersion) throws IOException {
        String settings = specificationVersion == null ? "" :
                "echo '    java.specification.version = " + specificationVersion + "' >&2\n";
        executable("java", "#!/bin/sh\necho 'Property settings:' >&2\n" + settings
                + "echo 'openjdk version \"x\"' >&2\n");
    }

    private Result runInstall() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
        pb.environment().clear();
        pb.environment().put("PATH", bin.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        // The script is short; the bound only keeps a broken script from hanging the build.
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Install script did not finish");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Path which(String tool) {
        for (String dir : List.of("/usr/bin", "/bin")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError(tool + " not found in /usr/bin or /bin");
    }

    private record Result(int exitCode, String stdout, String stderr) {}
}
