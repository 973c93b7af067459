package io.watchpost.runtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Removes secret values (the IPC token) from text before it is logged. The IPC adapter already keeps the token out of
 * its messages; this is the second line of defence for messages from code we do not control (the SDK, the CRT).
 */
public record Redactor(List<String> secrets) {
    /** Variables whose values are the component's IPC token. */
    static final List<String> TOKEN_VARIABLES = List.of("SVCUID", "AWS_CONTAINER_AUTHORIZATION_TOKEN");

    public Redactor {
        secrets = secrets.stream().filter(Objects::nonNull).filter(s -> s.length() >= 4).toList();
    }

    public static Redactor none() {
        return new Redactor(List.of());
    }

    public static Redactor forEnvironment(Map<String, String> env) {
        return new Redactor(TOKEN_VARIABLES.stream().map(env::get).toList());
    }

    String clean(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, "<redacted>");
        }
        return out;
    }
}
