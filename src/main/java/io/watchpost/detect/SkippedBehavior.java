package io.watchpost.detect;

/**
 * A behavior of a profile that is not evaluated, and why.
 *
 * @param name     the behavior's name, or {@code behaviors[i]} when it has none
 * @param behavior the behavior as loaded (unsupported ones), or null when it could not be read (rejected ones)
 * @param field    the field the reason is about, or null
 * @param reason   the rule broken (rejected) or why the device cannot evaluate it (unsupported)
 */
public record SkippedBehavior(String name, Behavior behavior, String field, String reason) {
}
