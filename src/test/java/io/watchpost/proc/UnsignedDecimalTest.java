package io.watchpost.proc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnsignedDecimalTest {
    private static UnsignedDecimal.Result parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        UnsignedDecimal.Result r = new UnsignedDecimal.Result();
        UnsignedDecimal.parse(b, 0, b.length, r);
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "7793", "9223372036854775807", "9223372036854775808", "18446744073709551614",
            "18446744073709551615", "00000000000000000001", "10000000000000000000"})
    void agreesWithParseUnsignedLong(String s) {
        UnsignedDecimal.Result r = parse(s);
        assertTrue(r.isValid(), s);
        assertEquals(Long.parseUnsignedLong(s), r.value(), s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+1", "1x", "18446744073709551616", "18446744073709551620", "99999999999999999999",
            "184467440737095516150", " 1", "1.5"})
    void rejectsWhatParseUnsignedLongRejects(String s) {
        assertFalse(parse(s).isValid(), s);
        if (!s.isEmpty() && !s.startsWith("+") && s.length() <= 20) {
            assertThrows(NumberFormatException.class, () -> Long.parseUnsignedLong(s), s);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551615", "9223372036854775808"})
    void valuesAboveLongMaxStayUnsigned(String s) {
        long v = parse(s).value();
        assertTrue(v < 0, "held as a negative long");
        assertEquals(s, Long.toUnsignedString(v));
    }
}
