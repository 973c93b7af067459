package io.watchpost.proc;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code sys/kernel/random/boot_id}: a random UUID chosen at each boot, printed as 36 lower-case characters and a
 * newline. Anything else is not a boot id.
 */
public final class BootId {
    private static final int UUID_LENGTH = 36;

    private BootId() {}

    public static Optional<String> parse(byte[] data, int length) {
        int end = length;
        while (end > 0 && (data[end - 1] == '\n' || Lines.isBlank(data[end - 1]))) {
            end--;
        }
        if (end != UUID_LENGTH) {
            return Optional.empty();
        }
        for (int i = 0; i < UUID_LENGTH; i++) {
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? data[i] != '-' : Lines.hexDigit(data[i]) < 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new String(data, 0, UUID_LENGTH, StandardCharsets.US_ASCII));
    }
}
