package io.watchpost.runtime;

import io.watchpost.collect.CollectException;
import io.watchpost.collect.InterfaceCounters;
import io.watchpost.config.Settings;
import io.watchpost.pipeline.PreparedReport;
import io.watchpost.pipeline.ReportSource;
import io.watchpost.pipeline.ReportSummary;
import io.watchpost.report.BaselineFit;
import io.watchpost.report.NetworkBaseline;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * A deterministic pipeline: report ids are the cycle time in epoch ms (or previous + 1), the n-th report's counters
 * are n * 1000 bytes, and queued throwables are thrown instead of a report.
 */
final class ScriptedReportSource implements ReportSource {
    record Call(Settings settings, NetworkBaseline baseline, long previousReportId, Instant now) { }

    static final String BOOT_ID = "boot-A";
    static final String NETWORK_SOURCE = "/proc/net";
    final List<Call> calls = new ArrayList<>();
    final List<PreparedReport> reports = new ArrayList<>();
    final Deque<Throwable> failures = new ArrayDeque<>();

    @Override
    public PreparedReport prepare(Settings settings, NetworkBaseline acceptedBaseline, long previousReportId,
                                  Instant now) throws CollectException {
        calls.add(new Call(settings, acceptedBaseline, previousReportId, now));
        Throwable failure = failures.poll();
        if (failure instanceof CollectException e) {
            throw e;
        } else if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        }
        long id = Math.max(previousReportId + 1, now.toEpochMilli());
        long n = calls.size();
        NetworkBaseline next = new NetworkBaseline(BOOT_ID, NETWORK_SOURCE,
                List.of(new InterfaceCounters("eth0", false, n * 1000, n * 10, n * 500, n * 5)));
        PreparedReport report = new PreparedReport(id, settings.reportFormat(),
                ("report " + id).getBytes(StandardCharsets.UTF_8), Optional.of(next),
                acceptedBaseline == null ? BaselineFit.NO_BASELINE : BaselineFit.USABLE,
                new ReportSummary(3, 2, 4, 0, acceptedBaseline != null, 0, 0));
        reports.add(report);
        return report;
    }

    Call lastCall() {
        return calls.get(calls.size() - 1);
    }

    PreparedReport lastReport() {
        return reports.get(reports.size() - 1);
    }
}
