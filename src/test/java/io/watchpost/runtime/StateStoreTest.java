package io.watchpost.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.collect.InterfaceCounters;
import io.watchpost.report.NetworkBaseline;
import io.watchpost.testing.LogCapture;
import io.watchpost.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void missingFileIsAFreshStartWithOneWarn() {
        assertEquals(PersistedState.fresh(), new StateStore(dir, logs.log).load());
        assertEquals(1, logs.lines("state_fresh_start").size());
        assertTrue(logs.lines("state_fresh_start").get(0).contains("reason=missing"));
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
