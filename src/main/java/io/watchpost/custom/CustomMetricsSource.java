package io.watchpost.custom;

import io.watchpost.config.Settings;
import io.watchpost.log.EventLog;
import io.watchpost.report.CustomMetricValue;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The custom metrics of the next report: the configured built-ins plus the latest values other components sent.
 *
 * <p>A name sent by another component that is also an <em>enabled</em> built-in is not taken: the built-in wins, even in
 * a cycle where the built-in has no value (the first CPU sample), so a component can never stand in for Watchpost's own
 * measurement. That is logged once at WARN while the collision lasts. A built-in name that is not enabled is free for
 * other components to use.
 */
public final class CustomMetricsSource {
    private final BuiltInMetrics builtIns;
    private final CustomMetricInbox inbox;
    private final EventLog log;
    private final Set<String> reportedCollisions = new HashSet<>();

    public CustomMetricsSource(BuiltInMetrics builtIns, CustomMetricInbox inbox, EventLog log) {
        this.builtIns = Objects.requireNonNull(builtIns, "builtIns");
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Measures the built-ins under {@code settings.procRoot()} and merges the inbox; sorted by name. */
    public synchronized SortedMap<String, CustomMetricValue> next(Settings settings) {
        SortedMap<String, CustomMetricValue> metrics = new TreeMap<>(builtIns.sample(settings.procRoot(), settings));
        Set<String> enabledBuiltIns = Set.copyOf(settings.customMetrics());
        Set<String> collisions = new HashSet<>();
        for (Map.Entry<String, CustomMetricValue> e : inbox.snapshot().entrySet()) {
            String name = e.getKey();
            if (enabledBuiltIns.contains(name)) {
                collisions.add(name);
                if (reportedCollisions.add(name)) {
                    log.warn("custom_metric_shadowed", "name", name,
                            "reason", "another component sends a metric with the name of an enabled built-in metric;"
                                    + " the built-in value is reported");
                }
                continue;
            }
            metrics.put(name, e.getValue());
        }
        reportedCollisions.retainAll(collisions);
        return metrics;
    }
}
