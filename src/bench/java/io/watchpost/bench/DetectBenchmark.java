package io.watchpost.bench;

import io.watchpost.collect.CollectException;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.collect.ProcNetworkCollector;
import io.watchpost.collect.RemoteAddresses;
import io.watchpost.collect.TcpConnection;
import io.watchpost.detect.Behavior;
import io.watchpost.detect.BehaviorVerdict;
import io.watchpost.detect.Cidr;
import io.watchpost.detect.ComparisonOperator;
import io.watchpost.detect.Criteria;
import io.watchpost.detect.DetectEngine;
import io.watchpost.detect.DetectResult;
import io.watchpost.detect.DetectionSample;
import io.watchpost.detect.Judgement;
import io.watchpost.detect.MetricValue;
import io.watchpost.detect.SecurityProfile;
import io.watchpost.log.EventLog;
import io.watchpost.report.CustomMetricValue;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Detect's cost per sample beside the collection it evaluates. {@code collect} is the report's collection of the proc
 * root (what {@code WatchpostBenchmark.collect} measures); {@code evaluate} is {@link DetectEngine#evaluate} of one
 * sample of the same root against a profile of 20 behaviors, among them a 100-CIDR {@code in-cidr-set} over the
 * destinations, windowed byte and packet behaviors and custom metrics. {@code evaluate} takes the sample as the
 * component would (destinations as the collector bounds them); {@code evaluateAllDestinations} the same with every
 * distinct destination of the root. Samples are built once in the setup; each call moves the time on by 60 s, so
 * windows open and close as on a device.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DetectBenchmark {
    @Param({"/proc"})
    public String root;

    /** The collect side exactly as the speed suite measures it. */
    private final WatchpostBenchmark report = new WatchpostBenchmark();
    private DetectEngine engine;
    private DetectEngine engineAll;
    private DetectionSample sample;
    private DetectionSample sampleAll;
    private long step;

    @Setup
    public void setUp() throws CollectException {
        report.root = root;
        report.createPipeline();
        // the component's sample: destinations as the collector bounds them (ProcNetworkCollector.MAX_DESTINATIONS)
        NetworkSnapshot collected = report.collect(null);
        // and every destination, had the bound been higher: a collection that kept every connection
        EventLog quiet = new EventLog(new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC(), EventLog.Level.ERROR);
        NetworkSnapshot everything = new ProcNetworkCollector(quiet).collect(Path.of(root), 65_536, 1_000_000);
        RemoteAddresses.Builder all = RemoteAddresses.builder();
        for (TcpConnection c : everything.established().kept()) {
            all.add(c.remoteHigh(), c.remoteLow());
        }
        RemoteAddresses allDestinations = all.build(true);
        Map<String, CustomMetricValue> custom = Map.of(
                "cpu_usage", new CustomMetricValue.Number(new BigDecimal("37.5")),
                "memory_usage", new CustomMetricValue.Number(new BigDecimal("120000")),
                "network_interface_names", new CustomMetricValue.StringList(List.of("eth0", "eth1", "wlan0")),
                "local_ip_addresses", new CustomMetricValue.IpList(List.of("10.0.0.2", "192.168.1.20")));
        Instant t0 = Instant.parse("2026-12-01T00:00:00Z");
        sample = DetectionSample.of(collected, custom, t0);
        sampleAll = withDestinations(sample, allDestinations, 0);
        SecurityProfile profile = profile(allDestinations);
        engine = new DetectEngine("bench", List.of(profile), DetectEngine.Options.defaults("bench"),
                new SplittableRandom(1));
        engineAll = new DetectEngine("bench", List.of(profile), DetectEngine.Options.defaults("bench"),
                new SplittableRandom(1));
        for (DetectionSample s : List.of(sample, sampleAll)) {
            DetectResult first = new DetectEngine("check", List.of(profile), DetectEngine.Options.defaults("bench"),
                    new SplittableRandom(1)).evaluate(s);
            for (BehaviorVerdict v : first.verdicts()) {
                if (v.status() == BehaviorVerdict.Status.UNSUPPORTED) {
                    throw new IllegalStateException(v.behavior().name() + " is not evaluated: " + v.note());
                }
            }
            Judgement cidr = first.verdicts().get(8).judgement();
            System.err.println("detect_bench_setup root=" + root + " established=" + s.establishedTcp()
                    + " destinations=" + s.destinations().size() + (s.destinations().complete() ? "" : " (bounded)")
                    + " in_cidr_set_offending=" + cidr.offendingTotal() + "/" + cidr.elementTotal()
                    + " tcp_ports=" + s.tcpPorts().size());
        }
    }

    @Benchmark
    public NetworkSnapshot collect(CpuTime cpu) throws CollectException {
        return report.collect(cpu);
    }

    /** The component's case: destinations as the collector bounds them. */
    @Benchmark
    public DetectResult evaluate(CpuTime cpu) {
        step += 60;
        return engine.evaluate(withDestinations(sample, sample.destinations(), step));
    }

    /** Every distinct destination of the root (78,568 at 100,000 connections), past the collector's bound. */
    @Benchmark
    public DetectResult evaluateAllDestinations(CpuTime cpu) {
        step += 60;
        return engineAll.evaluate(withDestinations(sampleAll, sampleAll.destinations(), step));
    }

    private static DetectionSample withDestinations(DetectionSample s, RemoteAddresses destinations, long later) {
        return new DetectionSample(s.time().plusSeconds(later), s.bootId(), s.networkSource(), s.tcpPorts(),
                s.udpPorts(), s.tcpListeners(), s.udpListeners(), s.establishedTcp(), destinations, s.interfaces(),
                s.custom());
    }

    /**
     * 20 behaviors. The 100 CIDRs: the /16 of every 50th destination (so most destinations match, as an allow list
     * of a real fleet would), filled up with documentation ranges to 100.
     */
    static SecurityProfile profile(RemoteAddresses destinations) {
        List<String> cidrs = new ArrayList<>();
        for (int i = 0; i < destinations.size() && cidrs.size() < 90; i += Math.max(1, destinations.size() / 90)) {
            String cidr = Cidr.parse(destinations.text(i)).widen(destinations.isIpv4(i) ? 16 : 32).text();
            if (!cidrs.contains(cidr)) {
                cidrs.add(cidr);
            }
        }
        for (int i = 0; cidrs.size() < 100; i++) {
            cidrs.add("198.18." + i + ".0/24");
        }
        List<Behavior> b = new ArrayList<>();
        b.add(rule("tcp-allowed", "aws:listening-tcp-ports", ComparisonOperator.IN_PORT_SET,
                MetricValue.ofPorts(List.of(22, 80, 443, 1883, 8883, 8080, 8443)), null));
        b.add(rule("udp-allowed", "aws:listening-udp-ports", ComparisonOperator.IN_PORT_SET,
                MetricValue.ofPorts(List.of(53, 67, 68, 123, 5353)), null));
        b.add(rule("no-telnet", "aws:listening-tcp-ports", ComparisonOperator.NOT_IN_PORT_SET,
                MetricValue.ofPorts(List.of(23)), null));
        b.add(rule("no-tftp", "aws:listening-udp-ports", ComparisonOperator.NOT_IN_PORT_SET,
                MetricValue.ofPorts(List.of(69)), null));
        b.add(rule("tcp-count", "aws:num-listening-tcp-ports", ComparisonOperator.LESS_THAN_EQUALS,
                MetricValue.ofCount(200), null));
        b.add(rule("udp-count", "aws:num-listening-udp-ports", ComparisonOperator.LESS_THAN_EQUALS,
                MetricValue.ofCount(200), null));
        b.add(rule("conns-max", "aws:num-established-tcp-connections", ComparisonOperator.LESS_THAN_EQUALS,
                MetricValue.ofCount(150_000), null));
        b.add(rule("conns-min", "aws:num-established-tcp-connections", ComparisonOperator.GREATER_THAN,
                MetricValue.ofCount(0), null));
        b.add(rule("destinations", "aws:destination-ip-addresses", ComparisonOperator.IN_CIDR_SET,
                MetricValue.ofCidrs(cidrs), null));
        b.add(rule("denied-destinations", "aws:destination-ip-addresses", ComparisonOperator.NOT_IN_CIDR_SET,
                MetricValue.ofCidrs(List.of("198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")), null));
        b.add(rule("bytes-out", "aws:all-bytes-out", ComparisonOperator.LESS_THAN_EQUALS,
                MetricValue.ofCount(1_000_000_000L), 300));
        b.add(rule("bytes-in", "aws:all-bytes-in", ComparisonOperator.LESS_THAN_EQUALS,
                MetricValue.ofCount(1_000_000_000L), 300));
        b.add(rule("packets-out", "aws:all-packets-out", ComparisonOperator.LESS_THAN_EQUALS,
                MetricValue.ofCount(10_000_000L), 300));
        b.add(rule("packets-in", "aws:all-packets-in", ComparisonOperator.LESS_THAN_EQUALS,
                MetricValue.ofCount(10_000_000L), 600));
        b.add(rule("bytes-out-hour", "aws:all-bytes-out", ComparisonOperator.LESS_THAN_EQUALS,
                MetricValue.ofCount(10_000_000_000L), 3600));
        b.add(rule("cpu", "cpu_usage", ComparisonOperator.LESS_THAN,
                MetricValue.ofNumber(new BigDecimal("90")), null));
        b.add(rule("memory", "memory_usage", ComparisonOperator.LESS_THAN_EQUALS,
                MetricValue.ofNumber(new BigDecimal("500000")), null));
        b.add(rule("interfaces", "network_interface_names", ComparisonOperator.IN_SET,
                MetricValue.ofStrings(List.of("eth0", "eth1", "wlan0")), null));
        b.add(rule("local-ips", "local_ip_addresses", ComparisonOperator.IN_CIDR_SET,
                MetricValue.ofCidrs(List.of("10.0.0.0/8", "192.168.0.0/16")), null));
        b.add(rule("conns-window", "aws:num-established-tcp-connections", ComparisonOperator.LESS_THAN_EQUALS,
                MetricValue.ofCount(150_000), 300));
        return new SecurityProfile("bench", null, b);
    }

    private static Behavior rule(String name, String metric, ComparisonOperator op, MetricValue value,
                                 Integer duration) {
        return new Behavior(name, metric, null, new Criteria(op, value, duration, 2, 2, null, null), null, null);
    }
}
