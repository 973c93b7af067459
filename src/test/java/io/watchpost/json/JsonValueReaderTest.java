package io.watchpost.json;

import static io.watchpost.json.DatabindOracle.assertSameValue;
import static io.watchpost.json.DatabindOracle.plain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.watchpost.json.JsonValueReader.Floats;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonValueReaderTest {
    private static final JsonFactory JSON = new JsonFactory();
    /** How the custom metric inbox read messages with databind. */
    private static final ObjectMapper EXACT_MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private static Optional<Object> read(String json, Floats floats) throws Exception {
        try (JsonParser p = JSON.createParser(json.getBytes(StandardCharsets.UTF_8))) {
            return JsonValueReader.read(p, floats);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"format\":\"watchpost-state\",\"version\":2,\"lastReportId\":1795860006469}",
        "[0, -0, 7, -7, 2147483647, 2147483648, -2147483649, 9223372036854775807, 9223372036854775808,"
                + " -9223372036854775809, 123456789012345678901234567890]",
        "[1.0, 40.50, -1e3, 0.0, -0.0, 1E+2, 12.000, 0.10e2, 1.5e-3, 1e400, -1e-400, 0.1234567890123456789]",
        "{\"s\":\"a\\u00e9\\n\\\"q\\\"\",\"t\":true,\"f\":false,\"n\":null,\"o\":{},\"a\":[],\"deep\":[[{\"x\":[1]}]]}",
        "{\"a\":1,\"b\":2,\"a\":3}",
        "\"text\"", "12", "true", "{}  ", "  [null]"
    })
    void readsWhatDatabindsTreeHeld(String json) throws Exception {
        assertSameValue(plain(new ObjectMapper().readTree(json)), read(json, Floats.BINARY).orElse(null), json);
        assertSameValue(plain(EXACT_MAPPER.readTree(json)), read(json, Floats.EXACT).orElse(null), json);
    }

    @Test
    void exactFloatsKeepEveryDigitButNoTrailingZeros() throws Exception {
        assertEquals(List.of(new BigDecimal("40.5"), new BigDecimal("1E+3"), BigDecimal.ZERO,
                new BigDecimal("0.1234567890123456789"), 3), read("[40.50, 1e3, -0.000, 0.1234567890123456789, 3]",
                Floats.EXACT).orElseThrow());
        assertEquals(List.of(40.5, 1000.0, -0.0, 0.12345678901234568, 3), read("[40.50, 1e3, -0.000,"
                + " 0.1234567890123456789, 3]", Floats.BINARY).orElseThrow());
    }

    @Test
    void wholeNumbersTakeTheSmallestTypeThatHoldsThem() throws Exception {
        assertEquals(List.of(5, 5_000_000_000L, new BigInteger("18446744073709551615")),
                read("[5, 5000000000, 18446744073709551615]", Floats.BINARY).orElseThrow());
    }

    @Test
    void cborValuesAreReadLikeDatabindsCborTree() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("reportId", 1795860006469L);
        doc.put("single", 1.5f);
        doc.put("double", 2.25);
        doc.put("decimal", new BigDecimal("1.50"));
        doc.put("big", new BigInteger("98765432109876543210"));
        doc.put("bytes", new byte[] {1, 2, 3});
        doc.put("list", List.of("x", true, Map.of("k", -1)));
        doc.put("none", null);
        byte[] cbor = new CBORMapper().writeValueAsBytes(doc);
        Object mine;
        try (JsonParser p = new CBORFactory().createParser(cbor)) {
            mine = JsonValueReader.read(p, Floats.BINARY).orElseThrow();
        }
        assertSameValue(plain(new CBORMapper().readTree(cbor)), mine, "cbor");
        assertEquals(1.5f, ((Map<?, ?>) mine).get("single"));
        assertEquals(new BigDecimal("1.5"), ((Map<?, ?>) mine).get("decimal"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "null"})
    void noValueOrNullIsEmpty(String json) throws Exception {
        assertEquals(Optional.empty(), read(json, Floats.BINARY));
    }

    @Test
    void readLeavesWhatFollowsTheValueUnreadAndReadWholeRefusesIt() throws Exception {
        assertEquals(Optional.of(Map.of("a", 1)), read("{\"a\":1} {\"b\":", Floats.BINARY));
        try (JsonParser p = JSON.createParser("{\"a\":1} {}")) {
            JsonParseException e = assertThrows(JsonParseException.class,
                    () -> JsonValueReader.readWhole(p, Floats.EXACT));
            assertEquals("Trailing token (of type START_OBJECT) found after the value", e.getOriginalMessage());
        }
        try (JsonParser p = JSON.createParser("{\"a\":1} x")) {
            assertThrows(JsonParseException.class, () -> JsonValueReader.readWhole(p, Floats.EXACT));
        }
        try (JsonParser p = JSON.createParser(" {\"a\":[1]}\n ")) {
            assertEquals(Optional.of(Map.of("a", List.of(1))), JsonValueReader.readWhole(p, Floats.EXACT));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":", "[1,2", "{\"a\" 1}", "[1,]", "{\"a\":NaN}", "{\"a\":1]", "tru"})
    void brokenJsonFailsWithTheParsersMessage(String json) {
        assertThrows(JsonParseException.class, () -> read(json, Floats.BINARY));
    }

    @Test
    void duplicateKeysFailWhenTheParserIsStrict() throws Exception {
        JsonFactory strict = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        try (JsonParser p = strict.createParser("{\"n\":1,\"n\":2}")) {
            JsonParseException e = assertThrows(JsonParseException.class,
                    () -> JsonValueReader.read(p, Floats.EXACT));
            assertEquals("Duplicate field 'n'", e.getOriginalMessage());
        }
    }

    /** The open containers live on the heap: nesting up to the parser's limit fits a 256 KiB thread stack. */
    @Test
    void nestingIsBoundByTheParsersLimitNotByTheThreadStack() throws Exception {
        String deepest = "[".repeat(1000) + "]".repeat(1000);
        AtomicReference<Object> result = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                result.set(read(deepest, Floats.BINARY).orElseThrow());
            } catch (Throwable t) {
                result.set(t);
            }
        }, "small-stack", 256 * 1024);
        small.start();
        small.join();
        Object value = result.get();
        assertTrue(value instanceof List<?>, String.valueOf(value));
        int depth = 0;
        while (value instanceof List<?> l && !l.isEmpty()) {
            value = l.get(0);
            depth++;
        }
        assertEquals(999, depth);
        String tooDeep = "[".repeat(1001) + "]".repeat(1001);
        assertThrows(StreamConstraintsException.class, () -> read(tooDeep, Floats.BINARY));
    }
}
