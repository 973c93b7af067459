package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ThingNameTest {

    @ParameterizedTest(name = "accepts \"{0}\"")
    @ValueSource(strings = {"gw-1", "Core_Device:01", "a", "ünïcödé-name"})
    void acceptsNamesThatKeepTheTopicShape(String name) {
        assertEquals(name, ThingName.fromEnvironment(Map.of("AWS_IOT_THING_NAME", name)).value());
    }

    @Test
    void acceptsExactly128BytesOfUtf8() {
        assertEquals(128, new ThingName("x".repeat(128)).value().length());
        // 64 two-byte characters are 128 bytes; one more ASCII character is one byte too many.
        new ThingName("é".repeat(64));
        StartupException e = assertThrows(StartupException.class,
                () -> ThingName.fromEnvironment(Map.of("AWS_IOT_THING_NAME", "é".repeat(64) + "x")));
        assertTrue(e.getMessage().contains("at most 128 bytes"), e.getMessage());
    }

    @ParameterizedTest(name = "refuses \"{0}\"")
    @ValueSource(strings = {"gw+1", "gw#", "a/b", "tab\there", "new\nline", "nul\u0000"})
    void refusesWildcardsSlashesAndControlCharactersWithOneLineNamingTheVariable(String name) {
        StartupException e = assertThrows(StartupException.class,
                () -> ThingName.fromEnvironment(Map.of("AWS_IOT_THING_NAME", name)));
        assertTrue(e.getMessage().startsWith("AWS_IOT_THING_NAME="), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(e.getMessage().contains("\t"), "control characters are escaped");
    }

    @Test
    void missingOrEmptyVariableIsNamed() {
        StartupException missing = assertThrows(StartupException.class, () -> ThingName.fromEnvironment(Map.of()));
        assertTrue(missing.getMessage().startsWith("AWS_IOT_THING_NAME is not set"), missing.getMessage());
        StartupException empty = assertThrows(StartupException.class,
                () -> ThingName.fromEnvironment(Map.of("AWS_IOT_THING_NAME", "")));
        assertTrue(empty.getMessage().startsWith("AWS_IOT_THING_NAME is not set"), empty.getMessage());
    }
}
