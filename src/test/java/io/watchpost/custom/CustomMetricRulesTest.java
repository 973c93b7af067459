package io.watchpost.custom;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.watchpost.report.CustomMetricValue;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CustomMetricRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"cpu_usage", "a", "Failed-Logins", "ns:app:errors", "x1", "awsome", "aws_metric"})
    void validNames_areAccepted(String name) {
        assertDoesNotThrow(() -> CustomMetricRules.checkName(name));
    }

    @Test
    void nameOf128Characters_isAccepted_129_isNot() {
        assertDoesNotThrow(() -> CustomMetricRules.checkName("n".repeat(128)));
        assertThrows(InvalidCustomMetricException.class, () -> CustomMetricRules.checkName("n".repeat(129)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "dot.ted", "slash/ed", "ünïcode", "semi;colon", "new\nline"})
    void namesOutsideThePattern_areRefused(String name) {
        InvalidCustomMetricException e = assertThrows(InvalidCustomMetricException.class,
                () -> CustomMetricRules.checkName(name));
        assertTrue(e.getMessage().contains("must be 1-128 characters"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws:cpu", "AWS:cpu", "Aws:x", "aws:"})
    void awsPrefix_isRefusedInAnyCase(String name) {
        InvalidCustomMetricException e = assertThrows(InvalidCustomMetricException.class,
                () -> CustomMetricRules.checkName(name));
        assertTrue(e.getMessage().contains("must not begin with \"aws:\""), e.getMessage());
    }

    @Test
    void computedValues_areRoundedTo15SignificantDigits() throws Exception {
        assertEquals(new BigDecimal("99.3069306930693"),
                CustomMetricRules.roundComputed(new BigDecimal("99.306930693069306930693")));
        assertEquals(new BigDecimal("0.333333333333333"),
                CustomMetricRules.roundComputed(new BigDecimal("0.33333333333333333333")));
        assertEquals(new BigDecimal("100"), CustomMetricRules.roundComputed(new BigDecimal("100.000")));
        assertEquals(new BigDecimal("12"), CustomMetricRules.roundComputed(new BigDecimal("12.0")));
    }

    @Test
    void receivedNumbers_withMoreThan15SignificantDigits_areRefusedNotRounded() throws Exception {
        assertEquals(new BigDecimal("123456789012345"), CustomMetricRules.checkNumber(new BigDecimal("123456789012345")));
        assertEquals(new BigDecimal("-1.23456789012345"),
                CustomMetricRules.checkNumber(new BigDecimal("-1.23456789012345")));
        assertEquals(new BigDecimal("1000"), CustomMetricRules.checkNumber(new BigDecimal("1.000E+3")),
                "trailing zeros do not count and the value is written plainly");
        InvalidCustomMetricException e = assertThrows(InvalidCustomMetricException.class,
                () -> CustomMetricRules.checkNumber(new BigDecimal("1234567890123456")));
        assertTrue(e.getMessage().contains("has 16 significant digits; at most 15"), e.getMessage());
        assertThrows(InvalidCustomMetricException.class,
                () -> CustomMetricRules.checkNumber(new BigDecimal("0.1234567890123456")));
    }

    @Test
    void numbersOutsideTheRangeOfADouble_areRefused() {
        assertThrows(InvalidCustomMetricException.class, () -> CustomMetricRules.checkNumber(new BigDecimal("1E+400")));
        assertThrows(InvalidCustomMetricException.class, () -> CustomMetricRules.checkNumber(new BigDecimal("1E-400")));
        assertDoesNotThrow(() -> CustomMetricRules.checkNumber(new BigDecimal("1E+300")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"eth0", "wlan0", "enp3s0f1", "br-lan", "vlan.10", "bond:1", "a/b", "X_Y"})
    void stringListEntries_lettersDigitsAndTheFiveSigns_areAccepted(String s) {
        assertTrue(CustomMetricRules.isStringListEntry(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "wifi@home", "ü", "tab\t", "semi;", "quote\"", "plus+"})
    void stringListEntries_withOtherCharacters_areRefused(String s) {
        assertFalse(CustomMetricRules.isStringListEntry(s));
    }

    @Test
    void stringListEntryLength_isCappedAt256() {
        assertTrue(CustomMetricRules.isStringListEntry("a".repeat(256)));
        assertFalse(CustomMetricRules.isStringListEntry("a".repeat(257)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "192.0.2.1", "255.255.255.255", "10.0.0.1",
            "::", "::1", "2001:db8::1", "2001:DB8:0:0:0:0:0:1", "fe80::1:2:3:4:5:6", "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "::ffff:192.0.2.1", "::FFFF:10.1.2.3", "64:ff9b::198.51.100.7",
            "1:2:3:4:5:6:192.0.2.1", "::192.0.2.1"})
    void validIpLiterals_areAccepted(String ip) {
        assertTrue(CustomMetricRules.isIpAddress(ip), ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.04",
            "1.2.3.4 ", " 1.2.3.4", "1..3.4", "-1.2.3.4", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", ":::",
            "12345::1", "2001:db8::g", "fe80::1%eth0", "::ffff:256.1.1.1", "1.2.3.4::", "1:2:3:4:5:6:7:192.0.2.1",
            "::ffff:1.2.3", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "1:2:3:4:5:6:7:8::", "[::1]", "0x7f.0.0.1"})
    void invalidIpLiterals_areRefused(String ip) {
        assertFalse(CustomMetricRules.isIpAddress(ip), ip);
    }

    @Test
    void receivedValues_areCheckedPerType() throws Exception {
        assertEquals(new CustomMetricValue.NumberList(List.of(new BigDecimal("1.5"), new BigDecimal("2"))),
                CustomMetricRules.check(new CustomMetricValue.NumberList(List.of(new BigDecimal("1.50"),
                        new BigDecimal("2.0")))));
        InvalidCustomMetricException s = assertThrows(InvalidCustomMetricException.class,
                () -> CustomMetricRules.check(new CustomMetricValue.StringList(List.of("ok", "not ok"))));
        assertTrue(s.getMessage().contains("string \"not ok\""), s.getMessage());
        InvalidCustomMetricException i = assertThrows(InvalidCustomMetricException.class,
                () -> CustomMetricRules.check(new CustomMetricValue.IpList(List.of("192.0.2.1", "router.local"))));
        assertTrue(i.getMessage().contains("address \"router.local\" is not an IPv4 or IPv6"), i.getMessage());
    }

    @Test
    void listsLongerThan100_areRefused() {
        List<String> many = Collections.nCopies(101, "a");
        InvalidCustomMetricException e = assertThrows(InvalidCustomMetricException.class,
                () -> CustomMetricRules.check(new CustomMetricValue.StringList(many)));
        assertTrue(e.getMessage().contains("has 101 values; at most 100"), e.getMessage());
        assertDoesNotThrow(() -> CustomMetricRules.check(new CustomMetricValue.StringList(many.subList(0, 100))));
    }
}
