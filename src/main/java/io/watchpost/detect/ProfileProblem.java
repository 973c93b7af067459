package io.watchpost.detect;

import io.watchpost.log.EventLog;
import java.util.ArrayList;
import java.util.List;

/**
 * Something a profile load refused or set aside, as a value: the caller decides when (and whether) to log it.
 *
 * @param kind     what happened (it fixes the log level and event name)
 * @param source   where the profile came from: a file path, or {@code SecurityProfiles[i]} for an inline profile
 * @param profile  the profile's name, or null when it is not known (the file could not be read)
 * @param behavior the behavior's name (or {@code behaviors[i]} when it has none), or null for a problem of the profile
 * @param field    the offending field as the input spells it ({@code criteria.value.ports[2]}), or null
 * @param rule     the rule broken, or why the behavior is not evaluated, in words
 */
public record ProfileProblem(Kind kind, String source, String profile, String behavior, String field, String rule) {

    public enum Kind {
        /** The whole profile (or file) could not be used: ERROR {@code detect_profile_rejected}. */
        PROFILE_REJECTED("detect_profile_rejected", EventLog.Level.ERROR),
        /** One behavior broke a rule and was dropped; the rest of its profile loads: ERROR. */
        BEHAVIOR_REJECTED("detect_behavior_rejected", EventLog.Level.ERROR),
        /** A valid behavior the device cannot evaluate (cloud-side, dimension, ML, statistical): WARN, never alarms. */
        BEHAVIOR_UNSUPPORTED("detect_behavior_unsupported", EventLog.Level.WARN);

        private final String event;
        private final EventLog.Level level;

        Kind(String event, EventLog.Level level) {
            this.event = event;
            this.level = level;
        }

        public String event() {
            return event;
        }

        public EventLog.Level level() {
            return level;
        }
    }

    /** Writes one line in the house event style, at the kind's level. */
    public void log(EventLog log) {
        List<Object> kv = new ArrayList<>();
        add(kv, "profile", profile);
        add(kv, "behavior", behavior);
        add(kv, "field", field);
        add(kv, kind == Kind.BEHAVIOR_UNSUPPORTED ? "reason" : "rule", rule);
        add(kv, "source", source);
        if (kind == Kind.BEHAVIOR_UNSUPPORTED) {
            kv.add("effect");
            kv.add("kept as unsupported-on-device; it never alarms");
        } else if (kind == Kind.BEHAVIOR_REJECTED) {
            kv.add("effect");
            kv.add("behavior dropped; the rest of the profile loads");
        } else {
            kv.add("effect");
            kv.add("profile not loaded; other profiles load");
        }
        Object[] pairs = kv.toArray();
        switch (kind.level()) {
            case ERROR -> log.error(kind.event(), pairs);
            case WARN -> log.warn(kind.event(), pairs);
            default -> log.info(kind.event(), pairs);
        }
    }

    /** One line for a person: {@code source: profile "p" behavior "b" field criteria.value: rule}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(source);
        if (profile != null) {
            sb.append(": profile \"").append(profile).append('"');
        }
        if (behavior != null) {
            sb.append(" behavior \"").append(behavior).append('"');
        }
        if (field != null) {
            sb.append(" field ").append(field);
        }
        sb.append(switch (kind) {
            case PROFILE_REJECTED -> ": not loaded: ";
            case BEHAVIOR_REJECTED -> ": rejected: ";
            case BEHAVIOR_UNSUPPORTED -> ": unsupported-on-device: ";
        });
        return sb.append(rule).toString();
    }

    private static void add(List<Object> kv, String key, Object value) {
        if (value != null) {
            kv.add(key);
            kv.add(value);
        }
    }
}
