package io.watchpost.detect;

import java.util.List;

/**
 * A Security Profile as Watchpost evaluates it: the {@code create-security-profile --cli-input-json} document's name,
 * description and behaviors (https://docs.aws.amazon.com/iot/latest/apireference/API_CreateSecurityProfile.html).
 *
 * @param name        {@code securityProfileName}: 1–128 characters of {@code [a-zA-Z0-9:_-]}
 * @param description {@code securityProfileDescription}, or null
 * @param behaviors   the behaviors in input order
 */
public record SecurityProfile(String name, String description, List<Behavior> behaviors) {
    public SecurityProfile {
        behaviors = List.copyOf(behaviors);
    }
}
