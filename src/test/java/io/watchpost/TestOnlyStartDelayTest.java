package io.watchpost;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.watchpost.localcore.RecipeRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The test-only start delay can never reach a deployed component: neither the recipe nor its Run flags name it. */
class TestOnlyStartDelayTest {
    @Test
    void theRecipeNeverSetsTheTestOnlyProperty() throws Exception {
        assertFalse(Files.readString(Path.of("recipe.yaml")).contains(Main.TEST_FIRST_REPORT_DELAY_PROPERTY));
        assertFalse(Files.readString(Path.of("recipe.yaml")).contains("watchpost.test."));
        assertFalse(RecipeRun.JVM_FLAGS.stream().anyMatch(f -> f.contains("watchpost.test.")), RecipeRun.JVM_FLAGS
                .toString());
    }
}
