package io.watchpost.detect;

import io.watchpost.log.EventLog;
import java.util.List;

/**
 * What a {@code SecurityProfiles} value loaded to: the usable profiles (a profile whose behaviors were all rejected
 * is still listed, with nothing evaluable), and every problem in input order, for the caller to log when it decides.
 */
public record LoadedProfiles(List<LoadedProfile> profiles, List<ProfileProblem> problems) {
    public LoadedProfiles {
        profiles = List.copyOf(profiles);
        problems = List.copyOf(problems);
    }

    public static LoadedProfiles empty() {
        return new LoadedProfiles(List.of(), List.of());
    }

    /** Logs every problem: ERROR for rejected profiles and behaviors, one WARN per unsupported behavior. */
    public void logProblems(EventLog log) {
        problems.forEach(p -> p.log(log));
    }

    /** How many behaviors over all profiles the device evaluates. */
    public int evaluableCount() {
        return profiles.stream().mapToInt(p -> p.evaluable().size()).sum();
    }

    /** True when any problem is an error (a rejected profile or behavior). */
    public boolean hasErrors() {
        return problems.stream().anyMatch(p -> p.kind() != ProfileProblem.Kind.BEHAVIOR_UNSUPPORTED);
    }
}
