package io.watchpost.encode;

import io.watchpost.config.KeyNames;
import io.watchpost.config.ReportFormat;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.watchpost.report.MetricsReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * Encodes a {@link MetricsReport} as compact JSON or CBOR, with long or short keys, through Jackson's streaming
 * generators (no tree model, no data binding). Thread-safe: it holds only immutable state and a thread-safe factory.
 */
public final class ReportEncoder {
    private final ReportFormat format;
    private final KeyNames keyNames;
    private final JsonFactory factory;
    private final DocumentWriter writer;
    private final EntrySizes sizes;

    private ReportEncoder(ReportFormat format, KeyNames keyNames) {
        this.format = Objects.requireNonNull(format, "format");
        this.keyNames = Objects.requireNonNull(keyNames, "keyNames");
        this.factory = format.newFactory();
        this.writer = new DocumentWriter(FieldNames.of(keyNames));
        this.sizes = new EntrySizes(format, factory, writer);
    }

    public static ReportEncoder of(ReportFormat format, KeyNames keyNames) {
        return new ReportEncoder(format, keyNames);
    }

    public ReportFormat format() {
        return format;
    }

    public KeyNames keyNames() {
        return keyNames;
    }

    /** The whole report, with no size limit. */
    public byte[] encode(MetricsReport report) {
        return encode(report, 4096);
    }

    /** {@code expectedBytes} sizes the buffer: a report fitted to a budget is known to the byte before it is written. */
    byte[] encode(MetricsReport report, int expectedBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(expectedBytes);
        try (JsonGenerator g = factory.createGenerator(out)) {
            writer.writeReport(g, report);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a report in memory failed", e);
        }
        return out.toByteArray();
    }

    /**
     * The report in at most {@code maxBytes}. When it does not fit, entries are dropped from the end of the sorted
     * lists: connections first, then UDP ports, then TCP ports (listeners say more about a device's attack surface than
     * its clients do); every {@code total} still counts all entries. Custom metrics are dropped (last names first) only
     * when even empty lists do not fit.
     *
     * <p>Cost: the report with empty lists is encoded to learn its size; the entries' sizes are then computed from
     * their values (see {@link EntrySizes}), in list priority order and only as far as they could fit; and the kept
     * report is encoded once. The work is bounded by the budget, not by the number of entries.
     *
     * @throws ReportTooLargeException when not even an empty report fits
     */
    public EncodedReport encodeWithin(MetricsReport report, int maxBytes) {
        return new BudgetFitter(this, sizes, report, maxBytes).fit();
    }

    EntrySizes entrySizes() {
        return sizes;
    }

    /**
     * The largest number of entries of one list that could possibly fit in {@code maxBytes}: a collector never needs
     * to keep more than this (budget divided by the smallest encoded entry).
     */
    public int retainLimit(int maxBytes) {
        return Math.max(0, maxBytes / sizes.smallestEntryBytes());
    }

    /**
     * As {@link #retainLimit} for the connections alone, whose entries are larger than a port's: a collector keeping
     * (and ordering) 100,000 connections needs to keep only this many (a quarter of the ports' limit in JSON).
     */
    public int connectionRetainLimit(int maxBytes) {
        return Math.max(0, maxBytes / sizes.smallestConnectionBytes());
    }
}
