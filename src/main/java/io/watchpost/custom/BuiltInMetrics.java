package io.watchpost.custom;

import io.watchpost.config.Settings;
import io.watchpost.log.EventLog;
import io.watchpost.proc.InterfaceAddresses;
import io.watchpost.proc.LineProblems;
import io.watchpost.proc.NetDevParser;
import io.watchpost.proc.NetDevRow;
import io.watchpost.proc.ProcBytes;
import io.watchpost.proc.ProcFileReader;
import io.watchpost.proc.ProcRoot;
import io.watchpost.proc.ProcRootResolver;
import io.watchpost.proc.system.CpuTimes;
import io.watchpost.proc.system.LinkState;
import io.watchpost.proc.system.LoadAverage;
import io.watchpost.proc.system.LoadAverageFile;
import io.watchpost.proc.system.MemInfo;
import io.watchpost.proc.system.MemInfoFile;
import io.watchpost.proc.system.ProcFileException;
import io.watchpost.proc.system.ProcessCount;
import io.watchpost.proc.system.StatFile;
import io.watchpost.proc.system.SysClassNet;
import io.watchpost.proc.system.UptimeFile;
import io.watchpost.report.CustomMetricValue;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteOrder;
import java.nio.file.Files;
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
    private final Function<Path, Path> sysRootForProcRoot;
    private final ByteOrder kernelByteOrder;
    private final ProcRootResolver rootResolver;
    private final ProcFileReader reader = new ProcFileReader();
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
        this(log, SysClassNet::sysRootFor);
    }

    /** @param sysRootForProcRoot where sysfs is for a proc root (default: {@link SysClassNet#sysRootFor}) */
    public BuiltInMetrics(EventLog log, Function<Path, Path> sysRootForProcRoot) {
        this(log, sysRootForProcRoot, ByteOrder.nativeOrder());
    }

    /** @param kernelByteOrder byte order of the kernel that wrote {@code net/route} (tests replay other hosts' files) */
    BuiltInMetrics(EventLog log, Function<Path, Path> sysRootForProcRoot, ByteOrder kernelByteOrder) {
        this.log = Objects.requireNonNull(log, "log");
        this.sysRootForProcRoot = Objects.requireNonNull(sysRootForProcRoot, "sysRootForProcRoot");
        this.kernelByteOrder = Objects.requireNonNull(kernelByteOrder, "kernelByteOrder");
        this.rootResolver = new ProcRootResolver(log, BuiltInMetric.NETWORK_INTERFACES.metricName() + " and "
                + BuiltInMetric.LOCAL_IP_ADDRESSES.metricName());
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
        Inputs in = new Inputs(procRoot, settings, new Once<>(() -> read(() -> MemInfoFile.read(procRoot))),
                new Once<>(() -> resolveNet(procRoot)));
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
        Path procRoot = in.procRoot();
        return switch (metric) {
            case CPU_USAGE -> cpuUsage(procRoot);
            case MEMORY_USED_PERCENT -> Optional.of(memoryUsedPercent(in.memInfo().get()));
            case MEMORY_AVAILABLE_KB -> Optional.of(number(BigDecimal.valueOf(in.memInfo().get().memAvailableKb())));
            case LOAD_AVERAGE -> Optional.of(loadAverage(procRoot));
            case PROCESS_COUNT -> Optional.of(number(BigDecimal.valueOf(read(() -> ProcessCount.count(procRoot)))));
            case UPTIME_SECONDS -> Optional.of(number(read(() -> UptimeFile.read(procRoot))));
            case DISK_USED_PERCENT -> Optional.of(diskUsedPercent(in.settings().diskUsagePath()));
            case NETWORK_INTERFACES -> Optional.of(networkInterfaces(procRoot, in.netRoot().get()));
            case LOCAL_IP_ADDRESSES -> Optional.of(localIpAddresses(in.netRoot().get()));
        };
    }

    /** What one sample reads; inputs that feed several metrics are read at most once. */
    private record Inputs(Path procRoot, Settings settings, Once<MemInfo> memInfo, Once<ProcRoot> netRoot) {
    }

    /** A value read at most once per sample; a failure to read it is kept and given to every metric that asks. */
    private static final class Once<T> {
        private final Read<T> read;
        private T value;
        private Unavailable problem;

        Once(Read<T> read) {
            this.read = read;
        }

        T get() throws Unavailable {
            if (value == null && problem == null) {
                try {
                    value = read.get();
                } catch (Unavailable e) {
                    problem = e;
                }
            }
            if (problem != null) {
                throw problem;
            }
            return value;
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T get() throws Unavailable;
    }

    /** The network directory by the same rule, and with the same fallback WARN, as the network collector. */
    private ProcRoot resolveNet(Path procRoot) throws Unavailable {
        try {
            return rootResolver.resolve(procRoot);
        } catch (IOException e) {
            throw new Unavailable(procRoot + ": cannot use as proc root: " + EventLog.describe(e));
        }
    }

    private Optional<CustomMetricValue> cpuUsage(Path procRoot) throws Unavailable, InvalidCustomMetricException {
        CpuTimes now = read(() -> StatFile.read(procRoot));
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
            throw new Unavailable(procRoot.resolve("stat") + ": the CPU counters did not advance since the previous"
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

    private static CustomMetricValue loadAverage(Path procRoot) throws Unavailable, InvalidCustomMetricException {
        LoadAverage l = read(() -> LoadAverageFile.read(procRoot));
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
    private CustomMetricValue networkInterfaces(Path procRoot, ProcRoot root) throws Unavailable {
        Path devFile = root.net("dev");
        ProcBytes dev = readNet(devFile).orElseThrow(() -> new Unavailable(devFile + ": does not exist"));
        FirstProblem problems = new FirstProblem();
        List<NetDevRow> rows = NetDevParser.parse(dev.data(), dev.length(), problems.forFile(devFile));
        problems.throwIfAny();
        Set<String> devNames = new TreeSet<>();
        rows.forEach(r -> devNames.add(r.name()));
        Path sysRoot = sysRootForProcRoot.apply(procRoot);
        Set<String> sysNames = read(() -> SysClassNet.names(sysRoot));
        if (!devNames.equals(sysNames)) {
            throw new Unavailable(devFile + " lists " + devNames + " but " + sysRoot.resolve("class/net")
                    + " has " + sysNames + ": sysfs shows another network namespace than the proc root (mount the"
                    + " host's /sys beside its /proc)");
        }
        List<String> up = new ArrayList<>();
        for (String name : devNames) {
            LinkState state = read(() -> SysClassNet.read(sysRoot, name));
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
    private CustomMetricValue localIpAddresses(ProcRoot root) throws Unavailable, InvalidCustomMetricException {
        Path fibTrie = root.net("fib_trie");
        if (!Files.exists(fibTrie)) {
            throw new Unavailable(fibTrie + ": does not exist, so the IPv4 addresses are unknown");
        }
        FirstProblem problems = new FirstProblem();
        InterfaceAddresses table;
        try {
            table = InterfaceAddresses.read(root, reader, kernelByteOrder, problems::forFile);
        } catch (IOException e) {
            throw new Unavailable(fileOf(e, root.netDir()) + ": " + EventLog.describe(e));
        }
        problems.throwIfAny();
        LocalIpAddresses.Result found = LocalIpAddresses.of(table, CustomMetricRules.MAX_LIST_VALUES);
        if (found.truncated() && !notedAddressTruncation) {
            log.warn("custom_metric_list_truncated", "name", BuiltInMetric.LOCAL_IP_ADDRESSES.metricName(),
                    "kept", found.addresses().size(), "found", found.total());
        }
        notedAddressTruncation = found.truncated();
        return CustomMetricRules.check(new CustomMetricValue.IpList(found.addresses()));
    }

    /** The file an I/O error is about (which {@link EventLog#describe} leaves out), else {@code fallback}. */
    private static Object fileOf(IOException e, Path fallback) {
        return e instanceof java.nio.file.FileSystemException f && f.getFile() != null ? f.getFile() : fallback;
    }

    private Optional<ProcBytes> readNet(Path file) throws Unavailable {
        try {
            return reader.read(file);
        } catch (IOException e) {
            throw new Unavailable(fileOf(e, file) + ": " + EventLog.describe(e));
        }
    }

    /**
     * Keeps the first malformed line the proc parsers report. They skip such lines, but a value built without one could
     * silently miss an interface or an address, so the metric is left out, naming the file, line and rule broken.
     */
    private static final class FirstProblem {
        private String first;
        private int count;

        LineProblems forFile(Path file) {
            return (lineNumber, data, start, end, reason) -> {
                if (count++ == 0) {
                    first = file + ": line " + lineNumber + ": " + reason;
                }
            };
        }

        void throwIfAny() throws Unavailable {
            if (count > 0) {
                throw new Unavailable(first + (count > 1 ? " (and " + (count - 1) + " more malformed lines)" : ""));
            }
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
