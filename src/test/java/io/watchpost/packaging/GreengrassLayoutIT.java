package io.watchpost.packaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What `mvn package` lays out at the repo root for
 * {@code greengrass-cli deployment create --recipeDir recipe --artifactDir artifacts --merge <name>=<version>}, and what
 * gdk copies from target/: every jar the recipe names exists in both places.
 */
class GreengrassLayoutIT {
    private static final Path ROOT = ProjectFiles.repoRoot();
    private static final Path TARGET = Path.of(System.getProperty("watchpost.jar")).toAbsolutePath().getParent();

    @Test
    void recipeFolderHoldsOnlyTheRootRecipeWithThePomVersion() throws IOException {
        String version = ProjectFiles.pomVersion();
        Path laidOut = ROOT.resolve("recipe").resolve(ProjectFiles.COMPONENT_NAME + "-" + version + ".yaml");
        assertEquals(Set.of(laidOut), filesUnder(ROOT.resolve("recipe")), "greengrass-cli parses every file there");

        String expected = Files.readString(ProjectFiles.recipePath())
                .replaceFirst("(?m)^ComponentVersion:.*$", "ComponentVersion: \"" + version + "\"");
        assertEquals(expected, Files.readString(laidOut));
        JsonNode recipe = ProjectFiles.readYaml(laidOut);
        assertEquals(version, recipe.path("ComponentVersion").asText());
        assertEquals(ProjectFiles.COMPONENT_NAME, recipe.path("ComponentName").asText());
    }

    @Test
    void artifactFolderHoldsExactlyTheJarsTheRecipeNames() throws IOException {
        Path versionDir = ROOT.resolve("artifacts").resolve(ProjectFiles.COMPONENT_NAME)
                .resolve(ProjectFiles.pomVersion());
        Set<String> named = artifactFileNames();
        assertEquals(new TreeSet<>(Platforms.jarNames()), named);
        assertEquals(named, filesUnder(versionDir).stream().map(p -> p.getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new)));
        for (String jar : named) {
            assertArrayEquals(Files.readAllBytes(TARGET.resolve(jar)), Files.readAllBytes(versionDir.resolve(jar)),
                    jar + " in artifacts/ is the jar Maven built");
        }
    }

    @Test
    void everyJarTheRecipeRunsIsInTargetWhereGdkCopiesItFrom() {
        for (JsonNode manifest : ProjectFiles.manifests(ProjectFiles.recipe())) {
            List<String> run = RunScript.words(manifest);
            String jar = run.get(run.indexOf("-jar") + 1).replace("{artifacts:path}/", "");
            assertTrue(Files.isRegularFile(TARGET.resolve(jar)), "target/" + jar + " (Run of " + manifest.path("Name")
                    + ")");
            for (JsonNode artifact : manifest.path("Artifacts")) {
                String file = ProjectFiles.uriFileName(artifact.path("URI").asText());
                assertTrue(Files.isRegularFile(TARGET.resolve(file)), "target/" + file);
            }
        }
    }

    private static Set<String> artifactFileNames() {
        Set<String> names = new TreeSet<>();
        ProjectFiles.manifests(ProjectFiles.recipe()).forEach(m -> m.path("Artifacts")
                .forEach(a -> names.add(ProjectFiles.uriFileName(a.path("URI").asText()))));
        return names;
    }

    private static Set<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toSet());
        }
    }
}
