package io.watchpost.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Watchpost's validator and suggester against AWS's own IoT API model (python3-botocore): what Watchpost accepts or
 * prints, AWS accepts; what AWS refuses for types, ranges, patterns and enums, Watchpost rejects too. (The model does
 * not know the operator x metric matrix or the durationSeconds values; those rules have only the table tests.)
 */
class BotocoreOracleTest {
    private static final ProfileLoader LOADER = new ProfileLoader(StatisticalMode.SELF_BASELINE);

    @BeforeAll
    static void needsBotocore() {
        Assumptions.assumeTrue(BotocoreOracle.available(),
                "python3-botocore is not installed (apt-get install python3-botocore; .ci/run does)");
    }

    private static Map<String, Object> request(Object behavior) {
        return Map.of("securityProfileName", "p", "behaviors", List.of(behavior));
    }

    @Test
    void whatWatchpostAcceptsAndPrintsAwsAccepts() throws Exception {
        Map<String, Object> requests = new LinkedHashMap<>();
        for (String shape : List.of("cli-input.json", "describe-output.json", "edge-baseline.json",
                "cfn-resource.json", "cfn-properties.json")) {
            LoadedProfiles loaded = LOADER.loadFile(ProfileLoaderTest.shape(shape));
            requests.put("loaded-" + shape, ProfileFormat.CLI.document(loaded.profiles().get(0).profile()));
        }
        ProfileSuggester.Suggestion s = new ProfileSuggester(ProfileSuggester.Options.defaults("gw-01"))
                .suggest(Histories.gateway());
        requests.put("suggested-cli", BehaviorValidationTest.json(ProfileFormat.CLI.text(s.profile())));
        requests.put("suggested-behaviors", Map.of("securityProfileName", "gw-01", "behaviors",
                BehaviorValidationTest.json(ProfileFormat.BEHAVIORS.text(s.profile()))));
        int i = 0;
        for (Arguments a : BehaviorValidationTest.unsupported().toList()) {
            Object raw = BehaviorValidationTest.json((String) a.get()[0]);
            LoadedProfiles loaded = LOADER.loadDocument(List.of(raw), "t", "p");
            assertTrue(loaded.profiles().get(0).rejected().isEmpty(), (String) a.get()[0]);
            requests.put("unsupported-" + i++, request(raw));
        }

        Map<String, String> verdicts = BotocoreOracle.judge(requests);

        assertEquals(requests.size(), verdicts.size());
        verdicts.forEach((id, verdict) -> assertEquals("OK", verdict, id));
    }

    /** Behaviors both must refuse: each breaks a constraint of the API model. */
    private static final List<String> INVALID_FOR_BOTH = List.of(
            "{\"name\":\"has space\",\"metric\":\"aws:listening-tcp-ports\",\"criteria\":{\"comparisonOperator\":"
                    + "\"in-port-set\",\"value\":{\"ports\":[1]}}}",
            "{\"name\":\"" + "n".repeat(129) + "\",\"metric\":\"aws:listening-tcp-ports\",\"criteria\":"
                    + "{\"comparisonOperator\":\"in-port-set\",\"value\":{\"ports\":[1]}}}",
            "{\"metric\":\"aws:listening-tcp-ports\",\"criteria\":{\"comparisonOperator\":\"in-port-set\","
                    + "\"value\":{\"ports\":[1]}}}",
            "{\"name\":\"a\",\"metric\":\"aws:listening-tcp-ports\",\"critera\":{}}",
            "{\"name\":\"a\",\"metric\":\"aws:listening-tcp-ports\",\"suppressAlerts\":\"yes\",\"criteria\":"
                    + "{\"comparisonOperator\":\"in-port-set\",\"value\":{\"ports\":[1]}}}",
            "{\"name\":\"a\",\"metric\":\"aws:listening-tcp-ports\",\"criteria\":{\"comparisonOperator\":\"equals\","
                    + "\"value\":{\"ports\":[1]}}}",
            "{\"name\":\"a\",\"metric\":\"aws:listening-tcp-ports\",\"criteria\":{\"comparisonOperator\":"
                    + "\"in-port-set\",\"value\":{\"ports\":[65536]}}}",
            "{\"name\":\"a\",\"metric\":\"aws:listening-tcp-ports\",\"criteria\":{\"comparisonOperator\":"
                    + "\"in-port-set\",\"value\":{\"ports\":[-1]}}}",
            "{\"name\":\"a\",\"metric\":\"aws:listening-tcp-ports\",\"criteria\":{\"comparisonOperator\":"
                    + "\"in-port-set\",\"value\":{\"ports\":[\"22\"]}}}",
            "{\"name\":\"a\",\"metric\":\"aws:all-bytes-in\",\"criteria\":{\"comparisonOperator\":\"less-than\","
                    + "\"durationSeconds\":300,\"value\":{\"count\":-1}}}",
            "{\"name\":\"a\",\"metric\":\"aws:all-bytes-in\",\"criteria\":{\"comparisonOperator\":\"less-than\","
                    + "\"durationSeconds\":300,\"value\":{\"count\":\"5\"}}}",
            "{\"name\":\"a\",\"metric\":\"aws:all-bytes-in\",\"criteria\":{\"comparisonOperator\":\"less-than\","
                    + "\"durationSeconds\":300,\"value\":{\"count\":5,\"size\":1}}}",
            "{\"name\":\"a\",\"metric\":\"aws:listening-tcp-ports\",\"criteria\":{\"comparisonOperator\":"
                    + "\"in-port-set\",\"value\":{\"ports\":[1]},\"consecutiveDatapointsToAlarm\":0}}",
            "{\"name\":\"a\",\"metric\":\"aws:listening-tcp-ports\",\"criteria\":{\"comparisonOperator\":"
                    + "\"in-port-set\",\"value\":{\"ports\":[1]},\"consecutiveDatapointsToClear\":11}}",
            "{\"name\":\"a\",\"metric\":\"aws:destination-ip-addresses\",\"criteria\":{\"comparisonOperator\":"
                    + "\"in-cidr-set\",\"value\":{\"cidrs\":[\"1\"]}}}",
            "{\"name\":\"a\",\"metric\":\"aws:destination-ip-addresses\",\"criteria\":{\"comparisonOperator\":"
                    + "\"in-cidr-set\",\"value\":{\"cidrs\":[\"2001:0db8:0000:0000:0000:0000:0000:0001/128x\"]}}}",
            "{\"name\":\"a\",\"metric\":\"aws:destination-ip-addresses\",\"criteria\":{\"comparisonOperator\":"
                    + "\"in-cidr-set\",\"value\":{\"cidrs\":[\"host.example/32\"]}}}",
            "{\"name\":\"a\",\"metric\":\"aws:all-bytes-out\",\"criteria\":{\"comparisonOperator\":\"less-than\","
                    + "\"durationSeconds\":300,\"statisticalThreshold\":{\"statistic\":\"p95\"}}}",
            "{\"name\":\"a\",\"metric\":\"aws:all-bytes-out\",\"criteria\":{\"mlDetectionConfig\":"
                    + "{\"confidenceLevel\":\"SURE\"}}}",
            "{\"name\":\"a\",\"metric\":\"aws:num-messages-sent\",\"metricDimension\":{\"dimensionName\":"
                    + "\"TopicFilter\",\"operator\":\"EQUALS\"},\"criteria\":{\"comparisonOperator\":\"less-than\","
                    + "\"durationSeconds\":300,\"value\":{\"count\":1}}}",
            "{\"name\":\"a\",\"metric\":\"aws:num-messages-sent\",\"metricDimension\":{\"operator\":\"IN\"},"
                    + "\"criteria\":{\"comparisonOperator\":\"less-than\",\"durationSeconds\":300,"
                    + "\"value\":{\"count\":1}}}");

    @Test
    void whatAwsRefusesWatchpostRejectsNamingTheBehavior() throws Exception {
        Map<String, Object> requests = new LinkedHashMap<>();
        for (int i = 0; i < INVALID_FOR_BOTH.size(); i++) {
            Object raw = BehaviorValidationTest.json(INVALID_FOR_BOTH.get(i));
            LoadedProfile p = LOADER.loadDocument(List.of(raw), "t", "p").profiles().get(0);
            assertEquals(1, p.rejected().size(), INVALID_FOR_BOTH.get(i));
            requests.put("invalid-" + i, request(raw));
        }

        Map<String, String> verdicts = BotocoreOracle.judge(requests);

        assertEquals(requests.size(), verdicts.size());
        verdicts.forEach((id, verdict) -> assertTrue(verdict.startsWith("ERR "), id + " " + verdict));
    }
}
