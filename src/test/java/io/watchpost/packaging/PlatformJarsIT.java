package io.watchpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The per-platform jars Maven builds for the recipe's manifests: each carries exactly one CPU's aws-crt native
 * libraries, and aws-crt finds them where it looks, started with the recipe's own JVM flags. What they leave out of
 * target/watchpost.jar besides other CPUs' libraries is {@link DeviceJarIT}'s.
 */
class PlatformJarsIT {
    private static final Path TARGET = Path.of(System.getProperty("watchpost.jar")).toAbsolutePath().getParent();
    private static final Set<String> NATIVE_SUFFIXES = Set.of(".so", ".dll", ".dylib");

    @TempDir
    Path workPath;

    @ParameterizedTest
    @EnumSource(Platforms.class)
    void jarCarriesExactlyOneCpusNativeLibraries(Platforms platform) throws IOException {
        Path jar = TARGET.resolve(platform.jarName);
        List<String> libraries = nativeLibraries(jar);
        System.out.println("jar_size file=" + platform.jarName + " bytes=" + Files.size(jar) + " native=" + libraries);

        Set<String> directories = libraries.stream().map(PlatformJarsIT::platformDirectory)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(platform.nativeLibraryDirectory), directories, platform.jarName);
        assertTrue(libraries.contains(platform.nativeLibraryDirectory + "/glibc/libaws-crt-jni.so"), libraries::toString);
        assertTrue(libraries.contains(platform.nativeLibraryDirectory + "/musl/libaws-crt-jni.so"), libraries::toString);
    }

    @ParameterizedTest
    @EnumSource(Platforms.class)
    void jarIsRunnableWithTheSameCodeAsWatchpostJar(Platforms platform) throws IOException {
        try (JarFile jar = new JarFile(TARGET.resolve(platform.jarName).toFile())) {
            assertEquals("io.watchpost.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            assertNotNull(jar.getEntry("io/watchpost/Main.class"));
            assertNotNull(jar.getEntry("software/amazon/awssdk/crt/CRT.class"));
            assertNotNull(jar.getEntry("software/amazon/awssdk/aws/greengrass/GreengrassCoreIPCClientV2.class"));
        }
        try (JarFile full = new JarFile(TARGET.resolve("watchpost.jar").toFile());
             JarFile one = new JarFile(TARGET.resolve(platform.jarName).toFile())) {
            Set<String> deviceClasses = classes(full);
            deviceClasses.removeIf(DeviceJarIT::developmentOnly);
            assertEquals(deviceClasses, classes(one), "target/watchpost.jar's classes without the development tooling");
        }
    }

    @Test
    void watchpostJarKeepsEveryPlatformForRunningAnywhere() throws IOException {
        List<String> libraries = nativeLibraries(TARGET.resolve("watchpost.jar"));
        System.out.println("jar_size file=watchpost.jar bytes=" + Files.size(TARGET.resolve("watchpost.jar"))
                + " native_libraries=" + libraries.size());
        Set<String> directories = libraries.stream().map(PlatformJarsIT::platformDirectory).collect(Collectors.toSet());
        for (Platforms p : Platforms.values()) {
            assertTrue(directories.contains(p.nativeLibraryDirectory), directories::toString);
        }
    }

    @Test
    void x86JarLoadsItsNativeLibraryWithTheRecipeJvmFlags() throws Exception {
        assumeTrue(Set.of("amd64", "x86_64").contains(System.getProperty("os.arch")), "needs an x86_64 JVM");
        Probe probe = probe(Platforms.X86_64);
        assertEquals(0, probe.exitCode, probe.output);
        assertTrue(probe.output.contains("crt_loaded os=linux arch=x86_64"), probe.output);
    }

    @ParameterizedTest
    @EnumSource(value = Platforms.class, names = {"AARCH64", "ARMV7"})
    void armJarsHoldAnArmLibraryWhereAwsCrtLooksForIt(Platforms platform) throws Exception {
        // On an x86_64 machine the library cannot load, but how it fails tells where aws-crt looked: a library
        // missing from the jar fails while unpacking; a present one is unpacked and then refused as a foreign ELF.
        assumeTrue(Set.of("amd64", "x86_64").contains(System.getProperty("os.arch")), "needs an x86_64 JVM");
        List<String> extra = platform == Platforms.AARCH64 ? List.of("-Daws.crt.arch=armv8") : List.of();
        Probe probe = probe(platform, extra);
        assertEquals(2, probe.exitCode, probe.output);
        assertFalse(probe.output.contains("Unable to open library in jar"), probe.output);
        String elf = platform == Platforms.AARCH64 ? "AARCH64" : "ARM";
        assertTrue(probe.output.contains("can't load " + elf + " .so"), probe.output);
    }

    /** Runs {@link CrtLoadProbe} on the platform jar with the JVM flags of that platform's manifest. */
    private Probe probe(Platforms platform, List<String> extraFlags) throws Exception {
        JsonNode manifest = ProjectFiles.manifests(ProjectFiles.recipe()).get(platform.ordinal());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : RunScript.jvmFlags(manifest)) {
            command.add(flag.replace("{work:path}", workPath.toString()));
        }
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(TARGET.resolve(platform.jarName) + java.io.File.pathSeparator + TARGET.resolve("test-classes"));
        command.add(CrtLoadProbe.class.getName());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // Bounded only so a hung JVM cannot hang the build.
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe did not finish: " + output);
        }
        return new Probe(p.exitValue(), output);
    }

    private Probe probe(Platforms platform) throws Exception {
        return probe(platform, List.of());
    }

    private static List<String> nativeLibraries(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return file.stream().map(e -> e.getName())
                    .filter(n -> NATIVE_SUFFIXES.stream().anyMatch(n::endsWith)).sorted().toList();
        }
    }

    static Set<String> classes(JarFile jar) {
        return jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code linux/x86_64/glibc/libaws-crt-jni.so} gives {@code linux/x86_64}. */
    private static String platformDirectory(String library) {
        String[] parts = library.split("/");
        return parts.length >= 3 ? parts[0] + "/" + parts[1] : library;
    }

    private record Probe(int exitCode, String output) {}
}
