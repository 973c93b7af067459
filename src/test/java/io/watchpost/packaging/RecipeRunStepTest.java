package io.watchpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchpost.localcore.RecipeRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs each manifest's Run step through {@code sh -c} the way the nucleus does (placeholders filled in, here with paths
 * that contain a space) with a {@code java} on the PATH that prints the arguments it receives and its process id.
 */
class RecipeRunStepTest {
    /** gdk refuses a recipe file larger than this (gdk-cli RecipeValidator / GDKProject). */
    private static final int GDK_MAX_RECIPE_BYTES = 16_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Platforms.class)
    void jvmGetsTheFlagsAndTheJarAsSeparateArgumentsAndReplacesTheShell(Platforms platform) throws Exception {
        JsonNode manifest = ProjectFiles.manifests(ProjectFiles.recipe()).get(platform.ordinal());
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path artifacts = dir.resolve("packages dir/artifacts/io.watchpost.DeviceDefender/1.0.0");
        Path work = dir.resolve("work dir/io.watchpost.DeviceDefender");
        Path java = bin.resolve("java");
        // $PPID of the fake java is the process that ran it: with exec, that is sh's parent (this JVM), not sh.
        Files.writeString(java, "#!/bin/sh\necho \"ppid=$PPID\"\nfor a in \"$@\"; do echo \"arg=$a\"; done\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));

        String script = manifest.path("Lifecycle").path("Run").path("Script").asText()
                .replace("{artifacts:path}", artifacts.toString()).replace("{work:path}", work.toString());
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script);
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Process p = pb.redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("Run did not finish: " + out);
        }

        assertEquals(0, p.exitValue(), out);
        List<String> expected = new ArrayList<>();
        for (String flag : RunScript.jvmFlags(manifest)) {
            expected.add(flag.replace("{work:path}", work.toString()));
        }
        expected.add("-jar");
        expected.add(artifacts.resolve(platform.jarName).toString());
        List<String> args = out.lines().filter(l -> l.startsWith("arg=")).map(l -> l.substring(4)).toList();
        assertEquals(expected, args);
        assertEquals("ppid=" + ProcessHandle.current().pid(), out.lines().findFirst().orElse(""),
                "exec: java must replace the shell so that the nucleus's SIGTERM reaches the JVM");
    }

    @ParameterizedTest
    @EnumSource(Platforms.class)
    void localModeStartsItsComponentWithTheRunStepsFlagsAndEnvironment(Platforms platform) throws IOException {
        JsonNode manifest = ProjectFiles.manifests(ProjectFiles.recipe()).get(platform.ordinal());
        List<String> flags = RunScript.jvmFlags(manifest).stream().filter(f -> !f.startsWith("-Daws.crt.")).toList();
        assertEquals(RecipeRun.JVM_FLAGS, flags, platform + ": recipe.yaml's Run and RecipeRun.JVM_FLAGS differ");
        Map<String, String> env = new TreeMap<>();
        for (JsonNode setenv : List.of(manifest.path("Lifecycle").path("Setenv"),
                manifest.path("Lifecycle").path("Run").path("Setenv"))) {
            setenv.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        assertEquals(new TreeMap<>(RecipeRun.ENVIRONMENT), env,
                platform + ": recipe.yaml's Setenv and RecipeRun.ENVIRONMENT differ");
    }

    @Test
    void recipeFitsGdksSizeLimitAndUsesNoYamlAliases() throws IOException {
        String text = Files.readString(ProjectFiles.recipePath());
        assertTrue(text.getBytes(StandardCharsets.UTF_8).length <= GDK_MAX_RECIPE_BYTES,
                "recipe.yaml is " + text.getBytes(StandardCharsets.UTF_8).length + " bytes");
        // Jackson (the nucleus's YAML reader) returns an alias as the anchor's name instead of the anchored value.
        assertEquals(List.of(), Pattern.compile("(?m):\\s+[&*][A-Za-z_]").matcher(text).results()
                .map(r -> r.group()).toList(), "YAML anchors or aliases in recipe.yaml");
    }
}
