package io.watchpost.detect;

import java.util.List;

/**
 * One profile after loading and validation.
 *
 * @param source      the file it came from, or {@code SecurityProfiles[i]} for an inline profile
 * @param profile     the profile with every valid behavior (evaluable and unsupported), in input order
 * @param evaluable   the behaviors the device evaluates
 * @param unsupported valid behaviors kept as unsupported-on-device (never alarm), with the reason
 * @param rejected    behaviors that broke a validation rule and were dropped, with the field and rule
 */
public record LoadedProfile(String source, SecurityProfile profile, List<Behavior> evaluable,
                            List<SkippedBehavior> unsupported, List<SkippedBehavior> rejected) {
    public LoadedProfile {
        evaluable = List.copyOf(evaluable);
        unsupported = List.copyOf(unsupported);
        rejected = List.copyOf(rejected);
    }

    public String name() {
        return profile.name();
    }
}
