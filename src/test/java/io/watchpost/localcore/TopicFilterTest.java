package io.watchpost.localcore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicFilterTest {
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
            "a/b, a/b, true",
            "a/b, a/c, false",
            "a/+, a/b, true",
            "a/+, a/b/c, false",
            "a/#, a, true",
            "a/#, a/b/c, true",
            "#, anything/at/all, true",
            "$aws/things/+/defender/metrics/json/accepted, $aws/things/t1/defender/metrics/json/accepted, true",
            "$aws/things/+/defender/metrics/json/accepted, $aws/things/t1/defender/metrics/cbor/accepted, false",
            "a/b, a/b/c, false",
            "a/b/c, a/b, false",
    })
    void matchesLikeMqtt(String filter, String topic, boolean expected) {
        assertEquals(expected, TopicFilter.matches(filter, topic));
    }
}
