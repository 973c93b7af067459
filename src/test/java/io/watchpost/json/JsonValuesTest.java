package io.watchpost.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import io.watchpost.json.JsonValueReader.Floats;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonValuesTest {
    private static final ObjectMapper DATABIND = new ObjectMapper();

    /** What Gson (inside the IPC client) makes of a local JSON message, plus every other number type. */
    private static Map<String, Object> everyType() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "open_files \"quoted\" é\n");
        m.put("gsonNumber", 3.0);
        m.put("int", 7);
        m.put("long", -5_000_000_000L);
        m.put("short", (short) 12);
        m.put("byte", (byte) -3);
        m.put("float", 0.1f);
        m.put("double", 1e-7);
        m.put("nan", Double.NaN);
        m.put("decimal", new BigDecimal("1.50E+3"));
        m.put("bigint", new BigInteger("18446744073709551615"));
        m.put("bool", true);
        m.put("null", null);
        m.put("list", new ArrayList<>(Arrays.asList(1, "two", null, List.of(), Map.of())));
        m.put("nested", Map.of("inner", List.of(Map.of("k", false))));
        return m;
    }

    @Test
    void writesWhatDatabindWroteForTheSameValues() throws Exception {
        assertEquals(DATABIND.writeValueAsString(everyType()), JsonValues.toJson(everyType()));
        assertEquals("null", JsonValues.toJson(null));
        assertEquals("[]", JsonValues.toJson(List.of()));
        assertEquals("{\"1\":\"x\"}", JsonValues.toJson(new HashMap<>(Map.of(1, "x"))));
    }

    @Test
    void writesCborThatDatabindReadsBack() throws Exception {
        Map<String, Object> doc = new LinkedHashMap<>(Map.of("bytes", new byte[] {9, 8}, "n", 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new CBORFactory().createGenerator(out)) {
            JsonValues.write(g, doc);
        }
        JsonNode back = new CBORMapper().readTree(out.toByteArray());
        assertArrayEquals(new byte[] {9, 8}, back.get("bytes").binaryValue());
        assertEquals(1, back.get("n").intValue());
    }

    @Test
    void aValueWithoutJsonFormIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonValues.toJson(Map.of("x", new Object())));
        assertEquals("a java.lang.Object has no JSON form", e.getMessage());
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1);
        assertThrows(IllegalArgumentException.class, () -> JsonValues.toJson(nullKey));
    }

    @Test
    void deepValuesAreWrittenWithoutRecursion() {
        Object deep = List.of();
        for (int i = 0; i < 999; i++) {
            deep = List.of(deep);
        }
        assertEquals("[".repeat(1000) + "]".repeat(1000), JsonValues.toJson(deep));
    }

    /** typeName, scalarText and toJson of what was read: what databind's getNodeType, asText and toString said. */
    @ParameterizedTest
    @ValueSource(strings = {"\"NaN\"", "true", "false", "null", "1", "-9223372036854775809", "2.50", "1e400", "1.0E-7",
        "{\"a\":[1,\"x\"]}", "[]", "\"a\\tb\""})
    void namesAndShowsValuesAsDatabindsTreeDid(String json) throws Exception {
        JsonNode node = DATABIND.readTree(json);
        Object value;
        try (JsonParser p = DATABIND.getFactory().createParser(json)) {
            value = JsonValueReader.read(p, Floats.BINARY).orElse(null);
        }
        assertEquals(node.getNodeType().name().toLowerCase(java.util.Locale.ROOT), JsonValues.typeName(value));
        assertEquals(node.toString(), JsonValues.toJson(value));
        if (node.isValueNode()) {
            assertEquals(node.asText(), JsonValues.scalarText(value));
        } else {
            assertEquals("", JsonValues.scalarText(value));
        }
    }

    @Test
    void binaryShowsAsBase64LikeDatabind() throws Exception {
        byte[] bytes = {(byte) 0xfb, (byte) 0xff, 0, 1, 2};
        JsonNode node = new CBORMapper().readTree(new CBORMapper().writeValueAsBytes(bytes));
        assertEquals(node.asText(), JsonValues.scalarText(bytes));
        assertEquals("binary", JsonValues.typeName(bytes));
        assertEquals(node.toString(), JsonValues.toJson(bytes));
    }
}
