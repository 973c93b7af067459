package io.watchpost.bench;

import io.watchpost.collect.ProcNetworkCollector;
import io.watchpost.config.Settings;
import io.watchpost.config.KeyNames;
import io.watchpost.config.ReportFormat;
import io.watchpost.log.EventLog;
import io.watchpost.pipeline.CollectingReportSource;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.pipeline.ReportSummary;
import io.watchpost.report.NetworkBaseline;
import io.watchpost.synth.SynthSpec;
import io.watchpost.synth.SyntheticProcRoot;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Payload bytes of one report in the four encodings (JSON/CBOR x long/short keys), for a typical device and a large
 * one, written as synthetic roots. Each report carries network_stats (a baseline from a first collection), as in
 * steady state. {@code PayloadSizes <dir> <seed>}; prints a Markdown table.
 */
public final class PayloadSizes {
    private PayloadSizes() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        // Typical: 20 TCP listeners, 50 established rows, a few UDP sockets, eth0 + wlan0 (+ lo).
        // "typical, IPv4 only": the same without IPv6 sockets, to show how much the address mix moves the ratios.
        Map<String, SynthSpec> devices = Map.of(
                "typical", new SynthSpec(seed, 50, 20, 8, 0.25, 10, 2, 0.35, 0.3, 0.05),
                "typical, IPv4 only", new SynthSpec(seed, 50, 20, 8, 0.25, 10, 2, 0.0, 0.0, 0.05),
                "large", SynthSpec.typical(seed, 10_000));
        EventLog quiet = new EventLog(new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC(), EventLog.Level.ERROR);
        Instant now = Instant.parse("2026-11-28T12:00:00Z");
        System.out.println("| device | established rows | TCP listeners | UDP sockets | encoding | bytes | % of JSON long |"
                + " tcp ports | udp ports | connections | dropped entries |");
        System.out.println("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        for (String device : new String[] {"typical", "typical, IPv4 only", "large"}) {
            SynthSpec spec = devices.get(device);
            Path root = dir.resolve(device.replaceAll("\\W+", "-"));
            if (!Files.exists(root.resolve("expected.json"))) {
                SyntheticProcRoot.write(root, spec);
            }
            CollectingReportSource source = new CollectingReportSource(new ProcNetworkCollector(quiet));
            Settings base = Settings.defaults().withProcRoot(root);
            NetworkBaseline baseline = source.prepare(base, null, 0, now.minusSeconds(300)).nextBaseline()
                    .orElseThrow();
            double jsonLong = 0;
            for (ReportFormat format : new ReportFormat[] {ReportFormat.JSON, ReportFormat.CBOR}) {
                for (KeyNames names : new KeyNames[] {KeyNames.LONG, KeyNames.SHORT}) {
                    Settings settings = base.withReportFormat(format).withKeyNames(names);
                    PreparedReport report = source.prepare(settings, baseline, 1, now);
                    ReportSummary s = report.summary();
                    int bytes = report.payload().length;
                    if (jsonLong == 0) {
                        jsonLong = bytes;
                    }
                    System.out.printf("| %s | %d | %d | %d | %s %s | %d | %.1f | %d | %d | %d | %d |%n", device,
                            spec.established(), spec.tcpListeners(), spec.udpSockets(), format.topicSegment(),
                            names.configValue(), bytes, 100.0 * bytes / jsonLong, s.tcpPorts(), s.udpPorts(),
                            s.connections(), s.droppedEntries());
                }
            }
        }
    }
}
