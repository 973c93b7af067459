package io.watchpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pom's project.version is the one version; recipe.yaml and gdk-config.json must repeat it exactly. */
class RecipeVersionTest {

    @Test
    void recipeComponentVersionEqualsThePomVersion() {
        assertEquals(ProjectFiles.pomVersion(), ProjectFiles.recipe().path("ComponentVersion").asText(),
                "recipe.yaml ComponentVersion must equal pom.xml project.version; change both together");
    }

    @Test
    void gdkConfigNamesTheRecipeComponentWithThePomVersion() {
        JsonNode components = ProjectFiles.gdkConfig().path("component");
        List<String> names = iterableToList(components.fieldNames());
        assertEquals(List.of(ProjectFiles.COMPONENT_NAME), names, "gdk-config.json must hold exactly our component");
        assertEquals(ProjectFiles.COMPONENT_NAME, ProjectFiles.recipe().path("ComponentName").asText());
        assertEquals(ProjectFiles.pomVersion(), components.path(ProjectFiles.COMPONENT_NAME).path("version").asText(),
                "gdk-config.json version must equal pom.xml project.version (gdk writes it into the built recipe)");
    }

    @Test
    void gdkBuildsWithMavenAndDeclaresTheGdkVersionItWasCheckedAgainst() {
        JsonNode gdk = ProjectFiles.gdkConfig();
        assertEquals("maven", gdk.path("component").path(ProjectFiles.COMPONENT_NAME).path("build")
                .path("build_system").asText());
        assertEquals("1.6.2", gdk.path("gdk_version").asText());
    }

    private static List<String> iterableToList(Iterator<String> it) {
        List<String> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
