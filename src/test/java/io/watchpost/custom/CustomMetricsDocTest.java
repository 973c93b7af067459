package io.watchpost.custom;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The user documentation stays in step with the code: every built-in metric with its exact definition command. */
class CustomMetricsDocTest {
    @Test
    void docListsEveryBuiltInMetricWithItsCreateCommand() throws Exception {
        String doc = Files.readString(Path.of("docs/custom-metrics.md"));
        for (BuiltInMetric m : BuiltInMetric.values()) {
            assertTrue(doc.contains("| `" + m.metricName() + "` | " + m.type().apiName() + " |"),
                    "table row for " + m.metricName());
            assertTrue(doc.contains(m.createCommand()), "command for " + m.metricName());
        }
    }

    @Test
    void readmeGivesTheCreateCommandOfEveryBuiltInMetric() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (BuiltInMetric m : BuiltInMetric.values()) {
            assertTrue(readme.contains(m.createCommand()), "README command for " + m.metricName());
        }
    }

    @Test
    void deployingGuideNamesEveryBuiltInMetricInItsCustomMetricsRow() throws Exception {
        String row = Files.readString(Path.of("docs/deploying.md")).lines()
                .filter(l -> l.startsWith("| `CustomMetrics` |")).findFirst().orElseThrow();
        for (BuiltInMetric m : BuiltInMetric.values()) {
            assertTrue(row.contains("`" + m.metricName() + "`"), m.metricName() + " in " + row);
        }
    }
}
