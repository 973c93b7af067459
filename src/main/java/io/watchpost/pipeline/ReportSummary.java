package io.watchpost.pipeline;

/**
 * What one report carries, for the log line that follows each publish.
 *
 * @param tcpPorts       listening TCP ports in all (the report's total)
 * @param udpPorts       listening UDP ports in all
 * @param connections    established connections in all
 * @param droppedEntries list entries the totals count but the report does not carry: dropped to fit the size budget,
 *                       including those the collector did not keep because they could not have fit
 * @param networkStats   whether the report carries network_stats (it does not without a baseline)
 * @param customMetrics  number of custom metrics in the report
 * @param malformedLines proc lines skipped as malformed during collection
 */
public record ReportSummary(int tcpPorts, int udpPorts, int connections, int droppedEntries, boolean networkStats,
                            int customMetrics, int malformedLines) {
}
