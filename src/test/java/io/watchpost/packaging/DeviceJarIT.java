package io.watchpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The jars the recipe deploys carry the component and what an operator runs on the device ({@code report}), not the
 * development tooling: no {@code io.watchpost.localcore} (local mode, the in-process IPC server, the stand-in), no
 * fault injection, no jackson-databind. target/watchpost.jar keeps all of it.
 */
class DeviceJarIT {
    private static final Path TARGET = Path.of(System.getProperty("watchpost.jar")).toAbsolutePath().getParent();
    /** The IPC server's test controls: they live in test sources, so no product class may name them. */
    private static final List<String> FAULT_INJECTION = List.of("failNextPublishes", "stallPublishes",
            "holdPublishes", "denySubscriptions", "dropConnections", "ignorePublishes", "IpcFault");

    @TempDir
    Path dir;

    /** What target/watchpost.jar has and a device jar must not. */
    static boolean developmentOnly(String entry) {
        return entry.startsWith("io/watchpost/localcore/") || entry.startsWith("com/fasterxml/jackson/databind/")
                || entry.startsWith("com/fasterxml/jackson/annotation/");
    }

    @ParameterizedTest
    @EnumSource(Platforms.class)
    void deviceJarCarriesNoDevelopmentTooling(Platforms platform) throws IOException {
        Path path = TARGET.resolve(platform.jarName);
        System.out.println("device_jar file=" + platform.jarName + " bytes=" + Files.size(path));
        try (JarFile jar = new JarFile(path.toFile())) {
            List<String> unwanted = jar.stream().map(JarEntry::getName).filter(DeviceJarIT::developmentOnly).toList();
            assertEquals(List.of(), unwanted);
            List<String> namingFaults = new ArrayList<>();
            for (JarEntry e : jar.stream().filter(e -> e.getName().startsWith("io/watchpost/")
                    && e.getName().endsWith(".class")).toList()) {
                String text = constantText(jar, e);
                FAULT_INJECTION.stream().filter(text::contains).forEach(n -> namingFaults.add(e.getName() + ": " + n));
            }
            assertEquals(List.of(), namingFaults);
        }
    }

    @Test
    void theDevelopmentJarKeepsLocalModeAndDatabind() throws IOException {
        try (JarFile jar = new JarFile(TARGET.resolve("watchpost.jar").toFile())) {
            assertTrue(jar.getEntry("io/watchpost/localcore/LocalMode.class") != null);
            assertTrue(jar.getEntry("com/fasterxml/jackson/databind/ObjectMapper.class") != null);
            assertFalse(jar.stream().anyMatch(e -> e.getName().equals("io/watchpost/localcore/FaultyIpcServer.class")));
        }
    }

    @Test
    void reportRunsFromTheDeviceJar() throws Exception {
        Result json = run(Platforms.X86_64, "report");
        assertEquals(0, json.exit(), json.stderr());
        assertTrue(json.stdout().startsWith("{\"header\":{\"report_id\":"), json.stdout());
        Path config = Files.writeString(dir.resolve("config.json"), "{\"ReportFormat\": \"cbor\", \"KeyNames\": \"short\"}");
        Result cbor = run(Platforms.X86_64, "report", "--config", config.toString());
        assertEquals(0, cbor.exit(), cbor.stderr());
        assertTrue(cbor.stdout().length() > 0 && (cbor.stdout().charAt(0) & 0xe0) == 0xa0, "a CBOR map first");
    }

    @Test
    void localModeFromTheDeviceJarNamesTheJarThatHasIt() throws Exception {
        Result r = run(Platforms.X86_64, "local", "--interval", "5");
        assertEquals(2, r.exit(), r.stderr());
        assertEquals("", r.stdout());
        assertTrue(r.stderr().contains("local mode is not in the device jar; use target/watchpost.jar"), r.stderr());
    }

    /** The class file as ISO-8859-1 text: constant-pool names (methods, fields, classes) appear in it verbatim. */
    private static String constantText(JarFile jar, JarEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private record Result(int exit, String stdout, String stderr) {}

    private Result run(Platforms platform, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", TARGET.resolve(platform.jarName).toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        // Bounded only so a hung JVM cannot hang the build.
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("watchpost " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
