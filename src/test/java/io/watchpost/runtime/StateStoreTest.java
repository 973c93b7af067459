package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.collect.InterfaceCounters;
import io.watchpost.report.NetworkBaseline;
import io.watchpost.testing.LogCapture;
import io.watchpost.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateStoreTest {
    @TempDir
    Path dir;

    private final LogCapture logs = new LogCapture(new MutableClock(Instant.parse("2026-11-28T10:00:00Z")));

    private static PersistedState sample() {
        return new PersistedState(1_795_860_006_469L, Optional.of(Instant.parse("2026-11-28T10:00:06.469Z")),
                Optional.of(new NetworkBaseline("0f1e2d3c-boot", "/host/proc/1/net", List.of(
                        new InterfaceCounters("eth0", false, -1L, 42, Long.MIN_VALUE, 7),
                        new InterfaceCounters("lo", true, 0, 0, 0, 0)))));
    }

    @Test
    void savedStateReadsBackIncludingFullRangeUnsignedCounters() throws Exception {
        StateStore store = new StateStore(dir, logs.log);
        store.save(sample());

        assertEquals(sample(), new StateStore(dir, logs.log).load());
        String text = Files.readString(store.file());
        assertTrue(text.contains("18446744073709551615"), "2^64-1 written as an unsigned number: " + text);
        assertTrue(text.contains("\"networkSource\" : \"/host/proc/1/net\""), text);
        assertTrue(logs.lines("state_fresh_start").isEmpty());
    }

    /** The file as version 2 has always been written (pretty-printed), byte for byte. */
    @Test
    void theFileKeepsItsLayout() throws Exception {
        StateStore store = new StateStore(dir, logs.log);
        store.save(sample());
        assertEquals("""
                {
                  "format" : "watchpost-state",
                  "version" : 2,
                  "lastReportId" : 1795860006469,
                  "lastPublishedAt" : "2026-11-28T10:00:06.469Z",
                  "acceptedBaseline" : {
                    "bootId" : "0f1e2d3c-boot",
                    "networkSource" : "/host/proc/1/net",
                    "interfaces" : [ {
                      "name" : "eth0",
                      "loopback" : false,
                      "rxBytes" : 18446744073709551615,
                      "rxPackets" : 42,
                      "txBytes" : 9223372036854775808,
                      "txPackets" : 7
                    }, {
                      "name" : "lo",
                      "loopback" : true,
                      "rxBytes" : 0,
                      "rxPackets" : 0,
                      "txBytes" : 0,
                      "txPackets" : 0
                    } ]
                  }
                }""", Files.readString(store.file()));
        store.save(new PersistedState(3, Optional.empty(), Optional.empty()));
        assertEquals("{\n  \"format\" : \"watchpost-state\",\n  \"version\" : 2,\n  \"lastReportId\" : 3\n}",
                Files.readString(store.file()));
    }

    /** A file edited by hand may write the id as 5.0 or 5e3: whole numbers all the same. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"5000", "5000.0", "5e3", "5000.0e0"})
    void lastReportIdMayBeAnyWholeNumber(String id) throws Exception {
        Files.writeString(dir.resolve(StateStore.FILE_NAME),
                "{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":" + id + "}");
        assertEquals(5000, new StateStore(dir, logs.log).load().lastReportId());
        assertTrue(logs.lines("state_fresh_start").isEmpty());
    }

    @Test
    void atomicWriteLeavesNoTemporaryFiles() throws Exception {
        StateStore store = new StateStore(dir, logs.log);
        for (int i = 0; i < 5; i++) {
            store.save(new PersistedState(i, Optional.empty(), Optional.empty()));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve(StateStore.FILE_NAME)), files.toList());
        }
        assertEquals(4, store.load().lastReportId());
    }

    @Test
    void saveCreatesAMissingStateDirectory() throws Exception {
        StateStore store = new StateStore(dir.resolve("a/b"), logs.log);
        store.save(sample());
        assertEquals(sample(), store.load());
    }

    @Test
    void missingFileIsTheNormalFirstStartAtInfo() {
        assertEquals(PersistedState.fresh(), new StateStore(dir, logs.log).load());
        assertEquals(1, logs.lines("state_fresh_start").size());
        String line = logs.lines("state_fresh_start").get(0);
        assertTrue(line.contains(" INFO ") && line.contains("reason=missing"), line);
        assertEquals("", logs.stderr(), "a first start is no problem");
    }

    /** A valid state padded to 20 MB: readable JSON, but no state file is that large; refused unread. */
    @Test
    void aFileLargerThanAnyStateFileIsRefusedAndReplaced() throws Exception {
        Path file = dir.resolve(StateStore.FILE_NAME);
        try (var out = Files.newBufferedWriter(file)) {
            out.write("{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":5}");
            String spaces = " ".repeat(1 << 16);
            for (int i = 0; i < 20 * 16; i++) {
                out.write(spaces);
            }
        }
        assertRefusedAndReplaced("larger than " + StateStore.MAX_FILE_BYTES);
    }

    @Test
    void aFileOfExactlyTheCapIsRead() throws Exception {
        String state = "{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":5}";
        Files.writeString(dir.resolve(StateStore.FILE_NAME), state + " ".repeat(StateStore.MAX_FILE_BYTES
                - state.length()));
        assertEquals(5, new StateStore(dir, logs.log).load().lastReportId());
        assertEquals("", logs.stderr());
    }

    @Test
    void aSymlinkToDevZeroIsRefusedUnreadAndReplaced() throws Exception {
        Files.createSymbolicLink(dir.resolve(StateStore.FILE_NAME), Path.of("/dev/zero"));
        assertRefusedAndReplaced("not a regular file");
        assertTrue(Files.exists(Path.of("/dev/zero")), "the target is left alone");
    }

    @Test
    void aFifoIsRefusedWithoutBlockingAndReplaced() throws Exception {
        Path fifo = dir.resolve(StateStore.FILE_NAME);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        assertRefusedAndReplaced("not a regular file");
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsRefused() throws Exception {
        Files.createDirectory(dir.resolve(StateStore.FILE_NAME));
        assertEquals(PersistedState.fresh(), new StateStore(dir, logs.log).load());
        String line = logs.lines("state_fresh_start").get(0);
        assertTrue(line.contains(" WARN ") && line.contains("reason=invalid") && line.contains("a directory"), line);
    }

    /** Loading ends (a FIFO or /dev/zero would block or never end), refuses with one WARN, and a save replaces it. */
    private void assertRefusedAndReplaced(String why) throws Exception {
        StateStore store = new StateStore(dir, logs.log);
        PersistedState loaded = assertTimeoutPreemptively(Duration.ofSeconds(30), store::load,
                "loading must not block");
        assertEquals(PersistedState.fresh(), loaded);
        List<String> lines = logs.lines("state_fresh_start");
        assertEquals(1, lines.size(), logs.all());
        assertTrue(lines.get(0).contains(" WARN ") && lines.get(0).contains("reason=invalid")
                && lines.get(0).contains(why), lines.get(0));
        assertEquals(1, lines.get(0).split(java.util.regex.Pattern.quote(store.file().toString()), -1).length - 1,
                "the path is named once: " + lines.get(0));

        store.save(new PersistedState(9, Optional.empty(), Optional.empty()));
        assertTrue(Files.isRegularFile(store.file(), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals(9, new StateStore(dir, logs.log).load().lastReportId());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "{\"format\":\"watchpost-state\",\"version\":1,\"lastRep",
        "",
        "[1,2,3]",
        "{\"format\":\"something-else\",\"version\":1,\"lastReportId\":5}",
        "{\"format\":\"watchpost-state\",\"version\":3,\"lastReportId\":5}",
        "{\"format\":\"watchpost-state\",\"version\":\"2\",\"lastReportId\":5}",
        "{\"format\":\"watchpost-state\",\"version\":1,\"lastReportId\":-5}",
        "{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":5.5}",
        "{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":\"5\"}",
        "{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":9223372036854775808}",
        // in range for a long, but no room left for the next id: every cycle would fail
        "{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":9223372036854775807}",
        "{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":253402300800000}",
        "{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":5,"
                + "\"lastPublishedAt\":\"+1000000000-12-31T23:59:59.999999999Z\"}",
        "{\"format\":\"watchpost-state\",\"version\":2.0,\"lastReportId\":5}",
        "{\"format\":\"watchpost-state\",\"version\":1,\"lastReportId\":5,\"lastPublishedAt\":\"yesterday\"}",
        "{\"format\":\"watchpost-state\",\"version\":1,\"lastReportId\":5,\"acceptedBaseline\":{\"bootId\":\"b\","
                + "\"interfaces\":[{\"name\":\"eth0\",\"loopback\":false,\"rxBytes\":-1,\"rxPackets\":0,"
                + "\"txBytes\":0,\"txPackets\":0}]}}",
        // version 2 requires the baseline's network source
        "{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":5,\"acceptedBaseline\":{\"bootId\":\"b\","
                + "\"interfaces\":[]}}",
        "{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":5,\"acceptedBaseline\":{\"bootId\":\"b\","
                + "\"networkSource\":7,\"interfaces\":[]}}"
    })
    void corruptOrForeignFileIsAFreshStartWithOneWarn(String content) throws Exception {
        Files.writeString(dir.resolve(StateStore.FILE_NAME), content);
        assertEquals(PersistedState.fresh(), new StateStore(dir, logs.log).load());
        assertEquals(1, logs.lines("state_fresh_start").size());
        String line = logs.lines("state_fresh_start").get(0);
        assertTrue(line.contains(" WARN ") && line.contains("reason=invalid"), line);
    }

    /** Written before the baseline recorded its network source (version 1). */
    private static final String VERSION_1_WITH_BASELINE = "{\"format\":\"watchpost-state\",\"version\":1,"
            + "\"lastReportId\":1795860006469,\"lastPublishedAt\":\"2026-11-28T10:00:06.469Z\","
            + "\"acceptedBaseline\":{\"bootId\":\"0f1e2d3c-boot\",\"interfaces\":[{\"name\":\"eth0\","
            + "\"loopback\":false,\"rxBytes\":5000,\"rxPackets\":50,\"txBytes\":7000,\"txPackets\":70}]}}";

    @Test
    void versionOneFileKeepsIdAndPublishTimeButDropsTheBaselineWithOneWarn() throws Exception {
        Files.writeString(dir.resolve(StateStore.FILE_NAME), VERSION_1_WITH_BASELINE);
        PersistedState loaded = new StateStore(dir, logs.log).load();

        assertEquals(new PersistedState(1_795_860_006_469L, Optional.of(Instant.parse("2026-11-28T10:00:06.469Z")),
                Optional.empty()), loaded, "no baseline: the next report has no network_stats instead of a spike");
        assertTrue(logs.lines("state_fresh_start").isEmpty(), logs.all());
        List<String> dropped = logs.lines("state_baseline_dropped");
        assertEquals(1, dropped.size(), logs.all());
        assertTrue(dropped.get(0).contains(" WARN ") && dropped.get(0).contains("reason=no_network_source"),
                dropped.get(0));
    }

    @Test
    void versionOneFileWithoutBaselineLoadsSilently() throws Exception {
        Files.writeString(dir.resolve(StateStore.FILE_NAME),
                "{\"format\":\"watchpost-state\",\"version\":1,\"lastReportId\":5}");
        assertEquals(new PersistedState(5, Optional.empty(), Optional.empty()), new StateStore(dir, logs.log).load());
        assertTrue(logs.all().isEmpty(), logs.all());
    }

    @Test
    void aVersionOneFileIsRewrittenAsVersionTwoOnTheNextSave() throws Exception {
        Files.writeString(dir.resolve(StateStore.FILE_NAME), VERSION_1_WITH_BASELINE);
        StateStore store = new StateStore(dir, logs.log);
        store.save(store.load());
        assertTrue(Files.readString(store.file()).contains("\"version\" : 2"), Files.readString(store.file()));
        assertEquals(1_795_860_006_469L, new StateStore(dir, logs.log).load().lastReportId());
        assertEquals(1, logs.lines("state_baseline_dropped").size(), "the second load reads version 2: no WARN");
    }
}
