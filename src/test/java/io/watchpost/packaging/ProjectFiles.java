package io.watchpost.packaging;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

/** The packaging files of this repository (recipe.yaml, gdk-config.json, pom.xml) and the vendored schemas. */
final class ProjectFiles {
    static final String COMPONENT_NAME = "io.watchpost.DeviceDefender";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private ProjectFiles() {}

    /** The repository root: Maven runs tests with the project directory as {@code basedir}. */
    static Path repoRoot() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
    }

    static Path recipePath() {
        return repoRoot().resolve("recipe.yaml");
    }

    static JsonNode recipe() {
        return readYaml(recipePath());
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static JsonNode gdkConfig() {
        try {
            return JSON.readTree(repoRoot().resolve("gdk-config.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read gdk-config.json", e);
        }
    }

    /** {@code project.version} as written in pom.xml (the single source of the component version). */
    static String pomVersion() {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            Document pom = factory.newDocumentBuilder().parse(repoRoot().resolve("pom.xml").toFile());
            String version = XPathFactory.newInstance().newXPath().evaluate("/project/version", pom).trim();
            if (version.isEmpty()) {
                fail("pom.xml has no /project/version");
            }
            return version;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the version from pom.xml", e);
        }
    }

    /** Every manifest of the recipe, in order. */
    static List<JsonNode> manifests(JsonNode recipe) {
        List<JsonNode> list = new ArrayList<>();
        recipe.path("Manifests").forEach(list::add);
        return list;
    }

    static JsonNode defaultConfiguration(JsonNode recipe) {
        return recipe.path("ComponentConfiguration").path("DefaultConfiguration");
    }

    static Map<String, Object> asMap(JsonNode node) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = JSON.convertValue(node, Map.class);
        return map;
    }

    /** The file name at the end of an artifact URI ({@code s3://bucket/key/name.jar} gives {@code name.jar}). */
    static String uriFileName(String uri) {
        return uri.substring(uri.lastIndexOf('/') + 1);
    }

    /** The schemas gdk and Greengrass validate with: copies in the test resources (see PROVENANCE.md beside them). */
    static Path schemaDir() {
        return repoRoot().resolve("src/test/resources/io/watchpost/packaging/schemas");
    }

    /** A copy with every object key lower-cased, recursively: what gdk and component-common do before validating. */
    static JsonNode lowerCaseKeys(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                out.set(e.getKey().toLowerCase(Locale.ROOT), lowerCaseKeys(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(child -> out.add(lowerCaseKeys(child)));
            return out;
        }
        return node;
    }
}
