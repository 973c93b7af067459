package io.watchpost.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReportIdsTest {
    private static final Instant T = Instant.parse("2026-11-28T12:00:00Z");

    @Test
    void theIdIsEpochMillisecondsWhenTheClockIsAhead() {
        assertEquals(T.toEpochMilli(), ReportIds.next(0, T));
        assertEquals(T.toEpochMilli() + 300_000, ReportIds.next(T.toEpochMilli(), T.plusSeconds(300)));
    }

    @Test
    void idsKeepIncreasingWhenTheClockStandsStillOrGoesBackwards() {
        long previous = ReportIds.next(0, T);
        Instant[] clock = {T, T.minusSeconds(3600), T.minusMillis(1), T.minusSeconds(86_400 * 365)};
        for (Instant now : clock) {
            long id = ReportIds.next(previous, now);
            assertTrue(id > previous, id + " must be greater than " + previous);
            previous = id;
        }
        assertEquals(T.toEpochMilli() + 4, previous);
        // once the clock overtakes the ids again, epoch milliseconds resume
        assertEquals(T.plusSeconds(1).toEpochMilli(), ReportIds.next(previous, T.plusSeconds(1)));
    }

    @Test
    void theAssemblerUsesTheRule() {
        var assembler = new ReportAssembler();
        var snapshot = new io.watchpost.collect.NetworkSnapshot(null, "/proc/net", io.watchpost.collect.Bounded.empty(),
                io.watchpost.collect.Bounded.empty(), io.watchpost.collect.Bounded.empty(), java.util.List.of(), 0,
                io.watchpost.collect.PortSet.empty(), io.watchpost.collect.PortSet.empty(),
                io.watchpost.collect.RemoteAddresses.empty());
        long first = assembler.assemble(snapshot, null, false, 0, T, java.util.Map.of()).report().header().reportId();
        long second = assembler.assemble(snapshot, null, false, first, T.minusSeconds(10), java.util.Map.of())
                .report().header().reportId();
        assertEquals(first + 1, second);
    }

    @Test
    void anExhaustedIdSpaceIsAnErrorNotAWrap() {
        assertThrows(IllegalStateException.class, () -> ReportIds.next(Long.MAX_VALUE, T));
    }
}
