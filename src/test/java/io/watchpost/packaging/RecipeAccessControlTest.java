package io.watchpost.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.watchpost.config.DetectSettings;
import io.watchpost.config.Settings;
import io.watchpost.config.ReportFormat;
import io.watchpost.runtime.Topics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Least privilege: the recipe grants each IPC operation on exactly the topics the code uses, one policy per operation,
 * so publishing is never allowed on a reply topic.
 */
class RecipeAccessControlTest {
    private static final String MQTT_PROXY = "aws.greengrass.ipc.mqttproxy";
    private static final String PUBSUB = "aws.greengrass.ipc.pubsub";
    private static final String PUBLISH_TO_IOT_CORE = "aws.greengrass#PublishToIoTCore";
    private static final String SUBSCRIBE_TO_IOT_CORE = "aws.greengrass#SubscribeToIoTCore";
    private static final String SUBSCRIBE_TO_TOPIC = "aws.greengrass#SubscribeToTopic";
    private static final String PUBLISH_TO_TOPIC = "aws.greengrass#PublishToTopic";
    /** The default DetectEventsTopic for any thing: MQTT "+" for mqttproxy, glob "*" for local pub/sub. */
    private static final String DETECT_EVENTS_MQTT = DetectSettings.defaults().eventsTopic("+");
    private static final String DETECT_EVENTS_PUBSUB = DetectSettings.defaults().eventsTopic("*");

    /** "+" is the MQTT wildcard the nucleus matches the thing name with (MQTT-style resource matching). */
    private static final Topics ANY_THING = new Topics("+");

    private final JsonNode accessControl =
            ProjectFiles.defaultConfiguration(ProjectFiles.recipe()).path("accessControl");

    @Test
    void onlyMqttProxyAndLocalPubSubAreGranted() {
        Set<String> services = new HashSet<>();
        accessControl.fieldNames().forEachRemaining(services::add);
        assertEquals(Set.of(MQTT_PROXY, PUBSUB), services);
    }

    @Test
    void mqttProxyGrantsOnlyPublishAndSubscribe() {
        assertEquals(Set.of(PUBLISH_TO_IOT_CORE, SUBSCRIBE_TO_IOT_CORE), grantsByOperation(MQTT_PROXY).keySet());
    }

    @Test
    void publishIsGrantedOnExactlyTheReportTopicsOfBothFormatsAndTheDetectEventsTopic() {
        Set<String> expected = new HashSet<>(Set.of(DETECT_EVENTS_MQTT));
        for (ReportFormat format : ReportFormat.values()) {
            expected.add(ANY_THING.metrics(format));
        }
        assertEquals(expected, grantsByOperation(MQTT_PROXY).get(PUBLISH_TO_IOT_CORE));
    }

    @Test
    void subscribeIsGrantedOnExactlyTheAcceptedAndRejectedTopicsOfBothFormats() {
        Set<String> expected = new HashSet<>();
        for (ReportFormat format : ReportFormat.values()) {
            expected.add(ANY_THING.accepted(format));
            expected.add(ANY_THING.rejected(format));
        }
        assertEquals(expected, grantsByOperation(MQTT_PROXY).get(SUBSCRIBE_TO_IOT_CORE));
    }

    @Test
    void localPubSubGrantsSubscribeOnTheCustomMetricsTopicAndPublishOnTheDetectEventsTopic() {
        assertEquals(Map.of(SUBSCRIBE_TO_TOPIC, Set.of(Settings.defaults().customMetricsTopic()),
                PUBLISH_TO_TOPIC, Set.of(DETECT_EVENTS_PUBSUB)), grantsByOperation(PUBSUB));
        assertEquals("watchpost/things/+/detect/events", DETECT_EVENTS_MQTT);
    }

    @Test
    void everyPolicyGrantsExactlyOneOperationAndSaysWhy() {
        for (String service : List.of(MQTT_PROXY, PUBSUB)) {
            accessControl.path(service).properties().forEach(policy -> {
                assertEquals(1, policy.getValue().path("operations").size(),
                        service + " policy " + policy.getKey() + " must grant one operation");
                assertTrue(policy.getKey().startsWith(ProjectFiles.COMPONENT_NAME + ":"),
                        "policy ids are unique across components: " + policy.getKey());
                assertFalse(policy.getValue().path("policyDescription").asText().isBlank(),
                        "policy " + policy.getKey() + " needs a policyDescription");
            });
        }
    }

    /** operation -> every resource granted for it, across the service's policies. */
    private Map<String, Set<String>> grantsByOperation(String service) {
        Map<String, Set<String>> grants = new HashMap<>();
        accessControl.path(service).properties().forEach(policy -> {
            for (JsonNode operation : policy.getValue().path("operations")) {
                Set<String> resources = grants.computeIfAbsent(operation.asText(), k -> new HashSet<>());
                policy.getValue().path("resources").forEach(r -> resources.add(r.asText()));
            }
        });
        return grants;
    }
}
