package io.watchpost.synth;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.watchpost.collect.InterfaceCounters;
import io.watchpost.collect.PortBinding;
import io.watchpost.collect.TcpConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a correct collector reads from a synthetic root, in Watchpost's terms (docs/reports.md "The rules"):
 * distinct entries, each list in its natural sort order, and the counters of every interface.
 *
 * @param bootId        {@code sys/kernel/random/boot_id}, without the newline
 * @param tcpListeners  distinct (port, interface) of LISTEN rows; interface null for wildcard or unowned addresses
 * @param udpListeners  distinct (port, interface) of unconnected UDP rows
 * @param established   distinct (remote_addr, local_port, local_interface) of ESTABLISHED rows
 * @param interfaces    every interface of {@code net/dev} in file order, loopback flagged
 * @param rows          rows written per file (tcp, tcp6, udp, udp6) and per kind, for cross-checks
 * @param ownership     interface name → the addresses it owns, as text
 */
public record ExpectedCollection(String bootId, List<PortBinding> tcpListeners, List<PortBinding> udpListeners,
                                 List<TcpConnection> established, List<InterfaceCounters> interfaces,
                                 Map<String, Integer> rows, Map<String, List<String>> ownership) {
    public ExpectedCollection {
        tcpListeners = List.copyOf(tcpListeners);
        udpListeners = List.copyOf(udpListeners);
        established = List.copyOf(established);
        interfaces = List.copyOf(interfaces);
        rows = Map.copyOf(rows);
    }

    /** Sum over non-loopback interfaces: {bytes_in, packets_in, bytes_out, packets_out}. */
    public long[] nonLoopbackTotals() {
        long[] sums = new long[4];
        for (InterfaceCounters c : interfaces) {
            if (!c.loopback()) {
                sums[0] += c.rxBytes();
                sums[1] += c.rxPackets();
                sums[2] += c.txBytes();
                sums[3] += c.txPackets();
            }
        }
        return sums;
    }

    /** Writes {@code expected.json}; streamed, because at 200,000 connections the document is ~13 MB. */
    public void writeJson(Path file) throws IOException {
        try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("boot_id", bootId);
            writePorts(json, "listening_tcp_ports", tcpListeners);
            writePorts(json, "listening_udp_ports", udpListeners);
            json.writeObjectFieldStart("established_connections");
            json.writeNumberField("total", established.size());
            json.writeArrayFieldStart("connections");
            for (TcpConnection c : established) {
                json.writeStartObject();
                json.writeStringField("remote_addr", c.remoteAddress());
                json.writeNumberField("local_port", c.localPort());
                json.writeStringField("local_interface", c.localInterface());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeArrayFieldStart("interfaces");
            for (InterfaceCounters c : interfaces) {
                json.writeStartObject();
                json.writeStringField("name", c.name());
                json.writeBooleanField("loopback", c.loopback());
                json.writeNumberField("rx_bytes", c.rxBytes());
                json.writeNumberField("rx_packets", c.rxPackets());
                json.writeNumberField("tx_bytes", c.txBytes());
                json.writeNumberField("tx_packets", c.txPackets());
                json.writeEndObject();
            }
            json.writeEndArray();
            long[] totals = nonLoopbackTotals();
            json.writeObjectFieldStart("network_totals_excluding_loopback");
            json.writeNumberField("bytes_in", totals[0]);
            json.writeNumberField("packets_in", totals[1]);
            json.writeNumberField("bytes_out", totals[2]);
            json.writeNumberField("packets_out", totals[3]);
            json.writeEndObject();
            json.writeObjectFieldStart("rows");
            for (var e : new TreeMap<>(rows).entrySet()) {
                json.writeNumberField(e.getKey(), e.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("ownership");
            for (var e : ownership.entrySet()) {
                json.writeArrayFieldStart(e.getKey());
                for (String a : e.getValue()) {
                    json.writeString(a);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    private static void writePorts(JsonGenerator json, String name, List<PortBinding> ports) throws IOException {
        json.writeObjectFieldStart(name);
        json.writeNumberField("total", ports.size());
        json.writeArrayFieldStart("ports");
        for (PortBinding p : ports) {
            json.writeStartObject();
            json.writeNumberField("port", p.port());
            json.writeStringField("interface", p.interfaceName());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
