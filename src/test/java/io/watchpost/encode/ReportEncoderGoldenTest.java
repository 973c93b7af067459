package io.watchpost.encode;

import io.watchpost.config.KeyNames;
import io.watchpost.config.ReportFormat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReportEncoderGoldenTest {
    private static final Set<String> INTEGER_KEYS = Set.of("report_id", "rid", "port", "pt", "total", "t",
            "local_port", "lp", "bytes_in", "bi", "bytes_out", "bo", "packets_in", "pi", "packets_out", "po");

    private static byte[] golden(KeyNames names) throws IOException {
        String file = "golden/report-" + names.configValue() + ".json";
        try (InputStream in = ReportEncoderGoldenTest.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + file);
            }
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @EnumSource(KeyNames.class)
    void jsonMatchesTheGoldenFileByteForByte(KeyNames names) throws IOException {
        byte[] json = ReportEncoder.of(ReportFormat.JSON, names).encode(GoldenReport.report());
        assertEquals(new String(golden(names), "UTF-8"), new String(json, "UTF-8"));
        assertArrayEquals(golden(names), json);
    }

    @ParameterizedTest
    @EnumSource(KeyNames.class)
    void cborDecodesToTheSameDocumentAsTheGoldenJson(KeyNames names) throws IOException {
        byte[] cbor = ReportEncoder.of(ReportFormat.CBOR, names).encode(GoldenReport.report());
        JsonNode decoded = new CBORMapper().readTree(cbor);
        JsonNode expected = new ObjectMapper().readTree(golden(names));
        assertEquals(expected, decoded);
        String ns = names == KeyNames.LONG ? "network_stats" : "ns";
        String bi = names == KeyNames.LONG ? "bytes_in" : "bi";
        String met = names == KeyNames.LONG ? "metrics" : "met";
        assertEquals(new BigInteger("10000000000000099900"), decoded.get(met).get(ns).get(bi).bigIntegerValue());
    }

    @ParameterizedTest
    @EnumSource(KeyNames.class)
    void cborHasNoTagsDefiniteLengthsAndPlainIntegers(KeyNames names) {
        byte[] cbor = ReportEncoder.of(ReportFormat.CBOR, names).encode(GoldenReport.report());
        CborItems items = CborItems.walk(cbor);
        assertEquals(java.util.List.of(), items.tags, "semantic tags");
        assertEquals(0, items.indefiniteLengthItems);
        int checked = 0;
        for (CborItems.KeyedValue v : items.keyedValues) {
            if (INTEGER_KEYS.contains(v.key())) {
                assertEquals(0, v.majorType(), v.key() + " must be an unsigned CBOR integer");
                checked++;
            }
        }
        // report_id, 5 ports, 3 totals, 3 local ports, 4 network_stats counters
        assertEquals(16, checked);
        // bytes_in is above 2^63: still major type 0, with an 8-byte argument (additional info 27)
        String bi = names == KeyNames.LONG ? "bytes_in" : "bi";
        assertTrue(items.keyedValues.contains(new CborItems.KeyedValue(bi, 0, 27)));
        // the custom number 1024.000 is an integer, 12.5 a float64 (major 7, info 27), never a tag-4 decimal
        assertTrue(items.keyedValues.stream().filter(v -> v.key().equals("number"))
                .anyMatch(v -> v.majorType() == 0));
        assertTrue(items.keyedValues.stream().filter(v -> v.key().equals("number"))
                .anyMatch(v -> v.majorType() == 7 && v.additionalInfo() == 27));
    }

    @ParameterizedTest
    @EnumSource(ReportFormat.class)
    void omitsCustomMetricsAndNetworkStatsWhenAbsentAndNeverWritesNull(ReportFormat format) throws IOException {
        var report = new io.watchpost.report.ReportAssembler()
                .assemble(GoldenReport.snapshot(), null, false, 0, GoldenReport.NOW, java.util.Map.of()).report();
        byte[] bytes = ReportEncoder.of(format, KeyNames.LONG).encode(report);
        ObjectMapper mapper = format == ReportFormat.CBOR ? new CBORMapper() : new ObjectMapper();
        JsonNode doc = mapper.readTree(bytes);
        assertFalse(doc.has("custom_metrics"));
        assertFalse(doc.get("metrics").has("network_stats"));
        assertEquals(2, doc.size());
        assertFalse(doc.toString().contains("null"), doc.toString());
        assertEquals("{\"port\":22}", doc.get("metrics").get("listening_tcp_ports").get("ports").get(0).toString());
    }
}
