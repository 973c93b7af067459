package io.watchpost.localcore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchpost.config.ReportFormat;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Local mode's output: for every report the embedded core received, a summary line (counted from the payload itself:
 * the component runs in another process), the payload as pretty JSON (CBOR decoded), and the stand-in's verdict.
 * Printed from the verdict callback; each block is one write, so lines from other threads never land inside it.
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

    private final PrintStream out;
    private final Supplier<Optional<IoTCorePublish>> lastReceived;
    private final PayloadMappers mappers = new PayloadMappers();
    private final ObjectMapper json = mappers.of(ReportFormat.JSON);

    /**
     * @param lastReceived the last PublishToIoTCore the core received; in the verdict callback that is the judged one,
     *                     because the core hands each publish to the stand-in before it receives the next
     */
    public LocalReportConsole(PrintStream out, Supplier<Optional<IoTCorePublish>> lastReceived) {
        this.out = Objects.requireNonNull(out);
        this.lastReceived = Objects.requireNonNull(lastReceived);
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
        Optional<Decoded> decoded = received.map(p -> decode(verdict.format(), p.payload()));
        received.ifPresent(p -> sb.append(" | ").append(p.payload().length).append(" bytes ")
                .append(verdict.format().topicSegment()));
        decoded.map(Decoded::tree).ifPresent(t -> summarise(t, sb));
        sb.append('\n');
        decoded.ifPresent(d -> sb.append(d.text()).append('\n'));
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

    /**
     * The counts the component logs with report_published, read back from the document: each list's total, the entries
     * the lists leave out of their totals (to fit the size limit), the custom metrics, whether network_stats is there.
     */
    private static void summarise(JsonNode report, StringBuilder sb) {
        boolean s = report.has("hed");
        JsonNode metrics = report.path(s ? "met" : "metrics");
        JsonNode tcp = metrics.path(s ? "tp" : "listening_tcp_ports");
        JsonNode udp = metrics.path(s ? "up" : "listening_udp_ports");
        JsonNode connections = metrics.path(s ? "tc" : "tcp_connections").path(s ? "ec" : "established_connections");
        String ports = s ? "pts" : "ports";
        String total = s ? "t" : "total";
        long dropped = leftOut(tcp, ports, total) + leftOut(udp, ports, total)
                + leftOut(connections, s ? "cs" : "connections", total);
        sb.append(" | tcp ports ").append(total(tcp, ports, total)).append(", udp ports ")
                .append(total(udp, ports, total)).append(", connections ")
                .append(total(connections, s ? "cs" : "connections", total));
        if (dropped > 0) {
            sb.append(" (").append(dropped).append(" entries left out to fit the size limit)");
        }
        int custom = report.path(s ? "cmet" : "custom_metrics").size();
        if (custom > 0) {
            sb.append(", custom metrics ").append(custom);
        }
        sb.append(" | network_stats ").append(metrics.has(s ? "ns" : "network_stats") ? "yes"
                : "no (no accepted baseline yet)");
    }

    /** A block's total; without one, the length of its list (0 when the block is absent). */
    private static long total(JsonNode block, String list, String total) {
        return block.has(total) ? block.path(total).asLong() : block.path(list).size();
    }

    private static long leftOut(JsonNode block, String list, String total) {
        return Math.max(0, total(block, list, total) - block.path(list).size());
    }

    /** A payload decoded: the tree (null when unreadable) and what to print for it. */
    private record Decoded(JsonNode tree, String text) {
    }

    private Decoded decode(ReportFormat format, byte[] payload) {
        try {
            JsonNode tree = mappers.of(format).readTree(payload);
            if (tree == null || tree.isMissingNode()) {
                throw new IOException("no content");
            }
            return new Decoded(tree, json.writerWithDefaultPrettyPrinter().writeValueAsString(tree));
        } catch (IOException | RuntimeException e) {
            return new Decoded(null, "(payload of " + payload.length + " bytes is not readable "
                    + format.topicSegment() + ": " + e.getMessage() + ")");
        }
    }
}
