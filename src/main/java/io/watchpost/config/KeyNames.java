package io.watchpost.config;

import java.util.Locale;
import java.util.Optional;

/** Which of the two key spellings the Device Defender document uses: {@code report_id} (long) or {@code rid} (short). */
public enum KeyNames {
    LONG,
    SHORT;

    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KeyNames> fromConfig(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (KeyNames k : values()) {
            if (k.configValue().equals(v)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
