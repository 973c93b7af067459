package io.watchpost.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one JSON or CBOR value into plain Java values (see the package description). Limits are the parser's own
 * (nesting depth, number and string lengths: jackson-core's {@code StreamReadConstraints}); the reader keeps its open
 * containers on a heap stack, so a deep document cannot overflow the small thread stacks the component runs with.
 * A repeated key keeps the last value (at the first key's position) unless the parser refuses duplicates.
 */
public final class JsonValueReader {
    /** How numbers with a fraction or an exponent are kept. */
    public enum Floats {
        /** {@code Double} ({@code Float} for a CBOR single, {@code BigDecimal} for a CBOR decimal fraction). */
        BINARY,
        /** {@code BigDecimal} exactly as written, trailing zeros stripped ({@code 40.50} is {@code 40.5}). */
        EXACT
    }

    private JsonValueReader() {
    }

    /**
     * Reads the next value from {@code parser}, which is left on the value's last token.
     *
     * @return empty when the input has no value, or the value is JSON null
     */
    public static Optional<Object> read(JsonParser parser, Floats floats) throws IOException {
        JsonToken first = parser.nextToken();
        return first == null ? Optional.empty() : Optional.ofNullable(readCurrent(parser, floats));
    }

    /** Like {@link #read} but fails when anything but white space follows the value. */
    public static Optional<Object> readWhole(JsonParser parser, Floats floats) throws IOException {
        Optional<Object> value = read(parser, floats);
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new JsonParseException(parser, "Trailing token (of type " + trailing + ") found after the value");
        }
        return value;
    }

    private record Open(Map<String, Object> object, List<Object> array) {
    }

    /** The value starting at the parser's current token. */
    private static Object readCurrent(JsonParser parser, Floats floats) throws IOException {
        Deque<Open> open = new ArrayDeque<>();
        Deque<String> names = new ArrayDeque<>();
        JsonToken token = parser.currentToken();
        while (true) {
            if (token == null) {
                throw new JsonParseException(parser, "Unexpected end-of-input within a value");
            }
            Object value;
            switch (token) {
                case START_OBJECT -> {
                    open.push(new Open(new LinkedHashMap<>(), null));
                    token = parser.nextToken();
                    continue;
                }
                case START_ARRAY -> {
                    open.push(new Open(null, new ArrayList<>()));
                    token = parser.nextToken();
                    continue;
                }
                case FIELD_NAME -> {
                    names.push(parser.currentName());
                    token = parser.nextToken();
                    continue;
                }
                case END_OBJECT -> value = open.pop().object();
                case END_ARRAY -> value = open.pop().array();
                default -> value = scalar(parser, token, floats);
            }
            if (open.isEmpty()) {
                return value;
            }
            Open parent = open.peek();
            if (parent.object() != null) {
                parent.object().put(names.pop(), value);
            } else {
                parent.array().add(value);
            }
            token = parser.nextToken();
        }
    }

    private static Object scalar(JsonParser parser, JsonToken token, Floats floats) throws IOException {
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT -> parser.getIntValue();
                case LONG -> parser.getLongValue();
                default -> parser.getBigIntegerValue();
            };
            case VALUE_NUMBER_FLOAT -> floating(parser, floats);
            case VALUE_EMBEDDED_OBJECT -> parser.getEmbeddedObject();
            default -> throw new JsonParseException(parser, "Unexpected token " + token);
        };
    }

    private static Object floating(JsonParser parser, Floats floats) throws IOException {
        if (parser.isNaN()) {
            return parser.getDoubleValue(); // NaN and the infinities have no decimal form
        }
        JsonParser.NumberType type = parser.getNumberType();
        if (floats == Floats.EXACT || type == JsonParser.NumberType.BIG_DECIMAL) {
            return exact(parser.getDecimalValue());
        }
        return type == JsonParser.NumberType.FLOAT ? (Object) parser.getFloatValue() : (Object) parser.getDoubleValue();
    }

    /** Trailing zeros carry no value (and would count as significant digits): 40.50 is 40.5, 1.0 is 1. */
    private static BigDecimal exact(BigDecimal v) {
        return v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
    }
}
