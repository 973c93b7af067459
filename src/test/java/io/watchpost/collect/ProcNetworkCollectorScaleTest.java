package io.watchpost.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many established connections, with duplicated rows, beyond the retain limit: every distinct one is counted once and
 * the kept ones are the first in order. Checks results only; SyntheticScaleBench times the same tables at 100,000 rows.
 */
class ProcNetworkCollectorScaleTest {
    private static final int V4_CONNECTIONS = 8_000;
    private static final int V6_CONNECTIONS = 2_000;

    @Test
    void tenThousandConnections_countedOnce_keptSorted(@TempDir Path root) throws Exception {
        ScaleProcRoot.write(root, V4_CONNECTIONS, V6_CONNECTIONS);

        NetworkSnapshot s = ScaleProcRoot.quietCollector().collect(root, 1000);

        assertEquals(V4_CONNECTIONS + V6_CONNECTIONS, s.established().total());
        assertEquals(1000, s.established().kept().size());
        assertEquals(s.established().kept().stream().sorted().toList(), s.established().kept());
    }
}
