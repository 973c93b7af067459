package io.watchpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** One manifest per CPU, each running its own jar, unprivileged, with the same Java check and JVM flags. */
class RecipeManifestsTest {
    /** The nucleus's same-component placeholder pattern (KernelConfigResolver): {namespace:key}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([.\\w]+):([^:}]+)}");
    private static final Set<String> NUCLEUS_NAMESPACES = Set.of("artifacts", "work", "kernel", "configuration", "iot");

    private final List<JsonNode> manifests = ProjectFiles.manifests(ProjectFiles.recipe());

    @Test
    void oneLinuxManifestPerShippedCpuInOrder() {
        assertEquals(Platforms.values().length, manifests.size());
        for (int i = 0; i < manifests.size(); i++) {
            JsonNode platform = manifests.get(i).path("Platform");
            assertEquals("linux", platform.path("os").asText());
            assertEquals(Platforms.values()[i].greengrassArchitecture, platform.path("architecture").asText());
        }
    }

    @Test
    void armManifestAcceptsArmv7AndNewerCpusButNotArmv6() {
        String detail = manifests.get(Platforms.ARMV7.ordinal()).path("Platform").path("architecture.detail").asText();
        // The nucleus treats a value between slashes as a regular expression over `uname -m`.
        assertTrue(detail.startsWith("/") && detail.endsWith("/"), detail);
        Pattern regex = Pattern.compile(detail.substring(1, detail.length() - 1));
        for (String accepted : List.of("armv7l", "armv8l", "aarch64")) {
            assertTrue(regex.matcher(accepted).matches(), accepted);
        }
        for (String refused : List.of("armv6l", "armv5tel", "x86_64")) {
            assertFalse(regex.matcher(refused).matches(), refused);
        }
    }

    @Test
    void eachManifestShipsItsOwnJarAndRunsThatJar() {
        for (Platforms p : Platforms.values()) {
            JsonNode manifest = manifests.get(p.ordinal());
            JsonNode artifacts = manifest.path("Artifacts");
            assertEquals(1, artifacts.size(), p + " ships one artifact");
            JsonNode artifact = artifacts.get(0);
            assertEquals(p.jarName, ProjectFiles.uriFileName(artifact.path("URI").asText()), p + " artifact file");
            assertEquals("OWNER", artifact.path("Permission").path("Read").asText());
            assertEquals("NONE", artifact.path("Permission").path("Execute").asText());

            List<String> run = RunScript.words(manifest);
            int jar = run.indexOf("-jar");
            assertEquals(List.of("exec", "java"), run.subList(0, 2), p + " Run starts the JVM in place of the shell");
            assertEquals("{artifacts:path}/" + p.jarName, run.get(jar + 1), p + " Run runs the manifest's own jar");
            assertEquals(jar + 2, run.size(), p + " Run passes no arguments to Main");
        }
    }

    @Test
    void artifactFileNamesDifferSoTheyCanShareOneVersionFolder() {
        List<String> names = new ArrayList<>();
        manifests.forEach(m -> m.path("Artifacts").forEach(a -> names.add(ProjectFiles.uriFileName(a.path("URI")
                .asText()))));
        assertEquals(Set.copyOf(names).size(), names.size(), names.toString());
    }

    @Test
    void everyStepRunsUnprivileged() {
        for (JsonNode manifest : manifests) {
            for (String step : List.of("Install", "Run")) {
                JsonNode s = manifest.path("Lifecycle").path(step);
                assertTrue(s.has("RequiresPrivilege"), step + " states RequiresPrivilege explicitly");
                assertFalse(s.path("RequiresPrivilege").asBoolean(true), manifest.path("Name") + " " + step);
            }
        }
    }

    @Test
    void allManifestsShareTheInstallCheckAndTheJvmFlags() {
        String install = manifests.get(0).path("Lifecycle").path("Install").path("Script").asText();
        List<String> flags = RunScript.jvmFlags(manifests.get(0));
        for (JsonNode manifest : manifests) {
            assertEquals(install, manifest.path("Lifecycle").path("Install").path("Script").asText(),
                    manifest.path("Name") + " Install");
            List<String> own = new ArrayList<>(RunScript.jvmFlags(manifest));
            own.remove("-Daws.crt.arch=armv7");
            assertEquals(flags, own, manifest.path("Name") + " JVM flags");
        }
        assertTrue(RunScript.jvmFlags(manifests.get(Platforms.ARMV7.ordinal())).contains("-Daws.crt.arch=armv7"),
                "a 32-bit JVM reports os.arch=arm, which aws-crt maps to armv6; the armv7 jar has no armv6 library");
    }

    @Test
    void lifecycleScriptsUseOnlyPlaceholdersTheNucleusKnows() {
        // Anything else that looks like {a:b} (for example the shell's ${v:-x}) makes the nucleus log an ERROR.
        for (JsonNode manifest : manifests) {
            manifest.path("Lifecycle").properties().forEach(step -> {
                Matcher m = PLACEHOLDER.matcher(step.getValue().path("Script").asText());
                while (m.find()) {
                    assertTrue(NUCLEUS_NAMESPACES.contains(m.group(1)), step.getKey() + ": " + m.group());
                }
            });
        }
    }
}
