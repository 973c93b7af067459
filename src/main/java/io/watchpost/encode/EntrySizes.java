package io.watchpost.encode;

import io.watchpost.config.ReportFormat;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Encoded sizes of list entries, exactly as the generator writes them inside the document, computed from their values
 * instead of encoding them: the budget fit of a busy gateway sizes tens of thousands of entries per report.
 *
 * <p>An entry's bytes are a fixed part per shape (map header or braces, keys, separators), measured once through the
 * real generator, plus the bytes of its values. Integers and short printable-ASCII strings have sizes that are exact
 * functions of the value in both formats. Any other string (non-ASCII, JSON escapes, CBOR's chunked long strings) is
 * measured by encoding the entry into a counting sink with one generator that is reused for the rest of the call.
 */
final class EntrySizes {
    /** Longer strings go through different CBOR code paths (a two-byte length, then chunks); measure them instead. */
    private static final int MAX_PREDICTED_STRING = 255;

    private final ReportFormat format;
    private final JsonFactory factory;
    private final DocumentWriter writer;
    private final int portFixed;
    private final int namedPortFixed;
    private final int connectionFixed;
    private final int namedConnectionFixed;

    EntrySizes(ReportFormat format, JsonFactory factory, DocumentWriter writer) {
        this.format = format;
        this.factory = factory;
        this.writer = writer;
        try (Measurer m = new Measurer()) {
            int one = intBytes(1);
            int a = stringBytes("a");
            portFixed = m.port(new PortBinding(1, null)) - one;
            namedPortFixed = m.port(new PortBinding(1, "a")) - one - a;
            TcpConnection bare = TcpConnection.ipv4(0, 1, 1, null);
            int remote = stringBytes(bare.remoteAddress());
            connectionFixed = m.connection(bare) - remote - one;
            namedConnectionFixed = m.connection(TcpConnection.ipv4(0, 1, 1, "a")) - remote - a - one;
        }
    }

    /** How many of the first entries fit {@code room} bytes, and the bytes they add to the empty list. */
    record Fit(int count, long bytes) {}

    Fit fitPorts(List<PortBinding> ports, long room) {
        try (Measurer m = new Measurer()) {
            long sum = 0;
            for (int i = 0; i < ports.size(); i++) {
                PortBinding p = ports.get(i);
                int size = port(p);
                long next = sum + (size >= 0 ? size : m.port(p));
                if (next + arrayOverhead(i + 1) > room) {
                    return new Fit(i, sum + arrayOverhead(i));
                }
                sum = next;
            }
            return new Fit(ports.size(), sum + arrayOverhead(ports.size()));
        }
    }

    Fit fitConnections(List<TcpConnection> connections, long room) {
        try (Measurer m = new Measurer()) {
            long sum = 0;
            for (int i = 0; i < connections.size(); i++) {
                TcpConnection c = connections.get(i);
                int size = connection(c);
                long next = sum + (size >= 0 ? size : m.connection(c));
                if (next + arrayOverhead(i + 1) > room) {
                    return new Fit(i, sum + arrayOverhead(i));
                }
                sum = next;
            }
            return new Fit(connections.size(), sum + arrayOverhead(connections.size()));
        }
    }

    /** The fewest bytes any one entry can take: the budget divided by this bounds how many entries could ever fit. */
    int smallestEntryBytes() {
        return Math.min(portFixed + intBytes(1), smallestConnectionBytes());
    }

    /** The fewest bytes one connection entry can take: no interface, remote {@code [::]:0}, local port 0. */
    int smallestConnectionBytes() {
        return connectionFixed + stringBytes("[::]:0") + intBytes(0);
    }

    /**
     * Bytes that {@code count} entries add to an array beyond their own encodings, compared with an empty array: the
     * commas between JSON elements, or the growth of CBOR's definite-length array header.
     */
    long arrayOverhead(int count) {
        return switch (format) {
            case JSON -> Math.max(0, count - 1);
            case CBOR -> cborHeaderBytes(count) - cborHeaderBytes(0);
        };
    }

    /** The entry's bytes, or -1 when one of its strings is not predictable. */
    private int port(PortBinding p) {
        if (p.interfaceName() == null) {
            return portFixed + intBytes(p.port());
        }
        int name = stringBytes(p.interfaceName());
        return name < 0 ? -1 : namedPortFixed + name + intBytes(p.port());
    }

    private int connection(TcpConnection c) {
        int remote = stringBytes(c.remoteAddress());
        if (remote < 0) {
            return -1;
        }
        if (c.localInterface() == null) {
            return connectionFixed + remote + intBytes(c.localPort());
        }
        int name = stringBytes(c.localInterface());
        return name < 0 ? -1 : namedConnectionFixed + remote + name + intBytes(c.localPort());
    }

    /** CBOR: the shortest head for the magnitude (major type 0 or 1). JSON: the decimal digits and a minus sign. */
    int intBytes(int value) {
        return switch (format) {
            case JSON -> decimalBytes(value);
            case CBOR -> cborHeaderBytes(value < 0 ? -1L - value : value);
        };
    }

    private static int decimalBytes(int value) {
        long magnitude = Math.abs((long) value);
        int digits = 1;
        while (magnitude >= 10) {
            magnitude /= 10;
            digits++;
        }
        return value < 0 ? digits + 1 : digits;
    }

    /**
     * Printable ASCII without {@code "} and {@code \}, at most 255 characters: one byte per character plus the CBOR
     * length head, or plus two JSON quotes. Anything else returns -1 (measure it).
     */
    int stringBytes(String s) {
        int length = s.length();
        if (length > MAX_PREDICTED_STRING) {
            return -1;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return -1;
            }
        }
        return switch (format) {
            case JSON -> length + 2;
            case CBOR -> cborHeaderBytes(length) + length;
        };
    }

    /** A CBOR head carrying {@code argument}: the initial byte alone below 24, else 1, 2, 4 or 8 more bytes. */
    static int cborHeaderBytes(long argument) {
        if (argument < 24) {
            return 1;
        } else if (argument < 0x100) {
            return 2;
        } else if (argument < 0x10000) {
            return 3;
        } else if (argument < 0x1_0000_0000L) {
            return 5;
        }
        return 9;
    }

    /**
     * Encodes entries as a sequence of root values (no separator) into a byte counter; the bytes of an entry do not
     * depend on where in the document it stands. The generator is created on first use only: usually nothing needs it.
     */
    private final class Measurer implements AutoCloseable {
        private final ByteCounter counter = new ByteCounter();
        private JsonGenerator generator;

        int port(PortBinding p) {
            try {
                long before = start();
                writer.writePort(generator, p);
                return finish(before);
            } catch (IOException e) {
                throw new UncheckedIOException("measuring a port entry failed", e);
            }
        }

        int connection(TcpConnection c) {
            try {
                long before = start();
                writer.writeConnection(generator, c);
                return finish(before);
            } catch (IOException e) {
                throw new UncheckedIOException("measuring a connection entry failed", e);
            }
        }

        private long start() throws IOException {
            if (generator == null) {
                generator = factory.createGenerator(counter);
                switch (format) {
                    // JSON's default separator between root values is a space; CBOR has none.
                    case JSON -> generator.setRootValueSeparator(null);
                    case CBOR -> { }
                }
            }
            return counter.count;
        }

        private int finish(long before) throws IOException {
            generator.flush();
            return (int) (counter.count - before);
        }

        @Override
        public void close() {
            if (generator != null) {
                try {
                    generator.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("closing the entry measurer failed", e);
                }
            }
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
