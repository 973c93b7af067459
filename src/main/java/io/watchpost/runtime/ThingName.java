package io.watchpost.runtime;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The IoT thing name the reports are published for, taken from {@code AWS_IOT_THING_NAME}.
 *
 * <p>The name becomes one level of {@code $aws/things/<thing>/defender/metrics/json}, so anything that would change the
 * topic's shape is refused: empty, more than 128 bytes of UTF-8 (the AWS IoT limit), control characters, the MQTT
 * wildcards {@code +} and {@code #}, and {@code /} (a level separator; AWS IoT thing names never contain one). Other
 * characters are accepted although AWS IoT itself only allows {@code [a-zA-Z0-9:_-]}: the nucleus already checked the
 * name it registered, and a stricter rule here would only break devices the nucleus serves fine.
 */
public record ThingName(String value) {
    public static final String VARIABLE = "AWS_IOT_THING_NAME";
    public static final int MAX_BYTES = 128;

    public ThingName {
        String broken = brokenRule(value);
        if (broken != null) {
            throw new IllegalArgumentException(VARIABLE + "=" + shown(value) + " is invalid: " + broken);
        }
    }

    /** The thing name from the environment, or a one-line error naming the variable. */
    public static ThingName fromEnvironment(Map<String, String> env) {
        String value = env.get(VARIABLE);
        if (value == null || value.isEmpty()) {
            throw new StartupException(VARIABLE + " is not set; the nucleus sets it for every component"
                    + " (run under Greengrass or set it for a local run)");
        }
        try {
            return new ThingName(value);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
    }

    private static String brokenRule(String value) {
        if (value == null || value.isEmpty()) {
            return "must not be empty";
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "must be at most " + MAX_BYTES + " bytes of UTF-8";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return "must not contain control characters";
            }
            if (c == '+' || c == '#') {
                return "must not contain the MQTT wildcards '+' or '#'";
            }
            if (c == '/') {
                return "must not contain '/' (it would change the Device Defender topic)";
            }
        }
        return null;
    }

    private static String shown(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < value.length() && i < 200; i++) {
            char c = value.charAt(i);
            sb.append(Character.isISOControl(c) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.append(value.length() > 200 ? "…\"" : "\"").toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
