package io.watchpost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ComponentOptionsTest {
    @Test
    void theRecipesRunStepPassesNothing() throws UsageException {
        assertEquals(new ComponentOptions(Optional.empty(), false, false, false),
                ComponentOptions.parse(new String[0]));
    }

    @Test
    void localModesChildIsMarkedByAFlagAndItsIntervalComesOnlyFromTheConfiguration() throws UsageException {
        assertTrue(ComponentOptions.parse(new String[] {"--local-child"}).localChild());
        assertEquals("unknown argument \"2\"", assertThrows(UsageException.class,
                () -> ComponentOptions.parse(new String[] {"--local-child", "2"})).getMessage());
        assertEquals("--local-child takes no value", assertThrows(UsageException.class,
                () -> ComponentOptions.parse(new String[] {"--local-child=2"})).getMessage());
    }

    @Test
    void helpDoesNotAdvertiseTheInternalLocalChildOption() {
        assertFalse(ComponentOptions.USAGE.contains(ComponentOptions.LOCAL_CHILD), ComponentOptions.USAGE);
        assertFalse(ComponentOptions.USAGE.contains("local-child"), ComponentOptions.USAGE);
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
