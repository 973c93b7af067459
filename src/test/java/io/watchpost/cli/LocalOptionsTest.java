package io.watchpost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalOptionsTest {
    @Test
    void noArgumentsMeanTheDefaults() throws UsageException {
        LocalOptions o = LocalOptions.parse(new String[0]);
        assertEquals(Optional.empty(), o.config());
        assertEquals(Optional.empty(), o.interval());
        assertEquals(Optional.empty(), o.procRoot());
        assertEquals(Optional.empty(), o.stateDir());
        assertEquals("watchpost-local", o.thing().value());
        assertEquals(Optional.empty(), o.profile());
        assertFalse(o.help());
        assertFalse(o.version());
    }

    @Test
    void everyOptionInBothSpellings() throws UsageException {
        LocalOptions o = LocalOptions.parse(new String[] {"--config", "c.json", "--interval=2", "--proc-root",
                "/host/proc", "--state-dir=/var/tmp/wp", "--thing", "dev-7", "--help", "--version"});
        assertEquals(Optional.of(Path.of("c.json")), o.config());
        assertEquals(Optional.of(Duration.ofSeconds(2)), o.interval());
        assertEquals(Optional.of(Path.of("/host/proc")), o.procRoot());
        assertEquals(Optional.of(Path.of("/var/tmp/wp")), o.stateDir());
        assertEquals("dev-7", o.thing().value());
        assertTrue(o.help());
        assertTrue(o.version());
    }

    @Test
    void aRelativeProcRootIsMadeAbsoluteBecauseProcDestinationPathMustBe() throws UsageException {
        Path root = LocalOptions.parse(new String[] {"--proc-root", "fixtures/proc"}).procRoot().orElseThrow();
        assertTrue(root.isAbsolute());
        assertTrue(root.endsWith(Path.of("fixtures/proc")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "--interval 0              | --interval must be a whole number from 1 to 172800, not \"0\"",
            "--interval 172801         | --interval must be a whole number from 1 to 172800, not \"172801\"",
            "--interval ten            | --interval must be a whole number from 1 to 172800, not \"ten\"",
            "--interval                | --interval needs a value",
            "--config=                 | --config needs a non-empty path",
            "--thing a/b               | --thing \"a/b\" is invalid: must not contain '/' (it would change the Device Defender topic)",
            "--thing a+b               | --thing \"a+b\" is invalid: must not contain the MQTT wildcards '+' or '#'",
            "--help=yes                | --help takes no value",
            "--proc                    | unknown argument \"--proc\"",
            "report                    | unknown argument \"report\""})
    void usageErrorsNameTheArgumentAndTheRule(String line, String message) {
        UsageException e = assertThrows(UsageException.class, () -> LocalOptions.parse(line.trim().split(" +")));
        assertEquals(message, e.getMessage());
    }

    @Test
    void theProfileIsAnExistingFileMadeAbsoluteForTheChild(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("p.json"), "[]");
        Path relative = Path.of("").toAbsolutePath().relativize(file);
        assertEquals(Optional.of(file), LocalOptions.parse(new String[] {"--profile", relative.toString()}).profile());
    }

    @Test
    void aMissingProfileFileIsAUsageError(@TempDir Path dir) {
        Path missing = dir.resolve("missing.json");
        UsageException e = assertThrows(UsageException.class,
                () -> LocalOptions.parse(new String[] {"--profile", missing.toString()}));
        assertEquals("--profile \"" + missing + "\" is not a readable file", e.getMessage());
        UsageException directory = assertThrows(UsageException.class,
                () -> LocalOptions.parse(new String[] {"--profile=" + dir}));
        assertEquals("--profile \"" + dir + "\" is not a readable file", directory.getMessage());
        assertEquals("--profile needs a value",
                assertThrows(UsageException.class, () -> LocalOptions.parse(new String[] {"--profile"})).getMessage());
    }
}
