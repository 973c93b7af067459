package io.watchpost.config;

/** A configuration value that was refused: which key, what was given, and the rule it broke. */
public record SettingsProblem(String key, String givenValue, String rule) {

    /** A one-line description fit for an ERROR log line or a command-line error. */
    public String describe() {
        return key + "=" + givenValue + " is invalid: " + rule;
    }
}
