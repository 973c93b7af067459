package io.watchpost.custom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskUsageTest {

    @Test
    void usedPercent_isDfsFormula_usedOverUsedPlusAvailable() throws Exception {
        // 1000 blocks, 300 free of which 50 are reserved for root: used 700, available 250.
        BigDecimal percent = new DiskUsage(1000, 300, 250).usedPercent().orElseThrow();
        assertEquals(new BigDecimal("73.6842105263158"), CustomMetricRules.roundComputed(percent));
    }

    @Test
    void aDiskOnlyRootCanWrite_is100Percent() {
        assertEquals(0, BigDecimal.valueOf(100).compareTo(new DiskUsage(1000, 50, 0).usedPercent().orElseThrow()));
    }

    @Test
    void aFileSystemWithoutBlocks_hasNoPercentage() {
        assertEquals(Optional.empty(), new DiskUsage(0, 0, 0).usedPercent());
    }

    /** Oracle: coreutils {@code stat -f} (statvfs) on the same directory; other writers may move it a little. */
    @Test
    void realFileSystem_agreesWithStatF(@TempDir Path dir) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("stat", "-f", "-c", "%b %f %a", dir.toString()).redirectErrorStream(true).start();
        } catch (IOException noStat) {
            return; // no coreutils on this machine: the formula tests above still hold
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertEquals(0, p.waitFor(), out);
        String[] f = out.split(" ");
        double blocks = Double.parseDouble(f[0]);
        double free = Double.parseDouble(f[1]);
        double avail = Double.parseDouble(f[2]);
        double expected = (blocks - free) * 100 / (blocks - free + avail);
        double actual = DiskUsage.of(dir).usedPercent().orElseThrow().doubleValue();
        System.out.printf("disk_used_percent of %s: watchpost %.6f, stat -f %.6f%n", dir, actual, expected);
        assertEquals(expected, actual, 0.5);
        assertTrue(actual > 0 && actual <= 100);
    }
}
