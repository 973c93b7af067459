package io.watchpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * recipe.yaml and gdk-config.json against the schemas gdk and Greengrass validate with. Like their validators, keys are
 * lower-cased recursively first (the recipe schemas name every property in lower case).
 */
class RecipeSchemaTest {

    @Test
    void recipeMatchesTheGreengrassComponentCommonSchema() throws IOException {
        assertValid("component-common-recipe.schema.json", ProjectFiles.lowerCaseKeys(ProjectFiles.recipe()));
    }

    @Test
    void recipeMatchesTheGdkRecipeSchema() throws IOException {
        assertValid("gdk-recipe.schema.json", ProjectFiles.lowerCaseKeys(ProjectFiles.recipe()));
    }

    @Test
    void gdkConfigMatchesTheGdkConfigSchema() throws IOException {
        assertValid("gdk-config.schema.json", ProjectFiles.lowerCaseKeys(ProjectFiles.gdkConfig()));
    }

    /** The copies are the ones PROVENANCE.md names: each file's SHA-256 is recorded there. */
    @Test
    void vendoredSchemasAreTheCopiesProvenanceNames() throws Exception {
        String provenance = Files.readString(ProjectFiles.schemaDir().resolve("PROVENANCE.md"));
        for (String name : List.of("component-common-recipe.schema.json", "gdk-recipe.schema.json",
                "gdk-config.schema.json")) {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(ProjectFiles.schemaDir().resolve(name)));
            String hex = java.util.HexFormat.of().formatHex(digest);
            assertTrue(provenance.lines().anyMatch(l -> l.contains("`" + name + "`") && l.contains("`" + hex + "`")),
                    name + " (SHA-256 " + hex + ") is not the copy PROVENANCE.md records");
        }
    }

    @Test
    void validatorRejectsARecipeWithAnUnknownPermissionAndNoVersion() throws IOException {
        // Proves the validation above can fail: the same recipe, broken in two ways the schema forbids.
        ObjectNode broken = (ObjectNode) ProjectFiles.lowerCaseKeys(ProjectFiles.recipe());
        broken.remove("componentversion");
        ((ObjectNode) broken.path("manifests").get(0).path("artifacts").get(0).path("permission"))
                .put("read", "EVERYONE");
        Set<String> errors = errors("component-common-recipe.schema.json", broken);
        assertFalse(errors.isEmpty(), "a recipe without componentversion must be invalid");
        assertTrue(errors.stream().anyMatch(e -> e.contains("componentversion")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("read")), errors::toString);
    }

    private static void assertValid(String schemaFile, JsonNode document) throws IOException {
        assertEquals(Set.of(), errors(schemaFile, document), "validation errors against " + schemaFile);
    }

    private static Set<String> errors(String schemaFile, JsonNode document) throws IOException {
        JsonNode schemaNode = ProjectFiles.JSON.readTree(ProjectFiles.schemaDir().resolve(schemaFile).toFile());
        // The schemas declare draft-07; the factory is fixed to it rather than resolving "$schema" over the network.
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schemaNode);
        return schema.validate(document).stream().map(ValidationMessage::toString)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
