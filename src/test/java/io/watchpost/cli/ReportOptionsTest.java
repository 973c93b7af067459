package io.watchpost.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.config.KeyNames;
import io.watchpost.config.ReportFormat;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportOptionsTest {
    @Test
    void noArgumentsLeaveEverythingToTheConfigFileAndDefaults() throws UsageException {
        assertEquals(new ReportOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, false), ReportOptions.parse(new String[0]));
    }

    @Test
    void everyOptionWithASpaceOrAnEqualsSign() throws UsageException {
        ReportOptions spaced = ReportOptions.parse(new String[] {"--proc-root", "/host/proc", "--config", "c.json",
                "--format", "cbor", "--names", "short", "--delta-seconds", "0", "--repeat", "1000000",
                "--output", "r.cbor"});
        ReportOptions joined = ReportOptions.parse(new String[] {"--proc-root=/host/proc", "--config=c.json",
                "--format=cbor", "--names=short", "--delta-seconds=0", "--repeat=1000000", "--output=r.cbor"});
        ReportOptions expected = new ReportOptions(Optional.of(Path.of("/host/proc")), Optional.of(Path.of("c.json")),
                Optional.of(ReportFormat.CBOR), Optional.of(KeyNames.SHORT), Optional.of(0), Optional.of(1_000_000),
                Optional.of(Path.of("r.cbor")), false, false);
        assertEquals(expected, spaced);
        assertEquals(expected, joined);
    }

    @Test
    void formatAndNamesAreReadLikeTheConfigFileValues() throws UsageException {
        ReportOptions o = ReportOptions.parse(new String[] {"--format", " JSON", "--names=Long"});
        assertEquals(Optional.of(ReportFormat.JSON), o.format());
        assertEquals(Optional.of(KeyNames.LONG), o.names());
    }

    @Test
    void helpAndVersionInAnyOrderAmongOtherOptions() throws UsageException {
        ReportOptions o = ReportOptions.parse(new String[] {"--version", "--repeat", "2", "-h"});
        assertTrue(o.help());
        assertTrue(o.version());
        assertEquals(Optional.of(2), o.repeat());
        assertFalse(ReportOptions.parse(new String[] {"--help"}).version());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "--format xml              | --format must be json or cbor, not \"xml\"",
            "--names=medium            | --names must be long or short, not \"medium\"",
            "--repeat 0                | --repeat must be a whole number from 1 to 1000000, not \"0\"",
            "--repeat many             | --repeat must be a whole number from 1 to 1000000, not \"many\"",
            "--repeat 99999999999      | --repeat must be a whole number from 1 to 1000000, not \"99999999999\"",
            "--delta-seconds -1        | --delta-seconds must be a whole number from 0 to 86400, not \"-1\"",
            "--delta-seconds 86401     | --delta-seconds must be a whole number from 0 to 86400, not \"86401\"",
            "--delta-seconds           | --delta-seconds needs a value",
            "--proc-root               | --proc-root needs a value",
            "--config=                 | --config needs a non-empty path",
            "--help=yes                | --help takes no value",
            "--version=2               | --version takes no value",
            "--bogus=1                 | unknown argument \"--bogus=1\"",
            "extra                     | unknown argument \"extra\""})
    void usageErrorsNameTheArgumentTheValueAndTheRule(String line, String message) {
        UsageException e = assertThrows(UsageException.class, () -> ReportOptions.parse(line.trim().split(" +")));
        assertEquals(message, e.getMessage());
    }
}
