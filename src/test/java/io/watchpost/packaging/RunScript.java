package io.watchpost.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;

/** Reads the JVM command line out of a manifest's Run script ({@code exec java <flags> -jar <jar>}). */
final class RunScript {
    private RunScript() {}

    /** The script's words, as sh splits them here: at blanks, with surrounding double quotes removed. */
    static List<String> words(JsonNode manifest) {
        return Arrays.stream(manifest.path("Lifecycle").path("Run").path("Script").asText().trim().split("\\s+"))
                .map(RunScript::unquote).toList();
    }

    private static String unquote(String word) {
        return word.length() >= 2 && word.startsWith("\"") && word.endsWith("\"") ? word.substring(1, word.length() - 1)
                : word;
    }

    /** The words between {@code java} and {@code -jar}. */
    static List<String> jvmFlags(JsonNode manifest) {
        List<String> words = words(manifest);
        return List.copyOf(words.subList(words.indexOf("java") + 1, words.indexOf("-jar")));
    }
}
