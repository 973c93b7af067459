package io.watchpost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.watchpost.encode.ReportFormat;
import io.watchpost.localcore.DeviceDefenderStandIn;
import io.watchpost.localcore.IoTCorePublish;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.pipeline.ReportSource;
import io.watchpost.pipeline.ReportSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Local mode's output: for every report the embedded core received, a summary line, the payload as pretty JSON (CBOR
 * decoded), and the stand-in's verdict. Printed from the verdict callback, when both the received bytes and the verdict
 * exist; each block is one write, so event lines from other threads never land inside it.
 *
 * <pre>
 * --- report 1795860006469 | 1834 bytes json | tcp ports 3, udp ports 2, connections 5 | network_stats no
 * { ... }
 * --- verdict ACCEPTED (report 1795860006469)
 * </pre>
 */
public final class LocalReportConsole {
    public static final String REPORT_PREFIX = "--- report ";
    public static final String VERDICT_PREFIX = "--- verdict ";
    /** Reports prepared but not yet judged that are remembered for their summary; one is in flight at a time. */
    private static final int REMEMBERED = 8;

    private final PrintStream out;
    private final Supplier<Optional<IoTCorePublish>> lastReceived;
    private final ObjectMapper json = new ObjectMapper();
    private final CBORMapper cbor = new CBORMapper();
    // Guarded by itself.
    private final Map<Long, ReportSummary> prepared = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ReportSummary> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param lastReceived the last PublishToIoTCore the core received; in the verdict callback that is the judged one,
     *                     because the core hands each publish to the stand-in before it receives the next
     */
    public LocalReportConsole(PrintStream out, Supplier<Optional<IoTCorePublish>> lastReceived) {
        this.out = Objects.requireNonNull(out);
        this.lastReceived = Objects.requireNonNull(lastReceived);
    }

    /** Wraps the pipeline so each report's counts are known when its verdict arrives. */
    public ReportSource recording(ReportSource source) {
        Objects.requireNonNull(source);
        return (settings, baseline, previousId, now) -> {
            PreparedReport report = source.prepare(settings, baseline, previousId, now);
            synchronized (prepared) {
                prepared.put(report.reportId(), report.summary());
            }
            return report;
        };
    }

    /** The stand-in's verdict callback. */
    public void verdict(DeviceDefenderStandIn.Verdict verdict) {
        out.print(render(verdict, lastReceived.get()));
        out.flush();
    }

    String render(DeviceDefenderStandIn.Verdict verdict, Optional<IoTCorePublish> received) {
        String id = verdict.reportId().map(String::valueOf).orElse("without a readable report_id");
        StringBuilder sb = new StringBuilder();
        sb.append(REPORT_PREFIX).append(id);
        received.ifPresent(p -> sb.append(" | ").append(p.payload().length).append(" bytes ")
                .append(verdict.format().topicSegment()));
        ReportSummary summary;
        synchronized (prepared) {
            summary = verdict.reportId().map(prepared::remove).orElse(null);
        }
        if (summary != null) {
            sb.append(" | tcp ports ").append(summary.tcpPorts()).append(", udp ports ").append(summary.udpPorts())
                    .append(", connections ").append(summary.connections());
            if (summary.droppedEntries() > 0) {
                sb.append(" (").append(summary.droppedEntries()).append(" entries left out to fit the size limit)");
            }
            if (summary.customMetrics() > 0) {
                sb.append(", custom metrics ").append(summary.customMetrics());
            }
            sb.append(" | network_stats ").append(summary.networkStats() ? "yes" : "no (no accepted baseline yet)");
        }
        sb.append('\n');
        received.ifPresent(p -> sb.append(pretty(verdict.format(), p.payload())).append('\n'));
        sb.append(VERDICT_PREFIX);
        if (!verdict.answered()) {
            sb.append("NONE (the stand-in was told not to answer)");
        } else if (verdict.accepted()) {
            sb.append("ACCEPTED (report ").append(id).append(')');
        } else {
            sb.append("REJECTED (report ").append(id).append(") ErrorCode=").append(verdict.errorCode())
                    .append(" ErrorMessage=").append(verdict.errorMessage());
        }
        return sb.append('\n').toString();
    }

    private String pretty(ReportFormat format, byte[] payload) {
        try {
            JsonNode tree = (format == ReportFormat.CBOR ? cbor : json).readTree(payload);
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (IOException | RuntimeException e) {
            return "(payload of " + payload.length + " bytes is not readable " + format.topicSegment() + ": "
                    + e.getMessage() + ")";
        }
    }
}
