package io.watchpost.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.watchpost.json.JsonValues;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shapes a profile is written in, each one {@link ProfileLoader} reads back: the {@code create-security-profile
 * --cli-input-json} document, the bare array {@code --behaviors} takes, and a CloudFormation
 * {@code AWS::IoT::SecurityProfile} resource (PascalCase keys, {@code Count} a string).
 */
public enum ProfileFormat {
    CLI("cli"),
    BEHAVIORS("behaviors"),
    CLOUDFORMATION("cloudformation");

    private static final JsonFactory JSON = new JsonFactory();

    private final String optionName;

    ProfileFormat(String optionName) {
        this.optionName = optionName;
    }

    public String optionName() {
        return optionName;
    }

    public static Optional<ProfileFormat> fromOption(String value) {
        for (ProfileFormat f : values()) {
            if (f.optionName.equals(value)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The profile in this shape, as plain values (see {@code io.watchpost.json}). */
    public Object document(SecurityProfile profile) {
        List<Object> behaviors = new ArrayList<>();
        profile.behaviors().forEach(b -> behaviors.add(BehaviorJson.toValue(b)));
        if (this == BEHAVIORS) {
            return behaviors;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("securityProfileName", profile.name());
        if (profile.description() != null) {
            doc.put("securityProfileDescription", profile.description());
        }
        doc.put("behaviors", behaviors);
        if (this == CLI) {
            return doc;
        }
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("Type", ProfileLoader.CFN_TYPE);
        resource.put("Properties", pascal(doc));
        return resource;
    }

    /** PascalCase keys all the way down; {@code count} becomes CloudFormation's string {@code Count}. */
    private static Object pascal(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                Object converted = key.equals("count") ? String.valueOf(v) : pascal(v);
                out.put(Character.toUpperCase(key.charAt(0)) + key.substring(1), converted);
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(pascal(v)));
            return out;
        }
        return value;
    }

    /** The profile in this shape as indented JSON text ending in a newline. */
    public String text(SecurityProfile profile) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            JsonValues.write(g, document(profile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.append('\n').toString();
    }
}
