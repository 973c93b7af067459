package io.watchpost.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.watchpost.json.JsonValueReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per validation rule: the invalid behavior is rejected alone, named with the field and the rule, and the valid
 * behavior next to it still loads.
 */
class BehaviorValidationTest {
    private static final String GOOD = "{\"name\":\"Good\",\"metric\":\"aws:listening-udp-ports\",\"criteria\":"
            + "{\"comparisonOperator\":\"not-in-port-set\",\"value\":{\"ports\":[23]}}}";

    static Object json(String text) {
        try (JsonParser p = new JsonFactory().createParser(text)) {
            return JsonValueReader.readWhole(p, JsonValueReader.Floats.EXACT).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A behavior on a metric with a criteria body: {@code b("aws:all-bytes-in", "...")}. */
    private static String b(String metric, String criteria) {
        return "{\"name\":\"Bad\",\"metric\":\"" + metric + "\",\"criteria\":{" + criteria + "}}";
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                // name
                Arguments.of("{\"metric\":\"aws:listening-tcp-ports\"}", "behaviors[1]", "name", "is required"),
                Arguments.of("{\"name\":\"has space\"}", "has space", "name", "must be 1-128 characters of letters"),
                Arguments.of("{\"name\":\"" + "n".repeat(129) + "\"}", "n".repeat(129), "name", "must be 1-128"),
                Arguments.of("{\"name\":\"Good\",\"metric\":\"aws:listening-tcp-ports\",\"criteria\":"
                        + "{\"comparisonOperator\":\"in-port-set\",\"value\":{\"ports\":[22]}}}", "Good", "name",
                        "behavior names must be unique within a profile"),
                Arguments.of("{\"name\":\"Bad\",\"criteria\":{}}", "Bad", "metric", "is required"),
                Arguments.of("{\"name\":\"Bad\",\"metric\":\"bad metric\"}", "Bad", "metric", "must be 1-128"),
                Arguments.of("{\"name\":\"Bad\",\"metric\":\"aws:listening-tcp-ports\",\"critera\":{}}", "Bad",
                        "critera", "unknown field"),
                Arguments.of("{\"name\":\"Bad\",\"metric\":\"aws:listening-tcp-ports\"}", "Bad", "criteria",
                        "is required"),
                Arguments.of("{\"name\":\"Bad\",\"metric\":\"aws:listening-tcp-ports\",\"suppressAlerts\":\"yes\","
                        + "\"criteria\":{}}", "Bad", "suppressAlerts", "must be true or false"),
                // operator
                Arguments.of(b("aws:listening-tcp-ports", "\"value\":{\"ports\":[1]}"), "Bad",
                        "criteria.comparisonOperator", "is required"),
                Arguments.of(b("aws:listening-tcp-ports", "\"comparisonOperator\":\"equals\""), "Bad",
                        "criteria.comparisonOperator", "\"equals\" is not one of less-than"),
                // operator x value type matrix
                Arguments.of(b("aws:listening-tcp-ports", "\"comparisonOperator\":\"less-than\","
                        + "\"value\":{\"count\":1}"), "Bad", "criteria.comparisonOperator",
                        "less-than is not allowed for aws:listening-tcp-ports; it takes in-port-set, not-in-port-set"),
                Arguments.of(b("aws:destination-ip-addresses", "\"comparisonOperator\":\"in-port-set\","
                        + "\"value\":{\"ports\":[1]}"), "Bad", "criteria.comparisonOperator",
                        "it takes in-cidr-set, not-in-cidr-set"),
                Arguments.of(b("aws:all-bytes-in", "\"comparisonOperator\":\"in-set\",\"value\":{\"strings\":[]}"),
                        "Bad", "criteria.comparisonOperator", "it takes less-than, less-than-equals, greater-than,"
                                + " greater-than-equals"),
                Arguments.of(b("aws:source-ip-address", "\"comparisonOperator\":\"less-than\","
                        + "\"value\":{\"count\":1}"), "Bad", "criteria.comparisonOperator", "it takes in-cidr-set"),
                Arguments.of(b("my_ports", "\"comparisonOperator\":\"in-port-set\",\"value\":{\"ports\":[1]}"),
                        "Bad", "criteria.comparisonOperator", "in-port-set is not allowed for my_ports"),
                // exactly one matching MetricValue field
                Arguments.of(b("aws:listening-tcp-ports", "\"comparisonOperator\":\"in-port-set\""), "Bad",
                        "criteria.value", "is required with in-port-set"),
                Arguments.of(b("aws:listening-tcp-ports", "\"comparisonOperator\":\"in-port-set\",\"value\":{}"),
                        "Bad", "criteria.value", "has no field; in-port-set on aws:listening-tcp-ports takes exactly"
                                + " one: ports"),
                Arguments.of(b("aws:listening-tcp-ports", "\"comparisonOperator\":\"in-port-set\","
                        + "\"value\":{\"ports\":[1],\"count\":2}"), "Bad", "criteria.value", "has 2 fields"),
                Arguments.of(b("aws:listening-tcp-ports", "\"comparisonOperator\":\"in-port-set\","
                        + "\"value\":{\"cidrs\":[\"10.0.0.0/8\"]}"), "Bad", "criteria.value.cidrs",
                        "takes ports, not cidrs"),
                Arguments.of(b("aws:all-bytes-in", "\"comparisonOperator\":\"less-than\",\"durationSeconds\":300,"
                        + "\"value\":{\"number\":5}"), "Bad", "criteria.value.number", "takes count, not number"),
                Arguments.of(b("cpu_usage", "\"comparisonOperator\":\"less-than\",\"value\":{\"count\":5}"), "Bad",
                        "criteria.value.count", "takes number, not count"),
                Arguments.of(b("names", "\"comparisonOperator\":\"in-set\",\"value\":{\"number\":5}"), "Bad",
                        "criteria.value.number", "takes numbers or strings, not number"),
                Arguments.of(b("aws:all-bytes-in", "\"comparisonOperator\":\"less-than\",\"durationSeconds\":300,"
                        + "\"value\":{\"count\":\"5\"}"), "Bad", "criteria.value.count",
                        "must be a number (a string Count is CloudFormation's form)"),
                Arguments.of(b("aws:all-bytes-in", "\"comparisonOperator\":\"less-than\",\"durationSeconds\":300,"
                        + "\"value\":{\"count\":-1}"), "Bad", "criteria.value.count", "from 0 to"),
                Arguments.of(b("aws:all-bytes-in", "\"comparisonOperator\":\"less-than\",\"durationSeconds\":300,"
                        + "\"value\":{\"count\":1.5}"), "Bad", "criteria.value.count", "must be a whole number"),
                Arguments.of(b("aws:all-bytes-in", "\"comparisonOperator\":\"less-than\",\"durationSeconds\":300,"
                        + "\"value\":{\"count\":1,\"size\":2}"), "Bad", "criteria.value.size", "unknown field"),
                Arguments.of(b("cpu_usage", "\"comparisonOperator\":\"less-than\",\"value\":{\"number\":1e400}"),
                        "Bad", "criteria.value.number", "outside the range of a double"),
                Arguments.of(b("ids", "\"comparisonOperator\":\"in-set\",\"value\":{\"strings\":[\"a\",1]}"), "Bad",
                        "criteria.value.strings[1]", "must be a string"),
                Arguments.of(b("vals", "\"comparisonOperator\":\"in-set\",\"value\":{\"numbers\":[1,\"x\"]}"), "Bad",
                        "criteria.value.numbers[1]", "must be a number"),
                // ports 0-65535
                Arguments.of(b("aws:listening-tcp-ports", "\"comparisonOperator\":\"in-port-set\","
                        + "\"value\":{\"ports\":[22,65536]}"), "Bad", "criteria.value.ports[1]",
                        "65536 must be a whole number from 0 to 65535"),
                Arguments.of(b("aws:listening-tcp-ports", "\"comparisonOperator\":\"in-port-set\","
                        + "\"value\":{\"ports\":[-1]}"), "Bad", "criteria.value.ports[0]", "from 0 to 65535"),
                Arguments.of(b("aws:listening-tcp-ports", "\"comparisonOperator\":\"in-port-set\","
                        + "\"value\":{\"ports\":22}"), "Bad", "criteria.value.ports", "must be an array"),
                // CIDRs parse, 2-43 characters
                Arguments.of(b("aws:destination-ip-addresses", "\"comparisonOperator\":\"in-cidr-set\","
                        + "\"value\":{\"cidrs\":[\"10.0.0.0/8\",\"10.0.0.0/33\"]}"), "Bad", "criteria.value.cidrs[1]",
                        "prefix length \"33\" is not 0-32"),
                Arguments.of(b("aws:destination-ip-addresses", "\"comparisonOperator\":\"in-cidr-set\","
                        + "\"value\":{\"cidrs\":[\"10.0.0.256/32\"]}"), "Bad", "criteria.value.cidrs[0]",
                        "is not an IPv4 or IPv6 address"),
                Arguments.of(b("aws:destination-ip-addresses", "\"comparisonOperator\":\"in-cidr-set\","
                        + "\"value\":{\"cidrs\":[\"1\"]}"), "Bad", "criteria.value.cidrs[0]", "must be 2-43 characters"),
                Arguments.of(b("aws:destination-ip-addresses", "\"comparisonOperator\":\"in-cidr-set\","
                        + "\"value\":{\"cidrs\":[\"2001:0db8:0000:0000:0000:0000:0000:0001/128x\"]}"), "Bad",
                        "criteria.value.cidrs[0]", "must be 2-43 characters"),
                Arguments.of(b("aws:destination-ip-addresses", "\"comparisonOperator\":\"in-cidr-set\","
                        + "\"value\":{\"cidrs\":[\"host.example/32\"]}"), "Bad", "criteria.value.cidrs[0]",
                        "must be hex digits, '.', ':' and '/' only"),
                Arguments.of(b("aws:destination-ip-addresses", "\"comparisonOperator\":\"in-cidr-set\","
                        + "\"value\":{\"cidrs\":[\"2001:db8::/129\"]}"), "Bad", "criteria.value.cidrs[0]",
                        "is not 0-128"),
                // consecutive datapoints 1-10
                Arguments.of(b("aws:listening-tcp-ports", "\"comparisonOperator\":\"in-port-set\","
                        + "\"value\":{\"ports\":[22]},\"consecutiveDatapointsToAlarm\":0"), "Bad",
                        "criteria.consecutiveDatapointsToAlarm", "0 must be a whole number from 1 to 10"),
                Arguments.of(b("aws:listening-tcp-ports", "\"comparisonOperator\":\"in-port-set\","
                        + "\"value\":{\"ports\":[22]},\"consecutiveDatapointsToClear\":11"), "Bad",
                        "criteria.consecutiveDatapointsToClear", "11 must be a whole number from 1 to 10"),
                // durationSeconds
                Arguments.of(b("aws:all-bytes-out", "\"comparisonOperator\":\"less-than\",\"value\":{\"count\":1}"),
                        "Bad", "criteria.durationSeconds", "is required for aws:all-bytes-out: one of 300, 600, 900,"
                                + " 1800, 3600"),
                Arguments.of(b("aws:all-packets-in", "\"comparisonOperator\":\"less-than\",\"value\":{\"count\":1},"
                        + "\"durationSeconds\":60"), "Bad", "criteria.durationSeconds", "60 is not one of 300"),
                Arguments.of(b("aws:listening-tcp-ports", "\"comparisonOperator\":\"in-port-set\","
                        + "\"value\":{\"ports\":[22]},\"durationSeconds\":300"), "Bad", "criteria.durationSeconds",
                        "cannot be used with list-based metrics"),
                Arguments.of(b("names", "\"comparisonOperator\":\"in-set\",\"value\":{\"strings\":[\"a\"]},"
                        + "\"durationSeconds\":300"), "Bad", "criteria.durationSeconds", "list-based"),
                // statistical
                Arguments.of(b("aws:all-bytes-out", "\"comparisonOperator\":\"less-than\",\"durationSeconds\":300,"
                        + "\"statisticalThreshold\":{\"statistic\":\"p95\"}"), "Bad",
                        "criteria.statisticalThreshold.statistic", "\"p95\" is not one of p0, p0.1"),
                Arguments.of(b("aws:all-bytes-out", "\"comparisonOperator\":\"less-than\",\"durationSeconds\":300,"
                        + "\"statisticalThreshold\":{\"statistic\":\"Average\"}"), "Bad",
                        "criteria.statisticalThreshold.statistic", "\"Average\" is not one of"),
                Arguments.of(b("aws:all-bytes-out", "\"comparisonOperator\":\"less-than\","
                        + "\"statisticalThreshold\":{\"statistic\":\"p90\"}"), "Bad", "criteria.durationSeconds",
                        "is required with statisticalThreshold"),
                Arguments.of(b("aws:all-bytes-out", "\"comparisonOperator\":\"less-than\",\"durationSeconds\":300,"
                        + "\"value\":{\"count\":1},\"statisticalThreshold\":{\"statistic\":\"p90\"}"), "Bad",
                        "criteria.value", "value or statisticalThreshold, not both"),
                // ML
                Arguments.of(b("aws:all-bytes-out", "\"mlDetectionConfig\":{\"confidenceLevel\":\"SURE\"}"), "Bad",
                        "criteria.mlDetectionConfig.confidenceLevel", "\"SURE\" is not LOW, MEDIUM or HIGH"),
                Arguments.of(b("aws:listening-tcp-ports", "\"mlDetectionConfig\":{\"confidenceLevel\":\"LOW\"}"),
                        "Bad", "criteria.mlDetectionConfig", "ML Detect applies to numeric metrics only"),
                Arguments.of(b("aws:all-bytes-out", "\"mlDetectionConfig\":{\"confidenceLevel\":\"LOW\"},"
                        + "\"comparisonOperator\":\"less-than\""), "Bad", "criteria.comparisonOperator",
                        "an ML behavior"),
                // metricDimension
                Arguments.of("{\"name\":\"Bad\",\"metric\":\"my_metric\",\"metricDimension\":{\"dimensionName\":"
                        + "\"TopicFilter\"},\"criteria\":{\"comparisonOperator\":\"less-than\",\"value\":{\"number\":1}}}",
                        "Bad", "metricDimension", "can't be used with custom metrics"),
                Arguments.of("{\"name\":\"Bad\",\"metric\":\"aws:num-messages-sent\",\"metricDimension\":"
                        + "{\"dimensionName\":\"TopicFilter\",\"operator\":\"EQUALS\"},\"criteria\":{}}", "Bad",
                        "metricDimension.operator", "\"EQUALS\" is not IN or NOT_IN"));
    }

    @ParameterizedTest(name = "[{index}] {2}: {3}")
    @MethodSource("invalid")
    void anInvalidBehaviorIsRejectedAloneNamingFieldAndRule(String behavior, String name, String field, String rule) {
        LoadedProfiles loaded = new ProfileLoader(StatisticalMode.UNSUPPORTED).loadDocument(
                json("[" + GOOD + "," + behavior + "]"), "test.json", "p");

        LoadedProfile p = loaded.profiles().get(0);
        assertEquals(List.of("Good"), p.evaluable().stream().map(Behavior::name).toList(), "the rest loads");
        assertEquals(1, p.rejected().size());
        SkippedBehavior rejected = p.rejected().get(0);
        assertEquals(name, rejected.name());
        assertEquals(field, rejected.field());
        assertTrue(rejected.reason().contains(rule), rejected.reason());
        ProfileProblem problem = loaded.problems().get(0);
        assertEquals(new ProfileProblem(ProfileProblem.Kind.BEHAVIOR_REJECTED, "test.json", "p", name, field,
                rejected.reason()), problem);
        assertEquals(1, loaded.problems().size());
    }

    static Stream<Arguments> unsupported() {
        return Stream.of(
                Arguments.of(b("aws:num-authorization-failures", "\"comparisonOperator\":\"less-than\","
                        + "\"value\":{\"count\":5},\"durationSeconds\":300"), "metric", "cloud-side metric"),
                Arguments.of(b("aws:source-ip-address", "\"comparisonOperator\":\"in-cidr-set\","
                        + "\"value\":{\"cidrs\":[\"10.0.0.0/8\"]}"), "metric", "cloud-side metric"),
                Arguments.of(b("aws:future-metric", "\"comparisonOperator\":\"less-than\",\"value\":{\"count\":5}"),
                        "metric", "not a device-side metric Watchpost collects"),
                Arguments.of("{\"name\":\"Bad\",\"metric\":\"aws:num-messages-sent\",\"metricDimension\":"
                        + "{\"dimensionName\":\"TopicFilter\",\"operator\":\"IN\"},\"criteria\":{\"comparisonOperator\":"
                        + "\"less-than\",\"value\":{\"count\":5},\"durationSeconds\":300}}", "metricDimension",
                        "narrows a cloud-side metric"),
                Arguments.of(b("aws:all-bytes-out", "\"mlDetectionConfig\":{\"confidenceLevel\":\"HIGH\"}"),
                        "criteria.mlDetectionConfig", "ML Detect needs a fleet's data"),
                Arguments.of(b("aws:all-bytes-out", "\"comparisonOperator\":\"less-than\",\"durationSeconds\":300,"
                        + "\"statisticalThreshold\":{\"statistic\":\"p99.9\"}"), "criteria.statisticalThreshold",
                        "set StatisticalMode: self-baseline"));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("unsupported")
    void aValidBehaviorTheDeviceCannotEvaluateIsKeptUnsupportedWithOneWarn(String behavior, String field,
                                                                           String reason) {
        LoadedProfiles loaded = new ProfileLoader(StatisticalMode.UNSUPPORTED).loadDocument(
                json("[" + GOOD + "," + behavior + "]"), "test.json", "p");

        LoadedProfile p = loaded.profiles().get(0);
        assertEquals(List.of("Good"), p.evaluable().stream().map(Behavior::name).toList());
        assertTrue(p.rejected().isEmpty(), p.rejected().toString());
        assertEquals(List.of("Good", "Bad"), p.profile().behaviors().stream().map(Behavior::name).toList());
        SkippedBehavior u = p.unsupported().get(0);
        assertEquals(field, u.field());
        assertTrue(u.reason().contains(reason), u.reason());
        assertEquals(List.of(ProfileProblem.Kind.BEHAVIOR_UNSUPPORTED),
                loaded.problems().stream().map(ProfileProblem::kind).toList());
        assertTrue(!loaded.hasErrors());
    }

    @Test
    void selfBaselineMakesStatisticalBehaviorsOnDeviceMetricsEvaluable() {
        Object doc = json("[" + b("aws:all-bytes-out", "\"comparisonOperator\":\"less-than\",\"durationSeconds\":300,"
                + "\"statisticalThreshold\":{\"statistic\":\"p99.9\"}") + "]");

        LoadedProfile p = new ProfileLoader(StatisticalMode.SELF_BASELINE).loadDocument(doc, "t", "p").profiles()
                .get(0);

        assertEquals("p99.9", p.evaluable().get(0).criteria().statistic());
        assertTrue(p.unsupported().isEmpty());
    }

    @Test
    void cloudFormationAllowsAverageAndAStringCount() {
        Object doc = json("{\"SecurityProfileName\":\"p\",\"Behaviors\":[{\"Name\":\"A\",\"Metric\":\"aws:all-bytes-in\","
                + "\"Criteria\":{\"ComparisonOperator\":\"less-than\",\"DurationSeconds\":300,\"StatisticalThreshold\":"
                + "{\"Statistic\":\"Average\"}}},{\"Name\":\"B\",\"Metric\":\"aws:all-bytes-in\",\"Criteria\":"
                + "{\"ComparisonOperator\":\"less-than\",\"DurationSeconds\":300,\"Value\":{\"Count\":\"12x\"}}}]}");

        LoadedProfile p = new ProfileLoader(StatisticalMode.SELF_BASELINE).loadDocument(doc, "t", null).profiles()
                .get(0);

        assertEquals("Average", p.evaluable().get(0).criteria().statistic());
        assertEquals("Criteria.Value.Count", p.rejected().get(0).field(), "errors spell the input's keys");
        assertTrue(p.rejected().get(0).reason().contains("\"12x\" must be a whole number"));
    }

    @Test
    void anEmptyListAndAHostAddressWithoutPrefixAreValid() {
        Object doc = json("[" + b("aws:listening-tcp-ports", "\"comparisonOperator\":\"in-port-set\","
                + "\"value\":{\"ports\":[]}") + ",{\"name\":\"C\",\"metric\":\"aws:destination-ip-addresses\","
                + "\"criteria\":{\"comparisonOperator\":\"not-in-cidr-set\",\"value\":{\"cidrs\":[\"192.0.2.7\","
                + "\"::ffff:198.51.100.0/120\"]}}}]");

        LoadedProfile p = new ProfileLoader(StatisticalMode.UNSUPPORTED).loadDocument(doc, "t", "p").profiles().get(0);

        assertEquals(2, p.evaluable().size(), p.rejected().toString());
    }
}
