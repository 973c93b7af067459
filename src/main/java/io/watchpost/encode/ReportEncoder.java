package io.watchpost.encode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import io.watchpost.report.MetricsReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
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
    private final int smallestEntryBytes;

    private ReportEncoder(ReportFormat format, KeyNames keyNames) {
        this.format = Objects.requireNonNull(format, "format");
        this.keyNames = Objects.requireNonNull(keyNames, "keyNames");
        this.factory = format == ReportFormat.CBOR ? cborFactory() : new JsonFactory();
        this.writer = new DocumentWriter(FieldNames.of(keyNames));
        this.smallestEntryBytes = smallestEntryBytes();
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
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
     * <p>Cost: one encode when the report fits; otherwise that encode stops once it passes the budget, entries are
     * measured one by one (in list priority order, only as far as they could fit), the kept counts come from prefix
     * sums, and the result is encoded once more. The work is bounded by the budget, not by the number of entries.
     *
     * @throws ReportTooLargeException when not even an empty report fits
     */
    public EncodedReport encodeWithin(MetricsReport report, int maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try (JsonGenerator g = factory.createGenerator(new BoundedOutput(out, maxBytes))) {
            writer.writeReport(g, report);
        } catch (BudgetExceeded e) {
            return new BudgetFitter(this, report, maxBytes).fit();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a report in memory failed", e);
        }
        return new EncodedReport(out.toByteArray(), report, 0, 0, 0, 0);
    }

    /**
     * The largest number of entries of one list that could possibly fit in {@code maxBytes}: a collector never needs
     * to keep more than this (budget divided by the smallest encoded entry).
     */
    public int retainLimit(int maxBytes) {
        return Math.max(0, maxBytes / smallestEntryBytes);
    }

    /**
     * Bytes that {@code count} entries add to an array beyond their own encodings, compared with an empty array: the
     * commas between JSON elements, or the growth of CBOR's definite-length array header.
     */
    long arrayOverhead(int count) {
        if (format == ReportFormat.JSON) {
            return Math.max(0, count - 1);
        }
        return cborLengthHeaderBytes(count) - cborLengthHeaderBytes(0);
    }

    /**
     * prefix[i] = encoded bytes of the first i ports, each encoded exactly as inside the document. Measuring stops
     * after the first entry that takes the sum beyond {@code limitBytes}: later entries could not fit anyway.
     */
    long[] portPrefixSizes(List<PortBinding> ports, long limitBytes) {
        return prefixSizes(ports, writer::writePort, limitBytes);
    }

    long[] connectionPrefixSizes(List<TcpConnection> connections, long limitBytes) {
        return prefixSizes(connections, writer::writeConnection, limitBytes);
    }

    private interface EntryWriter<T> {
        void write(JsonGenerator g, T entry) throws IOException;
    }

    /**
     * Writes the entries as a sequence of root values (no separator) into a byte counter, reading the count after each
     * one: the bytes of an entry do not depend on where in the document it stands.
     */
    private <T> long[] prefixSizes(List<T> entries, EntryWriter<T> entryWriter, long limitBytes) {
        long[] prefix = new long[entries.size() + 1];
        int measured = 0;
        ByteCounter counter = new ByteCounter();
        try (JsonGenerator g = factory.createGenerator(counter)) {
            if (format == ReportFormat.JSON) {
                g.setRootValueSeparator(null); // CBOR has no separator between root values; JSON's default is a space
            }
            for (int i = 0; i < entries.size(); i++) {
                entryWriter.write(g, entries.get(i));
                g.flush();
                prefix[i + 1] = counter.count;
                measured = i + 1;
                if (counter.count > limitBytes) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("measuring report entries failed", e);
        }
        return measured == entries.size() ? prefix : java.util.Arrays.copyOf(prefix, measured + 1);
    }

    private int smallestEntryBytes() {
        long port = portPrefixSizes(List.of(new PortBinding(1, null)), Long.MAX_VALUE)[1];
        long connection = connectionPrefixSizes(List.of(new TcpConnection("0.0.0.0:1", 1, null)), Long.MAX_VALUE)[1];
        return (int) Math.min(port, connection);
    }

    static int cborLengthHeaderBytes(int count) {
        if (count < 24) {
            return 1;
        } else if (count < 256) {
            return 2;
        } else if (count < 65536) {
            return 3;
        }
        return 5;
    }

    /**
     * Explicit so that a changed Jackson default cannot slip a tag into the payload: no self-describe tag 55799, no
     * string references (tags 25/256), shortest integer forms.
     */
    private static CBORFactory cborFactory() {
        return CBORFactory.builder()
                .enable(CBORGenerator.Feature.WRITE_MINIMAL_INTS)
                .disable(CBORGenerator.Feature.WRITE_TYPE_HEADER)
                .disable(CBORGenerator.Feature.STRINGREF)
                .build();
    }

    /** The report outgrew the budget while being written: stop encoding it whole, it has to be cut. */
    private static final class BudgetExceeded extends IOException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("report exceeds the size budget", null);
        }
    }

    /** Passes bytes on until more than the budget have been written, then refuses them. */
    private static final class BoundedOutput extends OutputStream {
        private final OutputStream out;
        private final long limit;
        private long count;

        BoundedOutput(OutputStream out, long limit) {
            this.out = out;
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count += len;
            if (count > limit) {
                throw new BudgetExceeded();
            }
            out.write(b, off, len);
        }
    }

    /** Counts bytes and keeps none. */
    private static final class ByteCounter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
