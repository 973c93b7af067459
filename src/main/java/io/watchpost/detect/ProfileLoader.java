package io.watchpost.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.watchpost.json.JsonValueReader;
import io.watchpost.json.JsonValues;
import io.watchpost.log.EventLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Loads the {@code SecurityProfiles} configuration value: profile objects inline, or paths of files holding a profile
 * in any of the shapes AWS tools produce (docs/detect.md, "Profile input shapes"). Every behavior is validated
 * ({@link BehaviorReader}); one bad behavior, profile or file is set aside with a {@link ProfileProblem} and the rest
 * loads. Pure apart from reading the named files; it never logs (the caller logs the problems when it decides).
 *
 * <p>Bounds: a profile file of at most {@value #MAX_FILE_BYTES} bytes (the component runs in a 64 MB heap), at most
 * {@value #MAX_BEHAVIORS} behaviors per profile (the API model's limit on {@code behaviors}), at most
 * {@value #MAX_PROFILES} profiles. A profile over a bound is refused whole: loading part of it would silently drop
 * rules.
 */
public final class ProfileLoader {
    public static final int MAX_FILE_BYTES = 1 << 20;
    public static final int MAX_BEHAVIORS = 100;
    public static final int MAX_PROFILES = 100;
    public static final String CFN_TYPE = "AWS::IoT::SecurityProfile";

    private static final JsonFactory JSON = new JsonFactory();

    private final StatisticalMode statisticalMode;

    public ProfileLoader(StatisticalMode statisticalMode) {
        this.statisticalMode = Objects.requireNonNull(statisticalMode, "statisticalMode");
    }

    /**
     * Loads the value of the {@code SecurityProfiles} key as the configuration layer parsed it.
     *
     * @param securityProfiles null (Detect off) or a list of profile objects ({@code Map}) and file paths
     *                         ({@code String})
     * @param baseDir          what relative file paths are resolved against (the component's work directory)
     */
    public LoadedProfiles load(Object securityProfiles, Path baseDir) {
        if (securityProfiles == null) {
            return LoadedProfiles.empty();
        }
        Collector out = new Collector();
        if (!(securityProfiles instanceof List<?> elements)) {
            out.profileProblem("SecurityProfiles", null, "must be a list of profile objects and file paths, not "
                    + JsonValues.typeName(securityProfiles));
            return out.result();
        }
        for (int i = 0; i < elements.size(); i++) {
            String inline = "SecurityProfiles[" + i + "]";
            if (i >= MAX_PROFILES) {
                out.profileProblem(inline, null, "more than " + MAX_PROFILES + " profiles; the rest are not loaded");
                break;
            }
            Object element = elements.get(i);
            if (element instanceof String path && !path.isBlank()) {
                Path file;
                try {
                    file = baseDir.resolve(path);
                } catch (InvalidPathException e) {
                    out.profileProblem(inline, null, "\"" + path + "\" is not a valid file path: " + e.getReason());
                    continue;
                }
                loadFile(file, out);
            } else if (element instanceof Map<?, ?>) {
                loadDocument(element, inline, null, out);
            } else {
                out.profileProblem(inline, null, "must be a profile object or a file path, not "
                        + (element instanceof String ? "an empty string" : JsonValues.typeName(element)));
            }
        }
        return out.result();
    }

    /** Loads one profile file (what {@code detect --profile FILE} and {@code local --profile FILE} take). */
    public LoadedProfiles loadFile(Path file) {
        Collector out = new Collector();
        loadFile(file, out);
        return out.result();
    }

    /**
     * Loads one parsed document of any accepted shape.
     *
     * @param source      how problems name where it came from
     * @param defaultName the profile name when the document has none (a bare array, CloudFormation Properties
     *                    without SecurityProfileName), or null when a name is required
     */
    public LoadedProfiles loadDocument(Object document, String source, String defaultName) {
        Collector out = new Collector();
        loadDocument(document, source, defaultName, out);
        return out.result();
    }

    private void loadFile(Path file, Collector out) {
        String source = file.toString();
        Object document;
        try {
            document = readJson(file);
        } catch (Unreadable e) {
            out.profileProblem(source, null, e.getMessage());
            return;
        }
        loadDocument(document, source, stem(file), out);
    }

    /** The file name without its extension: the name of a profile given as a bare behaviors array. */
    static String stem(Path file) {
        Path name = file.getFileName();
        String s = name == null ? "" : name.toString();
        int dot = s.lastIndexOf('.');
        return dot > 0 ? s.substring(0, dot) : s;
    }

    private static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    private static Object readJson(Path file) throws Unreadable {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // a directory fails to read anyway; a FIFO or device would block or never end
            throw new Unreadable("profile file is not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new Unreadable("profile file does not exist");
        } catch (AccessDeniedException e) {
            throw new Unreadable("profile file cannot be read: permission denied");
        } catch (IOException e) {
            throw new Unreadable("profile file cannot be read: " + EventLog.describe(e));
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new Unreadable("profile file is larger than " + MAX_FILE_BYTES + " bytes, the limit for a profile");
        }
        try (JsonParser parser = JSON.createParser(bytes)) {
            Optional<Object> value = JsonValueReader.readWhole(parser, JsonValueReader.Floats.EXACT);
            if (value.isEmpty()) {
                throw new Unreadable("profile file is empty (or JSON null)");
            }
            return value.get();
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw new Unreadable("profile file is not valid JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new Unreadable("profile file cannot be read: " + EventLog.describe(e));
        }
    }

    private void loadDocument(Object document, String source, String defaultName, Collector out) {
        BehaviorReader.Naming naming;
        String name;
        String description = null;
        Object behaviors;
        if (document instanceof List<?>) {
            if (defaultName == null) {
                out.profileProblem(source, null, "a bare behaviors array needs a name: give it in a file (the file name"
                        + " is the profile name) or use {\"securityProfileName\": ..., \"behaviors\": [...]}");
                return;
            }
            naming = BehaviorReader.Naming.API;
            name = defaultName;
            behaviors = document;
        } else if (document instanceof Map<?, ?> map) {
            Map<?, ?> doc = map;
            if (doc.containsKey("Type") || doc.containsKey("Resources")) {
                if (!CFN_TYPE.equals(doc.get("Type")) || !(doc.get("Properties") instanceof Map<?, ?> props)) {
                    out.profileProblem(source, null, doc.containsKey("Resources")
                            ? "a CloudFormation template: give the " + CFN_TYPE + " resource or its Properties"
                            : "a CloudFormation resource must have \"Type\": \"" + CFN_TYPE
                            + "\" and a Properties object");
                    return;
                }
                doc = props;
            }
            boolean pascal = doc.containsKey("Behaviors") || doc.containsKey("SecurityProfileName");
            boolean camel = doc.containsKey("behaviors") || doc.containsKey("securityProfileName");
            if (pascal == camel) {
                out.profileProblem(source, null, pascal
                        ? "mixes securityProfileName/behaviors (API) with SecurityProfileName/Behaviors"
                        + " (CloudFormation); use one"
                        : "not a security profile: expected securityProfileName and behaviors (the create-security-"
                        + "profile --cli-input-json document or describe-security-profile output), a behaviors array,"
                        + " or a CloudFormation " + CFN_TYPE + " resource or its Properties");
                return;
            }
            naming = pascal ? BehaviorReader.Naming.CLOUDFORMATION : BehaviorReader.Naming.API;
            Object n = doc.get(naming.key("securityProfileName"));
            if (n == null) {
                if (defaultName == null) {
                    out.profileProblem(source, null, naming.key("securityProfileName") + " is required");
                    return;
                }
                name = defaultName;
            } else if (n instanceof String s) {
                name = s;
            } else {
                out.profileProblem(source, null, naming.key("securityProfileName") + " must be a string, not "
                        + JsonValues.typeName(n));
                return;
            }
            if (doc.get(naming.key("securityProfileDescription")) instanceof String d) {
                description = d;
            }
            behaviors = doc.get(naming.key("behaviors"));
            if (behaviors == null) {
                behaviors = List.of();
            }
        } else {
            out.profileProblem(source, null, "must hold a profile object or a behaviors array, not "
                    + JsonValues.typeName(document));
            return;
        }
        if (!BehaviorReader.NAME.matcher(name).matches()) {
            out.profileProblem(source, null, "profile name " + BehaviorReader.shown(name) + " "
                    + BehaviorReader.NAME_RULE);
            return;
        }
        if (!(behaviors instanceof List<?> list)) {
            out.profileProblem(source, name, naming.key("behaviors") + " must be an array, not "
                    + JsonValues.typeName(behaviors));
            return;
        }
        if (list.size() > MAX_BEHAVIORS) {
            out.profileProblem(source, name, "has " + list.size() + " behaviors; a profile has at most "
                    + MAX_BEHAVIORS + " (the AWS API's limit)");
            return;
        }
        String firstSource = out.names.putIfAbsent(name, source);
        if (firstSource != null) {
            out.profileProblem(source, name, "a profile named \"" + name + "\" is already loaded from " + firstSource
                    + "; profile names must be unique");
            return;
        }
        readBehaviors(list, naming, source, name, description, out);
    }

    private void readBehaviors(List<?> list, BehaviorReader.Naming naming, String source, String name,
                               String description, Collector out) {
        BehaviorReader reader = new BehaviorReader(naming, statisticalMode);
        List<Behavior> valid = new ArrayList<>();
        List<Behavior> evaluable = new ArrayList<>();
        List<SkippedBehavior> unsupported = new ArrayList<>();
        List<SkippedBehavior> rejected = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Object element = list.get(i);
            String label = element instanceof Map<?, ?> m && m.get(naming.key("name")) instanceof String s
                    && !s.isEmpty() ? s : naming.key("behaviors") + "[" + i + "]";
            BehaviorReader.Outcome outcome;
            try {
                outcome = reader.read(element);
            } catch (BehaviorReader.Invalid e) {
                rejected.add(new SkippedBehavior(label, null, e.field(), e.rule()));
                out.problems.add(new ProfileProblem(ProfileProblem.Kind.BEHAVIOR_REJECTED, source, name, label,
                        e.field(), e.rule()));
                continue;
            }
            Behavior b = outcome.behavior();
            if (!seen.add(b.name())) {
                String rule = "behavior names must be unique within a profile; the first \"" + b.name()
                        + "\" is kept";
                rejected.add(new SkippedBehavior(label, null, naming.key("name"), rule));
                out.problems.add(new ProfileProblem(ProfileProblem.Kind.BEHAVIOR_REJECTED, source, name, label,
                        naming.key("name"), rule));
                continue;
            }
            valid.add(b);
            if (outcome.unsupportedReason() == null) {
                evaluable.add(b);
            } else {
                unsupported.add(new SkippedBehavior(b.name(), b, outcome.unsupportedField(),
                        outcome.unsupportedReason()));
                out.problems.add(new ProfileProblem(ProfileProblem.Kind.BEHAVIOR_UNSUPPORTED, source, name, b.name(),
                        outcome.unsupportedField(), outcome.unsupportedReason()));
            }
        }
        out.profiles.add(new LoadedProfile(source, new SecurityProfile(name, description, valid), evaluable,
                unsupported, rejected));
    }

    /** What one load call gathers. */
    private static final class Collector {
        final List<LoadedProfile> profiles = new ArrayList<>();
        final List<ProfileProblem> problems = new ArrayList<>();
        final Map<String, String> names = new HashMap<>();

        void profileProblem(String source, String profile, String rule) {
            problems.add(new ProfileProblem(ProfileProblem.Kind.PROFILE_REJECTED, source, profile, null, null, rule));
        }

        LoadedProfiles result() {
            return new LoadedProfiles(profiles, problems);
        }
    }
}
