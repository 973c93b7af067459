package io.watchpost.report;

import java.util.List;

/**
 * One list of the document ({@code ports} or {@code connections}) with its {@code total}. The total counts every
 * distinct entry that was seen, including entries the collector did not keep or the size budget left out.
 */
public record ReportList<T>(List<T> entries, int total) {
    public ReportList {
        entries = List.copyOf(entries);
        if (total < entries.size()) {
            throw new IllegalArgumentException("total " + total + " < entries " + entries.size());
        }
    }

    public static <T> ReportList<T> empty() {
        return new ReportList<>(List.of(), 0);
    }

    /** Entries the total counts but the list does not carry (not kept by the collector, or dropped for the budget). */
    public int leftOut() {
        return total - entries.size();
    }

    /** The first {@code count} entries, same total: what is left after the size budget drops the rest. */
    public ReportList<T> firstEntries(int count) {
        if (count >= entries.size()) {
            return this;
        }
        return new ReportList<>(entries.subList(0, Math.max(0, count)), total);
    }
}
