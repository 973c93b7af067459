package io.watchpost.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.config.Settings;
import io.watchpost.custom.BuiltInMetrics;
import io.watchpost.proc.ProcFile;
import io.watchpost.proc.ProcFixtures;
import io.watchpost.proc.ProcFs;
import io.watchpost.proc.SysClassNet;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.testing.LogCapture;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile proc roots (issue 11's reproductions): each is an error naming the file, a skipped line, or a WARN. */
class ProcNetworkCollectorHardeningTest {
    private static final int LIMIT = 1000;
    private final LogCapture logs = new LogCapture(Clock.systemUTC());
    private final ProcNetworkCollector collector = new ProcNetworkCollector(
            new ProcFs(logs.log, ByteOrder.LITTLE_ENDIAN, SysClassNet::sysRootFor), logs.log);
    @TempDir
    Path root;

    private Path host() throws IOException {
        ProcFixtures.copyTree(ProcFixtures.dir(ProcFixtures.HOST), root);
        return root.resolve("1/net");
    }

    private static void mkfifo(Path path) throws Exception {
        Files.deleteIfExists(path);
        assertEquals(0, new ProcessBuilder("mkfifo", path.toString()).start().waitFor());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "dev"})
    void aFifoInPlaceOfARequiredTableIsAnErrorNamingItNotAHang(String table) throws Exception {
        Path fifo = host().resolve(table);
        mkfifo(fifo);
        CollectException e = assertThrows(CollectException.class, () -> collector.collect(root, LIMIT));
        assertEquals(fifo, e.path());
        assertTrue(e.getMessage().startsWith(fifo + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("is a FIFO, socket or device, not a regular file; only regular files are"
                + " read"), e.getMessage());
        assertEquals(1, e.getMessage().split(fifo.toString(), -1).length - 1, "the path once: " + e.getMessage());
    }

    @Test
    void aNetDevOverItsCapIsAnErrorNamingTheFileAndTheCap() throws Exception {
        Path dev = host().resolve("dev");
        try (OutputStream out = Files.newOutputStream(dev)) {
            out.write(Files.readAllBytes(ProcFixtures.net("host", "dev")));
            byte[] row = "  eth9: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n".getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written <= ProcFile.NET_DEV.maxBytes(); written += row.length) {
                out.write(row);
            }
        }
        CollectException e = assertThrows(CollectException.class, () -> collector.collect(root, LIMIT));
        assertEquals(dev, e.path());
        assertEquals(dev + ": larger than 4194304 bytes, the cap for this file; not a kernel table", e.getMessage());
        // the next cycle with a sane file works: nothing was left behind
        Files.copy(ProcFixtures.net("host", "dev"), dev, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertFalse(collector.collect(root, LIMIT).interfaces().isEmpty());
    }

    @Test
    void aHugeLineInATcpTableIsOneSkippedLineAndTheRestIsCollected() throws Exception {
        Path tcp = host().resolve("tcp");
        List<String> lines = Files.readAllLines(tcp, StandardCharsets.US_ASCII);
        NetworkSnapshot before = collector.collect(root, LIMIT);
        try (OutputStream out = Files.newOutputStream(tcp)) {
            out.write((lines.get(0) + "\n").getBytes(StandardCharsets.US_ASCII));
            byte[] garbage = new byte[1 << 20];
            Arrays.fill(garbage, (byte) '7');
            for (int i = 0; i < 4; i++) {
                out.write(garbage);
            }
            out.write('\n');
            for (String line : lines.subList(1, lines.size())) {
                out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        NetworkSnapshot after = collector.collect(root, LIMIT);
        assertEquals(before.established(), after.established());
        assertEquals(before.tcpListeners(), after.tcpListeners());
        assertEquals(1, after.malformedLines());
        String warning = logs.lines("proc_lines_skipped").get(0);
        assertTrue(warning.contains("file=" + tcp) && warning.contains("first_line=2")
                && warning.contains("overlong line (65536 bytes or more)"), warning);
    }

    @ParameterizedTest
    @ValueSource(strings = {"route", "fib_trie"})
    void aMissingOrEmptyAddressTableIsWarnedOncePerRootNamingIt(String table) throws Exception {
        Path file = host().resolve(table);
        Files.delete(file);
        for (int cycle = 0; cycle < 3; cycle++) {
            collector.collect(root, LIMIT);
        }
        List<String> warnings = logs.lines("interface_table_missing");
        assertEquals(1, warnings.size(), logs.lines().toString());
        assertTrue(warnings.get(0).contains("file=" + file) && warnings.get(0).contains("state=missing"),
                warnings.get(0));
        Files.writeString(file, "");
        collector.collect(root, LIMIT);
        assertEquals(1, logs.lines("interface_table_missing").size(), "still missing in effect: no new WARN");
        Files.copy(ProcFixtures.net("host", table), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        collector.collect(root, LIMIT);
        Files.writeString(file, "");
        collector.collect(root, LIMIT);
        List<String> again = logs.lines("interface_table_missing");
        assertEquals(2, again.size(), "warned again after it was back in between: " + again);
        assertTrue(again.get(1).contains("state=empty"), again.get(1));
    }

    @Test
    void anUnreadableHostDevIsNamedWhenTheFallbackHasNoTables() throws Exception {
        // before: "<root>/net/tcp: missing", blaming the fallback for what 1/net/dev caused
        Path dev = host().resolve("dev");
        mkfifo(dev);
        CollectException e = assertThrows(CollectException.class, () -> collector.collect(root, LIMIT));
        assertEquals(dev, e.path());
        assertEquals(dev + ": refused as the host's network tables (is a FIFO, socket or device, not a regular file;"
                + " only regular files are read), and the fallback " + root.resolve("net/tcp") + " does not exist",
                e.getMessage());
        assertFalse(e.getMessage().startsWith(root.resolve("net/tcp").toString()), e.getMessage());
    }

    @Test
    void aHeaderWithARowGluedToItCountsAsMalformed() throws Exception {
        Path tcp = host().resolve("tcp");
        List<String> lines = Files.readAllLines(tcp, StandardCharsets.US_ASCII);
        NetworkSnapshot before = collector.collect(root, LIMIT);
        Files.writeString(tcp, lines.get(0) + String.join("\n", lines.subList(1, lines.size())) + "\n");
        assertEquals(1, collector.collect(root, LIMIT).malformedLines());
        assertTrue(logs.lines("proc_lines_skipped").get(0).contains("row data glued"), logs.lines().toString());
        assertTrue(before.malformedLines() == 0);
    }

    @Test
    void pastTheDistinctBoundTheTotalIsAnUpperBoundFlaggedAndWarnedOnce() throws Exception {
        host();
        NetworkSnapshot exact = collector.collect(root, LIMIT);
        int distinct = exact.established().total();
        assertTrue(distinct > 3, "the fixture has connections: " + distinct);
        ProcNetworkCollector bounded = new ProcNetworkCollector(
                new ProcFs(logs.log, ByteOrder.LITTLE_ENDIAN, SysClassNet::sysRootFor), logs.log, 2, 1);
        NetworkSnapshot s = bounded.collect(root, LIMIT);
        assertFalse(s.established().exact());
        assertTrue(s.established().total() >= distinct, s.established().total() + " < " + distinct);
        assertEquals(exact.established().kept(), s.established().kept(), "the kept list stays exact");
        assertFalse(s.destinations().complete());
        assertEquals(1, s.destinations().size());
        bounded.collect(root, LIMIT);
        assertEquals(1, logs.lines("connections_total_inexact").size(), logs.lines().toString());
        assertTrue(exact.established().exact());
    }

    @Test
    void theCollectorAndTheBuiltInMetricsOfOneCycleReadEachFileOnce() throws Exception {
        Path dev = host().resolve("dev");
        Files.createDirectories(root.resolve("sys/class/net"));
        ProcFs proc = new ProcFs(logs.log, ByteOrder.LITTLE_ENDIAN, p -> p.resolve("no-sys"));
        ProcNetworkCollector shared = new ProcNetworkCollector(proc, logs.log);
        BuiltInMetrics metrics = new BuiltInMetrics(logs.log, proc);
        Settings settings = Settings.defaults().withProcRoot(root);
        Settings withAddresses = new Settings(settings.sampleInterval(), settings.procRoot(), settings.reportFormat(),
                settings.keyNames(), settings.maxReportBytes(), settings.includeLoopbackTraffic(),
                List.of("local_ip_addresses"), settings.customMetricsTopic(), settings.maxCustomMetrics(),
                settings.diskUsagePath());

        shared.collect(root, LIMIT);
        Files.delete(root.resolve("1/net/fib_trie")); // after the collector read it, within the same cycle
        CustomMetricValue addresses = metrics.sample(root, withAddresses).get("local_ip_addresses");
        assertEquals(new CustomMetricValue.IpList(List.of("192.0.2.2", "fd00::2")), addresses,
                "the built-ins got the table the collector read this cycle, not a second read");

        shared.collect(root, LIMIT); // the next cycle reads afresh
        assertTrue(metrics.sample(root, withAddresses).isEmpty(), "fib_trie is gone now: " + logs.lines());
        assertTrue(Files.exists(dev));
    }
}
