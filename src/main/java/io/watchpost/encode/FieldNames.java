package io.watchpost.encode;

import io.watchpost.config.KeyNames;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * The document's keys in one spelling. Both spellings come from the field table of the Device Defender "device metrics
 * document specification"; custom metric names and their value keys have no short form.
 */
record FieldNames(SerializedString header, SerializedString reportId, SerializedString version,
                  SerializedString metrics, SerializedString tcpPorts, SerializedString udpPorts,
                  SerializedString ports, SerializedString port, SerializedString iface, SerializedString total,
                  SerializedString networkStats, SerializedString bytesIn, SerializedString bytesOut,
                  SerializedString packetsIn, SerializedString packetsOut, SerializedString tcpConnections,
                  SerializedString established, SerializedString connections, SerializedString remoteAddr,
                  SerializedString localPort, SerializedString localInterface, SerializedString customMetrics) {

    static final FieldNames LONG = of("header", "report_id", "version", "metrics", "listening_tcp_ports",
            "listening_udp_ports", "ports", "port", "interface", "total", "network_stats", "bytes_in", "bytes_out",
            "packets_in", "packets_out", "tcp_connections", "established_connections", "connections", "remote_addr",
            "local_port", "local_interface", "custom_metrics");

    static final FieldNames SHORT = of("hed", "rid", "v", "met", "tp", "up", "pts", "pt", "if", "t", "ns", "bi", "bo",
            "pi", "po", "tc", "ec", "cs", "rad", "lp", "li", "cmet");

    static FieldNames of(KeyNames names) {
        return names == KeyNames.SHORT ? SHORT : LONG;
    }

    private static FieldNames of(String... n) {
        SerializedString[] s = new SerializedString[n.length];
        for (int i = 0; i < n.length; i++) {
            s[i] = new SerializedString(n[i]);
        }
        return new FieldNames(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12], s[13],
                s[14], s[15], s[16], s[17], s[18], s[19], s[20], s[21]);
    }
}
