package io.watchpost.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.OptionalLong;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes plain values (see the package description) as JSON or CBOR, and names and shows them in messages. */
public final class JsonValues {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonValues() {
    }

    /**
     * Writes {@code value}: maps as objects (keys as text), collections as arrays, numbers, strings, booleans, null and
     * {@code byte[]} as what they are. Iterative, like the reader; the generator limits the nesting depth.
     *
     * @throws IllegalArgumentException for any other type (or a null map key): it has no JSON form
     */
    public static void write(JsonGenerator generator, Object value) throws IOException {
        Deque<Open> open = new ArrayDeque<>();
        Object next = value;
        while (true) {
            if (next instanceof Map<?, ?> map) {
                generator.writeStartObject();
                open.push(new Open(map.entrySet().iterator(), true));
            } else if (next instanceof Collection<?> items) {
                generator.writeStartArray();
                open.push(new Open(items.iterator(), false));
            } else {
                writeScalar(generator, next);
            }
            Open current = open.peek();
            while (current != null && !current.items().hasNext()) {
                open.pop();
                if (current.object()) {
                    generator.writeEndObject();
                } else {
                    generator.writeEndArray();
                }
                current = open.peek();
            }
            if (current == null) {
                return;
            }
            Object item = current.items().next();
            if (current.object()) {
                Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
                if (entry.getKey() == null) {
                    throw new IllegalArgumentException("a map key is null; JSON object keys are text");
                }
                generator.writeFieldName(entry.getKey().toString());
                next = entry.getValue();
            } else {
                next = item;
            }
        }
    }

    private record Open(Iterator<?> items, boolean object) {
    }

    private static void writeScalar(JsonGenerator generator, Object value) throws IOException {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String s) {
            generator.writeString(s);
        } else if (value instanceof Boolean b) {
            generator.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            generator.writeNumber(((Number) value).intValue());
        } else if (value instanceof Long l) {
            generator.writeNumber(l);
        } else if (value instanceof Double d) {
            generator.writeNumber(d);
        } else if (value instanceof Float f) {
            generator.writeNumber(f);
        } else if (value instanceof BigDecimal d) {
            generator.writeNumber(d);
        } else if (value instanceof BigInteger i) {
            generator.writeNumber(i);
        } else if (value instanceof Number n) {
            generator.writeNumber(n.toString()); // other Number types (Gson's lazily parsed number) print themselves
        } else if (value instanceof byte[] bytes) {
            generator.writeBinary(bytes);
        } else {
            throw new IllegalArgumentException("a " + value.getClass().getName() + " has no JSON form");
        }
    }

    /** Compact JSON text of a value: {@code {"a":[1,"x"]}}. */
    public static String toJson(Object value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(text)) {
            write(generator, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The JSON type of a value, as messages name it: object, array, string, number, boolean, binary or null. */
    public static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?>) {
            return "object";
        }
        if (value instanceof List<?>) {
            return "array";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Number) {
            return "number";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        return value instanceof byte[] ? "binary" : "pojo";
    }

    /**
     * The text of a single value: a string as it is, a number or boolean as written in JSON, binary as base64; null
     * shows as {@code null} and an object or array as {@code ""} (use {@link #toJson} for those).
     */
    public static String scalarText(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
            return "";
        }
        if (value instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return value.toString();
    }

    /** A field of an object; null when {@code node} is no object, lacks the field or holds JSON null there. */
    public static Object field(Object node, String name) {
        return node instanceof Map<?, ?> object ? object.get(name) : null;
    }

    /** An integer value (as {@link JsonValueReader} gives it) that fits a long; empty for anything else. */
    public static OptionalLong integerLong(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return OptionalLong.of(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() <= 63 ? OptionalLong.of(big.longValue()) : OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
