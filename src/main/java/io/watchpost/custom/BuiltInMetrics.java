package io.watchpost.custom;

import io.watchpost.config.Settings;
import io.watchpost.log.EventLog;
import io.watchpost.proc.CpuTimes;
import io.watchpost.proc.InterfaceAddresses;
import io.watchpost.proc.LinkState;
import io.watchpost.proc.LoadAverage;
import io.watchpost.proc.MemInfo;
import io.watchpost.proc.NetDevRow;
import io.watchpost.proc.ProcFile;
import io.watchpost.proc.ProcFileException;
import io.watchpost.proc.ProcFs;
import io.watchpost.proc.ProcTables;
import io.watchpost.proc.SkippedLines;
import io.watchpost.proc.SysClassNet;
import io.watchpost.report.CustomMetricValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Measures the built-in custom metrics named in {@link Settings#customMetrics()}, once per report.
 *
 * <p>Stateful: it keeps the previous CPU sample, because CPU usage only means something over an interval. A metric that
 * cannot be read, or whose value breaks Device Defender's rules, is left out of the report; that is logged at WARN when
 * it first happens and at INFO when the metric is back, never once per cycle. The report loop calls it from one
 * thread; {@code synchronized} only keeps a stray second caller from tearing the CPU sample.
 */
public final class BuiltInMetrics {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final EventLog log;
    private final ProcFs proc;
    private final ProcFs.Reader reader;
    private final Map<BuiltInMetric, String> unavailable = new EnumMap<>(BuiltInMetric.class);
    private final Set<String> notedInterfaces = new HashSet<>();
    private boolean notedAddressTruncation;
    private CpuSample previousCpu;

    private record CpuSample(Path procRoot, CpuTimes times) {
    }

    /** Thrown inside this class when one metric has no value this cycle. */
    private static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    public BuiltInMetrics(EventLog log) {
        this(log, new ProcFs(log));
    }

    /** @param sysRootForProcRoot where sysfs is for a proc root (default: {@link SysClassNet#sysRootFor}) */
    public BuiltInMetrics(EventLog log, Function<Path, Path> sysRootForProcRoot) {
        this(log, new ProcFs(log, ByteOrder.nativeOrder(), sysRootForProcRoot));
    }

    /** @param kernelByteOrder byte order of the kernel that wrote {@code net/route} (tests replay other hosts' files) */
    BuiltInMetrics(EventLog log, Function<Path, Path> sysRootForProcRoot, ByteOrder kernelByteOrder) {
        this(log, new ProcFs(log, kernelByteOrder, sysRootForProcRoot));
    }

    /** @param proc the proc layer shared with the other readers of a cycle (the network collector) */
    public BuiltInMetrics(EventLog log, ProcFs proc) {
        this.log = Objects.requireNonNull(log, "log");
        this.proc = Objects.requireNonNull(proc, "proc");
        this.reader = proc.reader("built-in custom metrics");
    }

    /**
     * @param procRoot where /proc is mounted
     * @param settings which metrics ({@code customMetrics}) and the disk path ({@code diskUsagePath})
     * @return the configured metrics that have a valid value now, sorted by name
     */
    public synchronized SortedMap<String, CustomMetricValue> sample(Path procRoot, Settings settings) {
        Set<BuiltInMetric> wanted = new TreeSet<>();
        for (String name : settings.customMetrics()) {
            BuiltInMetric.fromName(name).ifPresent(wanted::add);
        }
        unavailable.keySet().retainAll(wanted);
        if (!wanted.contains(BuiltInMetric.CPU_USAGE)) {
            previousCpu = null;
        }
        SortedMap<String, CustomMetricValue> values = new TreeMap<>();
        Inputs in = new Inputs(settings, new Tables(procRoot));
        for (BuiltInMetric metric : wanted) {
            try {
                measure(metric, in).ifPresent(v -> values.put(metric.metricName(), v));
                available(metric);
            } catch (Unavailable e) {
                unavailable(metric, e.getMessage());
            } catch (InvalidCustomMetricException e) {
                unavailable(metric, "value breaks Device Defender's rules: " + e.getMessage());
            } catch (RuntimeException e) {
                // One metric's surprise must not cost the report its other metrics.
                unavailable(metric, "unexpected " + EventLog.describe(e));
            }
        }
        return values;
    }

    /** @return empty only for the first CPU sample; otherwise a value or an exception saying why there is none */
    private Optional<CustomMetricValue> measure(BuiltInMetric metric, Inputs in)
            throws Unavailable, InvalidCustomMetricException {
        return switch (metric) {
            case CPU_USAGE -> cpuUsage(in.tables().get());
            case MEMORY_USED_PERCENT -> Optional.of(memoryUsedPercent(read(in.tables().get()::memInfo)));
            case MEMORY_AVAILABLE_KB -> Optional.of(number(BigDecimal.valueOf(
                    read(in.tables().get()::memInfo).memAvailableKb())));
            case LOAD_AVERAGE -> Optional.of(loadAverage(read(in.tables().get()::loadAverage)));
            case PROCESS_COUNT -> Optional.of(number(BigDecimal.valueOf(read(in.tables().get()::processCount))));
            case UPTIME_SECONDS -> Optional.of(number(read(in.tables().get()::uptimeSeconds)));
            case DISK_USED_PERCENT -> Optional.of(diskUsedPercent(in.settings().diskUsagePath()));
            case NETWORK_INTERFACES -> Optional.of(networkInterfaces(in.tables().get()));
            case LOCAL_IP_ADDRESSES -> Optional.of(localIpAddresses(in.tables().get()));
        };
    }

    /** What one sample reads: the cycle's tables of the proc root, shared with the network collector. */
    private record Inputs(Settings settings, Tables tables) {
    }

    /**
     * The cycle's tables, opened when a metric first needs them (the disk metric does not), or why the proc root
     * cannot be used: then every metric that needs it has no value.
     */
    private final class Tables {
        private final Path procRoot;
        private ProcTables tables;
        private String problem;

        Tables(Path procRoot) {
            this.procRoot = procRoot;
        }

        ProcTables get() throws Unavailable {
            if (tables == null && problem == null) {
                try {
                    tables = proc.tables(procRoot, reader);
                } catch (ProcFileException e) {
                    problem = e.getMessage();
                }
            }
            if (tables == null) {
                throw new Unavailable(problem);
            }
            return tables;
        }
    }

    private Optional<CustomMetricValue> cpuUsage(ProcTables tables) throws Unavailable, InvalidCustomMetricException {
        Path procRoot = tables.procRoot();
        CpuTimes now = read(tables::cpuTimes);
        CpuSample earlier = previousCpu;
        previousCpu = new CpuSample(procRoot, now);
        if (earlier == null || !earlier.procRoot().equals(procRoot)) {
            // A first value would be CPU usage since boot, which says nothing about now: psutil's meaningless 0.0.
            log.debug("custom_metric_pending", "name", BuiltInMetric.CPU_USAGE.metricName(),
                    "reason", "first CPU sample; usage is reported from the next report on");
            return Optional.empty();
        }
        Optional<BigDecimal> percent = CpuUsage.busyPercent(earlier.times(), now);
        if (percent.isEmpty()) {
            throw new Unavailable(tables.file(ProcFile.STAT) + ": the CPU counters did not advance since the previous"
                    + " sample");
        }
        return Optional.of(new CustomMetricValue.Number(CustomMetricRules.roundComputed(percent.get())));
    }

    private static CustomMetricValue memoryUsedPercent(MemInfo m) throws InvalidCustomMetricException {
        long used = Math.max(0, m.memTotalKb() - m.memAvailableKb());
        BigDecimal percent = BigDecimal.valueOf(used).multiply(HUNDRED)
                .divide(BigDecimal.valueOf(m.memTotalKb()), MathContext.DECIMAL128);
        return new CustomMetricValue.Number(CustomMetricRules.roundComputed(percent));
    }

    private static CustomMetricValue loadAverage(LoadAverage l) throws InvalidCustomMetricException {
        return new CustomMetricValue.NumberList(List.of(CustomMetricRules.checkNumber(l.one()),
                CustomMetricRules.checkNumber(l.five()), CustomMetricRules.checkNumber(l.fifteen())));
    }

    private static CustomMetricValue diskUsedPercent(Path path) throws Unavailable, InvalidCustomMetricException {
        DiskUsage usage;
        try {
            usage = DiskUsage.of(path);
        } catch (IOException | SecurityException e) {
            throw new Unavailable(path + ": the file system cannot be queried (" + EventLog.describe(e) + ")");
        }
        Optional<BigDecimal> percent = usage.usedPercent();
        if (percent.isEmpty()) {
            throw new Unavailable(path + ": the file system reports no blocks (not a disk)");
        }
        return new CustomMetricValue.Number(CustomMetricRules.roundComputed(percent.get()));
    }

    /**
     * Interfaces that are up and not loopback. Names come from net/dev of the proc root (the same file, namespace and
     * parser as network_stats), states from sysfs. sysfs shows the network namespace of whoever mounted it, so the two
     * name sets must agree; when they do not, the metric is left out rather than guessed.
     */
    private CustomMetricValue networkInterfaces(ProcTables tables) throws Unavailable {
        List<NetDevRow> rows = read(tables::netDev);
        requireWhole(tables.skippedLines(ProcFile.NET_DEV));
        Set<String> devNames = new TreeSet<>();
        rows.forEach(r -> devNames.add(r.name()));
        Set<String> sysNames = read(tables::sysfsInterfaceNames);
        if (!devNames.equals(sysNames)) {
            throw new Unavailable(tables.file(ProcFile.NET_DEV) + " lists " + devNames + " but "
                    + tables.sysClassNetDir() + " has " + sysNames + ": sysfs shows another network"
                    + " namespace than the proc root (mount the host's /sys beside its /proc)");
        }
        List<String> up = new ArrayList<>();
        for (String name : devNames) {
            LinkState state = read(() -> tables.linkState(name));
            if (!state.isUp() || state.isLoopback()) {
                continue;
            }
            if (!CustomMetricRules.isStringListEntry(name)) {
                if (notedInterfaces.add(name)) {
                    log.warn("custom_metric_value_skipped", "name", BuiltInMetric.NETWORK_INTERFACES.metricName(),
                            "interface", name, "reason", "interface name has characters outside letters, digits and"
                                    + " : _ - / .");
                }
                continue;
            }
            if (up.size() == CustomMetricRules.MAX_LIST_VALUES) {
                if (notedInterfaces.add("")) {
                    log.warn("custom_metric_list_truncated", "name", BuiltInMetric.NETWORK_INTERFACES.metricName(),
                            "kept", CustomMetricRules.MAX_LIST_VALUES);
                }
                break;
            }
            up.add(name);
        }
        return new CustomMetricValue.StringList(up);
    }

    /**
     * The device's own addresses from the address tables of the proc root's network directory (if_inet6, fib_trie,
     * route, read by the proc layer as for the network collector), chosen by {@link LocalIpAddresses}. A missing
     * if_inet6 means no IPv6. Every kernel with IPv4 has fib_trie, so a missing one means the IPv4 addresses are
     * unknown, not absent: the metric is left out rather than sent without them.
     */
    private CustomMetricValue localIpAddresses(ProcTables tables) throws Unavailable, InvalidCustomMetricException {
        InterfaceAddresses table = read(tables::interfaceAddresses);
        if (!read(tables::ipv4AddressesKnown)) {
            throw new Unavailable(tables.file(ProcFile.FIB_TRIE) + ": missing or empty, so the IPv4 addresses are"
                    + " unknown");
        }
        requireWhole(tables.skippedLines(ProcFile.IF_INET6));
        requireWhole(tables.skippedLines(ProcFile.FIB_TRIE));
        requireWhole(tables.skippedLines(ProcFile.ROUTE));
        LocalIpAddresses.Result found = LocalIpAddresses.of(table, CustomMetricRules.MAX_LIST_VALUES);
        if (found.truncated() && !notedAddressTruncation) {
            log.warn("custom_metric_list_truncated", "name", BuiltInMetric.LOCAL_IP_ADDRESSES.metricName(),
                    "kept", found.addresses().size(), "found", found.total());
        }
        notedAddressTruncation = found.truncated();
        return CustomMetricRules.check(new CustomMetricValue.IpList(found.addresses()));
    }

    /**
     * The proc parsers skip malformed lines, but a value built without one could silently miss an interface or an
     * address, so the metric is left out, naming the file, line and rule broken.
     */
    private static void requireWhole(SkippedLines skipped) throws Unavailable {
        String problem = skipped.describe();
        if (problem != null) {
            throw new Unavailable(problem);
        }
    }

    private static CustomMetricValue number(BigDecimal value) throws InvalidCustomMetricException {
        return new CustomMetricValue.Number(CustomMetricRules.checkNumber(value));
    }

    private void unavailable(BuiltInMetric metric, String reason) {
        String before = unavailable.put(metric, reason);
        if (before == null) {
            log.warn("custom_metric_unavailable", "name", metric.metricName(), "reason", reason);
        } else if (!before.equals(reason)) {
            log.debug("custom_metric_unavailable", "name", metric.metricName(), "reason", reason);
        }
    }

    private void available(BuiltInMetric metric) {
        if (unavailable.remove(metric) != null) {
            log.info("custom_metric_available", "name", metric.metricName());
        }
    }

    @FunctionalInterface
    private interface ProcRead<T> {
        T get() throws ProcFileException;
    }


    private static <T> T read(ProcRead<T> read) throws Unavailable {
        try {
            return read.get();
        } catch (ProcFileException e) {
            throw new Unavailable(e.getMessage());
        }
    }
}
