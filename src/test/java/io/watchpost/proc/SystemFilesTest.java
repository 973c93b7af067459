package io.watchpost.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.testing.LogCapture;
import java.math.BigDecimal;
import java.time.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SystemFilesTest {
    private static final Path PROC = SystemFixtures.resource("host/proc");
    private static final Path SYS = SystemFixtures.resource("host/sys");
    private final ProcFileReader reader = new ProcFileReader();

    /** A cycle's tables of a root, as the collector and the built-in metrics get them. */
    private static ProcTables tables(Path procRoot) throws ProcFileException {
        return new ProcFs(new LogCapture(Clock.systemUTC()).log).open(procRoot);
    }

    @Test
    void stat_aggregateCpuLine_givesTheEightCounters() throws Exception {
        assertEquals(new CpuTimes(6009, 0, 1778, 78746, 213, 0, 79, 123), tables(PROC).cpuTimes());
        CpuTimes later = StatFile.parse(Path.of("stat.later"), SystemFixtures.text("samples/stat.later"));
        assertEquals(new CpuTimes(6868, 0, 1903, 78751, 215, 0, 83, 138), later);
        assertEquals(87958, later.total());
        assertEquals(78966, later.idleTotal());
    }

    @Test
    void meminfo_givesTotalAndAvailable() throws Exception {
        assertEquals(new MemInfo(24683656, 24286388), tables(PROC).memInfo());
    }

    @Test
    void loadavg_givesTheThreeAveragesAsWritten() throws Exception {
        assertEquals(new LoadAverage(new BigDecimal("0.60"), new BigDecimal("0.21"), new BigDecimal("0.07")),
                tables(PROC).loadAverage());
    }

    @Test
    void uptime_givesTheFirstField() throws Exception {
        assertEquals(new BigDecimal("435.87"), tables(PROC).uptimeSeconds());
    }

    @Test
    void sysClassNet_givesStateAndFlags() throws Exception {
        assertEquals(Set.of("eth0", "ifb0", "ifb1", "lo"), SysClassNet.names(SYS));
        LinkState eth0 = SysClassNet.read(reader, SYS, "eth0");
        assertEquals(new LinkState("eth0", OperState.UP, 0x1003), eth0);
        assertTrue(eth0.isUp());
        assertFalse(eth0.isLoopback());
        assertFalse(SysClassNet.read(reader, SYS, "ifb0").isUp());
        LinkState lo = SysClassNet.read(reader, SYS, "lo");
        assertEquals(OperState.UNKNOWN, lo.operState());
        assertTrue(lo.isUp(), "unknown operstate with IFF_UP counts as up (tunnels report unknown)");
        assertTrue(lo.isLoopback());
        assertFalse(new LinkState("tun0", OperState.UNKNOWN, 0x1090).isUp(), "unknown and admin down");
    }

    @Test
    void sysClassNet_sysfsIsFoundBesideTheProcRoot() {
        assertEquals(SYS, SysClassNet.sysRootFor(PROC));
        assertEquals(Path.of("/sys"), SysClassNet.sysRootFor(Path.of("/proc")));
    }

    @Test
    void sysClassNet_refusesNamesThatWouldLeaveTheDirectory() {
        ProcFileException e = assertThrows(ProcFileException.class, () -> SysClassNet.read(reader, SYS, ".."));
        assertTrue(e.getMessage().contains("is not an interface name"), e.getMessage());
    }

    @Test
    void sysClassNet_bondingMastersFileIsNotAnInterface(@TempDir Path sys) throws Exception {
        Files.createDirectories(sys.resolve("class/net/eth0"));
        Files.writeString(sys.resolve("class/net/bonding_masters"), "\n");
        assertEquals(Set.of("eth0"), SysClassNet.names(sys));
    }

    @Test
    void processCount_countsNumericDirectoriesOnly(@TempDir Path root) throws Exception {
        for (String dir : List.of("1", "42", "4242", "self", "net", "sys", "12abc")) {
            Files.createDirectories(root.resolve(dir));
        }
        Files.writeString(root.resolve("77"), "a numeric file is not a process");
        assertEquals(3, ProcessCount.count(root));
    }

    @Test
    void processCount_ofThisMachineIncludesThisProcess() throws Exception {
        Path own = Path.of("/proc").resolve(Long.toString(ProcessHandle.current().pid()));
        if (Files.isDirectory(own)) {
            assertTrue(ProcessCount.count(Path.of("/proc")) >= 1);
        }
    }

    @Test
    void processCount_missingRootNamesIt(@TempDir Path tmp) {
        Path missing = tmp.resolve("nothing");
        ProcFileException e = assertThrows(ProcFileException.class, () -> ProcessCount.count(missing));
        assertEquals(missing, e.file());
        assertTrue(e.getMessage().startsWith(missing.toString()), e.getMessage());
    }

    @Test
    void emptyFile_isAnErrorNamingTheFile(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("stat"), "");
        ProcFileException e = assertThrows(ProcFileException.class, () -> tables(root).cpuTimes());
        assertEquals(root.resolve("stat") + ": is empty", e.getMessage());
    }

    @Test
    void missingFile_isAnErrorNamingTheFile(@TempDir Path root) {
        ProcFileException e = assertThrows(ProcFileException.class, () -> tables(root).memInfo());
        assertEquals(root.resolve("meminfo") + ": does not exist", e.getMessage());
    }

    @Test
    void oversizedFile_isRefused(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("operstate"), "up".repeat(100));
        ProcFileException e = assertThrows(ProcFileException.class,
                () -> reader.readText(root.resolve("operstate"), 64));
        assertTrue(e.getMessage().endsWith("larger than 64 bytes, the cap for this file; not a kernel table"),
                e.getMessage());
    }

    @Test
    void unreadableFile_isAnErrorNamingTheFileAndWhy(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("stat"));
        ProcFileException e = assertThrows(ProcFileException.class, () -> tables(root).cpuTimes());
        assertEquals(root.resolve("stat"), e.file());
        assertEquals(root.resolve("stat") + ": is a directory, not a regular file; only regular files are read",
                e.getMessage());
    }

    @Test
    void aFifoInPlaceOfASystemFileIsAnErrorNamingItNotAHang(@TempDir Path root) throws Exception {
        Path stat = root.resolve("stat");
        assertEquals(0, new ProcessBuilder("mkfifo", stat.toString()).start().waitFor());
        ProcFileException e = assertThrows(ProcFileException.class, () -> tables(root).cpuTimes());
        assertEquals(stat + ": is a FIFO, socket or device, not a regular file; only regular files are read",
                e.getMessage());
    }

    @Test
    void eachSystemFileIsReadOncePerCycle(@TempDir Path root) throws Exception {
        SystemFixtures.copyHost(root);
        ProcTables cycle = tables(root.resolve("proc"));
        MemInfo first = cycle.memInfo();
        Files.delete(root.resolve("proc/meminfo"));
        assertEquals(first, cycle.memInfo(), "the cycle's value, not a second read");
        assertThrows(ProcFileException.class, () -> tables(root.resolve("proc")).memInfo(), "a new cycle reads again");
    }

    /** Broken variants derived from the verbatim fixtures, each with the words its error must contain. */
    static Stream<Arguments> brokenFiles() {
        String stat = SystemFixtures.text("host/proc/stat");
        String cpuLine = stat.lines().findFirst().orElseThrow();
        String meminfo = SystemFixtures.text("host/proc/meminfo");
        String loadavg = SystemFixtures.text("host/proc/loadavg");
        String uptime = SystemFixtures.text("host/proc/uptime");
        return Stream.of(
                Arguments.of("stat without cpu line", "stat", stat.replace(cpuLine + "\n", ""),
                        "has no aggregate \"cpu\" line"),
                Arguments.of("stat non-numeric", "stat", stat.replaceFirst("cpu  6009", "cpu  60x9"),
                        "line 1: \"60x9\" is not a whole number"),
                Arguments.of("stat negative", "stat", stat.replaceFirst("cpu  6009", "cpu  -6009"),
                        "is not a whole number"),
                Arguments.of("stat truncated", "stat", "cpu  6009 0 1778 78",
                        "line 1 has 4 values, at least 8 expected"),
                Arguments.of("meminfo without MemAvailable", "meminfo",
                        meminfo.lines().filter(l -> !l.startsWith("MemAvailable")).reduce("", (a, b) -> a + b + "\n"),
                        "has no MemAvailable line"),
                Arguments.of("meminfo without MemTotal", "meminfo",
                        meminfo.lines().filter(l -> !l.startsWith("MemTotal")).reduce("", (a, b) -> a + b + "\n"),
                        "has no MemTotal line"),
                Arguments.of("meminfo non-numeric", "meminfo", meminfo.replace("24683656 kB", "lots kB"),
                        "line 1: \"lots\" is not a whole number"),
                Arguments.of("meminfo truncated", "meminfo", "MemTotal:       24683656 kB\nMemAvailable:   2428",
                        "line 2 (MemAvailable) is not \"<number> kB\""),
                Arguments.of("loadavg truncated", "loadavg", "0.60 0.21", "has 2 fields, at least 3 expected"),
                Arguments.of("loadavg non-numeric", "loadavg", loadavg.replace("0.21", "abc"),
                        "field 2 \"abc\" is not a decimal number"),
                Arguments.of("uptime non-numeric", "uptime", uptime.replace("435.87", "NaN"),
                        "is not \"<uptime seconds> <idle seconds>\""),
                Arguments.of("uptime truncated", "uptime", "435.8", "is not \"<uptime seconds> <idle seconds>\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void brokenFile_givesAnErrorNamingFileAndProblem(String label, String file, String text, String expected) {
        Path path = Path.of("/host/proc").resolve(file);
        ProcFileException e = assertThrows(ProcFileException.class, () -> parse(file, path, text));
        assertEquals(path, e.file());
        assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), () -> "expected \"" + expected + "\" in: " + e.getMessage());
    }

    private static Object parse(String file, Path path, String text) throws ProcFileException {
        return switch (file) {
            case "stat" -> StatFile.parse(path, text);
            case "meminfo" -> MemInfoFile.parse(path, text);
            case "loadavg" -> LoadAverageFile.parse(path, text);
            case "uptime" -> UptimeFile.parse(path, text);
            default -> throw new IllegalArgumentException(file);
        };
    }
}
