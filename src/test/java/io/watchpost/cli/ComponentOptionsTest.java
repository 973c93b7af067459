package io.watchpost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.config.SettingsParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComponentOptionsTest {
    @Test
    void theRecipesRunStepPassesNothing() throws UsageException {
        assertEquals(new ComponentOptions(Optional.empty(), Optional.empty(), false, false),
                ComponentOptions.parse(new String[0]));
    }

    @Test
    void localModesChildIsGivenItsInterval() throws UsageException {
        assertEquals(Optional.of(Duration.ofSeconds(2)),
                ComponentOptions.parse(new String[] {"--local-child", "2"}).localChildInterval());
        assertEquals("--local-child must be a whole number from 1 to " + SettingsParser.MAX_INTERVAL_SECONDS
                + ", not \"0\"", assertThrows(UsageException.class,
                () -> ComponentOptions.parse(new String[] {"--local-child", "0"})).getMessage());
    }

    @Test
    void stateDirInBothSpellings() throws UsageException {
        assertEquals(Optional.of(Path.of("/var/lib/wp")),
                ComponentOptions.parse(new String[] {"--state-dir", "/var/lib/wp"}).stateDir());
        assertEquals(Optional.of(Path.of("st")), ComponentOptions.parse(new String[] {"--state-dir=st"}).stateDir());
    }

    @Test
    void helpAndVersion() throws UsageException {
        ComponentOptions o = ComponentOptions.parse(new String[] {"--help", "--version"});
        assertTrue(o.help());
        assertTrue(o.version());
        assertFalse(ComponentOptions.parse(new String[] {"--version"}).help());
    }

    @Test
    void usageErrors() {
        assertEquals("unknown argument \"bogus\"",
                assertThrows(UsageException.class, () -> ComponentOptions.parse(new String[] {"bogus"})).getMessage());
        assertEquals("--state-dir needs a value", assertThrows(UsageException.class,
                () -> ComponentOptions.parse(new String[] {"--state-dir"})).getMessage());
        assertEquals("--state-dir needs a non-empty path", assertThrows(UsageException.class,
                () -> ComponentOptions.parse(new String[] {"--state-dir="})).getMessage());
    }

    @Test
    void usageNamesEveryMode() {
        assertTrue(ComponentOptions.USAGE.contains("watchpost local"));
        assertTrue(ComponentOptions.USAGE.contains("watchpost report"));
        assertTrue(ComponentOptions.USAGE.contains("--state-dir"));
    }
}
