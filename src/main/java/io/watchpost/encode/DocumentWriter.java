package io.watchpost.encode;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import io.watchpost.report.CustomMetricValue;
import io.watchpost.report.MetricsReport;
import io.watchpost.report.NetworkStats;
import io.watchpost.report.ReportList;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link MetricsReport} to a Jackson streaming generator, the same calls for JSON and CBOR. Keys are written in
 * the order of the AWS documentation's examples (alphabetical by long name). Containers are started with their element
 * count so that CBOR gets definite lengths (the JSON generator ignores the count).
 */
final class DocumentWriter {
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal UNSIGNED_64_MAX = new BigDecimal(new BigInteger("18446744073709551615"));

    private final FieldNames names;

    DocumentWriter(FieldNames names) {
        this.names = names;
    }

    void writeReport(JsonGenerator g, MetricsReport report) throws IOException {
        boolean custom = !report.customMetrics().isEmpty();
        g.writeStartObject(report, custom ? 3 : 2);

        g.writeFieldName(names.header());
        g.writeStartObject(report.header(), 2);
        g.writeFieldName(names.reportId());
        g.writeNumber(report.header().reportId());
        g.writeFieldName(names.version());
        g.writeString(report.header().version());
        g.writeEndObject();

        g.writeFieldName(names.metrics());
        g.writeStartObject(null, report.networkStats().isPresent() ? 4 : 3);
        g.writeFieldName(names.tcpPorts());
        writePortList(g, report.tcpPorts());
        g.writeFieldName(names.udpPorts());
        writePortList(g, report.udpPorts());
        if (report.networkStats().isPresent()) {
            g.writeFieldName(names.networkStats());
            writeNetworkStats(g, report.networkStats().get());
        }
        g.writeFieldName(names.tcpConnections());
        g.writeStartObject(null, 1);
        g.writeFieldName(names.established());
        writeConnectionList(g, report.connections());
        g.writeEndObject();
        g.writeEndObject();

        if (custom) {
            g.writeFieldName(names.customMetrics());
            g.writeStartObject(null, report.customMetrics().size());
            for (Map.Entry<String, CustomMetricValue> e : report.customMetrics().entrySet()) {
                writeCustomMetric(g, e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void writePortList(JsonGenerator g, ReportList<PortBinding> list) throws IOException {
        g.writeStartObject(null, 2);
        g.writeFieldName(names.ports());
        g.writeStartArray(null, list.entries().size());
        for (PortBinding p : list.entries()) {
            writePort(g, p);
        }
        g.writeEndArray();
        g.writeFieldName(names.total());
        g.writeNumber(list.total());
        g.writeEndObject();
    }

    private void writeConnectionList(JsonGenerator g, ReportList<TcpConnection> list) throws IOException {
        g.writeStartObject(null, 2);
        g.writeFieldName(names.connections());
        g.writeStartArray(null, list.entries().size());
        for (TcpConnection c : list.entries()) {
            writeConnection(g, c);
        }
        g.writeEndArray();
        g.writeFieldName(names.total());
        g.writeNumber(list.total());
        g.writeEndObject();
    }

    /** One element of {@code ports}; a port without an interface has no interface key (never a null). */
    void writePort(JsonGenerator g, PortBinding p) throws IOException {
        boolean named = p.interfaceName() != null;
        g.writeStartObject(p, named ? 2 : 1);
        if (named) {
            g.writeFieldName(names.iface());
            g.writeString(p.interfaceName());
        }
        g.writeFieldName(names.port());
        g.writeNumber(p.port());
        g.writeEndObject();
    }

    /** One element of {@code connections}. */
    void writeConnection(JsonGenerator g, TcpConnection c) throws IOException {
        boolean named = c.localInterface() != null;
        g.writeStartObject(c, named ? 3 : 2);
        if (named) {
            g.writeFieldName(names.localInterface());
            g.writeString(c.localInterface());
        }
        g.writeFieldName(names.localPort());
        g.writeNumber(c.localPort());
        g.writeFieldName(names.remoteAddr());
        g.writeString(c.remoteAddress());
        g.writeEndObject();
    }

    private void writeNetworkStats(JsonGenerator g, NetworkStats s) throws IOException {
        g.writeStartObject(s, 4);
        g.writeFieldName(names.bytesIn());
        writeUnsigned(g, s.bytesIn());
        g.writeFieldName(names.bytesOut());
        writeUnsigned(g, s.bytesOut());
        g.writeFieldName(names.packetsIn());
        writeUnsigned(g, s.packetsIn());
        g.writeFieldName(names.packetsOut());
        writeUnsigned(g, s.packetsOut());
        g.writeEndObject();
    }

    /** {@code "<name>":[{"<valueKey>":<value>}]}: Device Defender rejects a value that is not a one-element array. */
    private static void writeCustomMetric(JsonGenerator g, String name, CustomMetricValue value) throws IOException {
        g.writeFieldName(name);
        g.writeStartArray(null, 1);
        g.writeStartObject(value, 1);
        g.writeFieldName(value.valueKey());
        if (value instanceof CustomMetricValue.Number n) {
            writeDecimal(g, n.value());
        } else if (value instanceof CustomMetricValue.NumberList l) {
            writeDecimals(g, l.values());
        } else if (value instanceof CustomMetricValue.StringList l) {
            writeStrings(g, l.values());
        } else if (value instanceof CustomMetricValue.IpList l) {
            writeStrings(g, l.values());
        } else {
            throw new IllegalArgumentException("unknown custom metric value type " + value.getClass().getName());
        }
        g.writeEndObject();
        g.writeEndArray();
    }

    private static void writeDecimals(JsonGenerator g, List<BigDecimal> values) throws IOException {
        g.writeStartArray(null, values.size());
        for (BigDecimal d : values) {
            writeDecimal(g, d);
        }
        g.writeEndArray();
    }

    private static void writeStrings(JsonGenerator g, List<String> values) throws IOException {
        g.writeStartArray(null, values.size());
        for (String s : values) {
            g.writeString(s);
        }
        g.writeEndArray();
    }

    /**
     * A plain number: an integer when the value is integral and fits 64 bits (signed or unsigned), otherwise a double.
     * Never a BigDecimal, because CBOR would write it as a tagged decimal fraction (tag 4), and never a JSON number
     * with more digits than a double holds. Device Defender keeps 15 significant digits, so a double loses nothing it
     * would keep; a magnitude beyond the double range is written as the largest finite double of that sign.
     */
    static void writeDecimal(JsonGenerator g, BigDecimal value) throws IOException {
        BigDecimal d = value.stripTrailingZeros();
        if (d.scale() <= 0 && d.precision() - d.scale() <= 20) {
            if (d.compareTo(LONG_MIN) >= 0 && d.compareTo(LONG_MAX) <= 0) {
                g.writeNumber(d.longValueExact());
                return;
            }
            if (d.signum() > 0 && d.compareTo(UNSIGNED_64_MAX) <= 0) {
                writeUnsigned(g, d.toBigIntegerExact().longValue());
                return;
            }
        }
        double v = d.doubleValue();
        if (Double.isInfinite(v)) {
            v = Math.copySign(Double.MAX_VALUE, v);
        }
        g.writeNumber(v);
    }

    /**
     * An unsigned 64-bit value held in a long. In CBOR it is a plain major-type-0 integer (up to 8 bytes), not the
     * tag-2 bignum Jackson would write for a BigInteger; in JSON it is the decimal digits.
     */
    static void writeUnsigned(JsonGenerator g, long value) throws IOException {
        if (value >= 0) {
            g.writeNumber(value);
        } else if (g instanceof CBORGenerator cbor) {
            cbor.writeNumberUnsigned(value);
        } else {
            g.writeNumber(new BigInteger(Long.toUnsignedString(value)));
        }
    }
}
