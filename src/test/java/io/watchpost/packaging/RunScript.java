package io.watchpost.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/** Reads the JVM command line out of a manifest's Run script ({@code exec java <flags> -jar <jar>}). */
final class RunScript {
    private RunScript() {}

    static List<String> words(JsonNode manifest) {
        return Arrays.asList(manifest.path("Lifecycle").path("Run").path("Script").asText().trim().split("\\s+"));
    }

    /** The words between {@code java} and {@code -jar}. */
    static List<String> jvmFlags(JsonNode manifest) {
        List<String> words = words(manifest);
        return List.copyOf(words.subList(words.indexOf("java") + 1, words.indexOf("-jar")));
    }
}
