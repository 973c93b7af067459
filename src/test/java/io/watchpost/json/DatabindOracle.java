package io.watchpost.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jackson databind's tree, which the component read its documents with before, as the oracle the plain values are
 * checked against (databind stays on the test and local-tooling class path).
 */
final class DatabindOracle {
    private DatabindOracle() {
    }

    /** The databind tree in the plain-value model: the node types map one to one onto Java types. */
    static Object plain(JsonNode node) throws Exception {
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    fields.put(e.getKey(), plain(e.getValue()));
                }
                yield fields;
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (JsonNode item : node) {
                    items.add(plain(item));
                }
                yield items;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NULL, MISSING -> null;
            case NUMBER -> node.numberValue();
            case BINARY -> node.binaryValue();
            default -> throw new AssertionError("unexpected node " + node);
        };
    }

    /** Same structure, same Java types, same values (byte arrays by content). */
    static void assertSameValue(Object expected, Object actual, String where) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, where);
            return;
        }
        assertEquals(expected.getClass(), actual.getClass(), where + ": type");
        if (expected instanceof Map<?, ?> e) {
            Map<?, ?> a = (Map<?, ?>) actual;
            assertEquals(List.copyOf(e.keySet()), List.copyOf(a.keySet()), where + ": keys in order");
            for (Object key : e.keySet()) {
                assertSameValue(e.get(key), a.get(key), where + "." + key);
            }
        } else if (expected instanceof List<?> e) {
            List<?> a = (List<?>) actual;
            assertEquals(e.size(), a.size(), where + ": size");
            for (int i = 0; i < e.size(); i++) {
                assertSameValue(e.get(i), a.get(i), where + "[" + i + "]");
            }
        } else if (expected instanceof byte[] e) {
            assertArrayEquals(e, (byte[]) actual, where);
        } else {
            assertEquals(expected, actual, where);
            assertTrue(expected.equals(actual), where + ": equals (BigDecimal scale included)");
        }
    }
}
