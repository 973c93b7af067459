package io.watchpost.pipeline;

import io.watchpost.collect.CollectException;
import io.watchpost.collect.NetworkCollector;
import io.watchpost.collect.NetworkSnapshot;
import io.watchpost.config.Settings;
import io.watchpost.encode.EncodedReport;
import io.watchpost.encode.ReportEncoder;
import io.watchpost.report.AssembledReport;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.report.MetricsReport;
import io.watchpost.report.NetworkBaseline;
import io.watchpost.report.ReportAssembler;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/** The report pipeline: collect from the proc root, assemble the report, encode it within the size budget. */
public final class CollectingReportSource implements ReportSource {
    private final NetworkCollector collector;
    private final ReportAssembler assembler;
    private final Function<Settings, Map<String, CustomMetricValue>> customMetrics;

    /**
     * @param collector     reads the proc root
     * @param customMetrics called once per report with that report's settings (which built-ins, the proc root) for the
     *                      custom metrics to send: validated values, by name
     */
    public CollectingReportSource(NetworkCollector collector,
                                  Function<Settings, Map<String, CustomMetricValue>> customMetrics) {
        this.collector = Objects.requireNonNull(collector, "collector");
        this.customMetrics = Objects.requireNonNull(customMetrics, "customMetrics");
        this.assembler = new ReportAssembler();
    }

    /** A source without custom metrics. */
    public CollectingReportSource(NetworkCollector collector) {
        this(collector, settings -> Map.of());
    }

    @Override
    public PreparedReport prepare(Settings settings, NetworkBaseline acceptedBaseline, long previousReportId,
                                  Instant now) throws CollectException {
        ReportEncoder encoder = ReportEncoder.of(settings.reportFormat(), settings.keyNames());
        NetworkSnapshot snapshot = collector.collect(settings.procRoot(),
                encoder.retainLimit(settings.maxReportBytes()), encoder.connectionRetainLimit(settings.maxReportBytes()));
        return encode(encoder, settings, snapshot, acceptedBaseline, previousReportId, now);
    }

    /** The assemble and encode half, for callers that collected the snapshot themselves (and time the stages). */
    public PreparedReport encode(ReportEncoder encoder, Settings settings, NetworkSnapshot snapshot,
                                 NetworkBaseline acceptedBaseline, long previousReportId, Instant now) {
        Map<String, CustomMetricValue> custom = Objects.requireNonNull(customMetrics.apply(settings), "custom metrics");
        AssembledReport assembled = assembler.assemble(snapshot, acceptedBaseline, settings.includeLoopbackTraffic(),
                previousReportId, now, custom);
        EncodedReport encoded = encoder.encodeWithin(assembled.report(), settings.maxReportBytes());
        MetricsReport sent = encoded.report();
        ReportSummary summary = new ReportSummary(sent.tcpPorts().total(), sent.udpPorts().total(),
                sent.connections().total(), leftOut(sent), sent.networkStats().isPresent(),
                sent.customMetrics().size(), snapshot.malformedLines());
        return new PreparedReport(sent.header().reportId(), encoder.format(), encoded.payload(),
                assembled.nextBaseline(), assembled.baselineFit(), summary);
    }

    /**
     * Every entry the totals count that the lists do not carry. Not the encoder's drop count alone: the collector
     * already keeps only as many entries as the budget could carry, and those it did not keep are left out too.
     */
    private static int leftOut(MetricsReport sent) {
        return sent.tcpPorts().leftOut() + sent.udpPorts().leftOut() + sent.connections().leftOut();
    }
}
