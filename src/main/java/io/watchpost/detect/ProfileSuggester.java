package io.watchpost.detect;

import io.watchpost.custom.CustomMetricRules;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Suggests a Security Profile from a {@link LearningHistory} (docs/detect.md, "suggest-profile"). The thresholds are
 * Watchpost's heuristics, not AWS guidance: AWS only advises to start low, look at the metrics and fine-tune. Every
 * suggestion is checked by {@link ProfileLoader} in each output shape before it is returned.
 */
public final class ProfileSuggester {
    /**
     * @param name                 {@code securityProfileName}
     * @param minPresence          share of samples a port must be seen in to be allowed (0.05: 5 %)
     * @param countHeadroom        counts allow at least the maximum seen plus this
     * @param countHeadroomPercent ... and at least the maximum seen plus this percentage
     * @param windowFactor         byte/packet windows allow p99.9 of the windows seen times this
     * @param maxCidrs             a destination rule with more CIDRs than this is not suggested
     * @param datapoints           consecutiveDatapointsToAlarm and ToClear of every behavior
     */
    public record Options(String name, double minPresence, int countHeadroom, int countHeadroomPercent,
                          double windowFactor, int maxCidrs, int datapoints) {
        public static final String DEFAULT_NAME = "watchpost-suggested";

        public static Options defaults(String name) {
            return new Options(name, 0.05, 2, 25, 1.5, 100, 2);
        }
    }

    /** The profile, and what was left out and why (also summarised in the profile's description). */
    public record Suggestion(SecurityProfile profile, List<String> notes) {
        public Suggestion {
            notes = List.copyOf(notes);
        }
    }

    private static final int MAX_DESCRIPTION = 1000;
    private static final MathContext FIFTEEN_DIGITS = new MathContext(15, RoundingMode.CEILING);

    private final Options options;

    public ProfileSuggester(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        if (!BehaviorReader.NAME.matcher(options.name()).matches()) {
            throw new IllegalArgumentException("profile name \"" + options.name() + "\" " + BehaviorReader.NAME_RULE);
        }
    }

    /**
     * @throws IllegalArgumentException when the history holds no samples
     * @throws IllegalStateException    when the suggestion fails Watchpost's own validation (a bug)
     */
    public Suggestion suggest(LearningHistory h) {
        if (h.samples() == 0) {
            throw new IllegalArgumentException("the learning history holds no samples");
        }
        List<Behavior> behaviors = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        ports(h, DeviceMetric.LISTENING_TCP_PORTS, "TCP", h.tcpPorts(), behaviors, notes);
        ports(h, DeviceMetric.LISTENING_UDP_PORTS, "UDP", h.udpPorts(), behaviors, notes);
        if (h.destinationsTruncated()) {
            notes.add("More than " + LearningHistory.MAX_ADDRESSES + " distinct destinations: no destination rule.");
        } else if (h.destinations().isEmpty()) {
            notes.add("No established connections observed: no destination rule.");
        } else {
            cidrSet(DeviceMetric.DESTINATION_IP_ADDRESSES.wireName(), h.destinations().keySet(), behaviors, notes);
        }
        count(DeviceMetric.NUM_LISTENING_TCP_PORTS, h.maxListeningTcp(), behaviors);
        count(DeviceMetric.NUM_LISTENING_UDP_PORTS, h.maxListeningUdp(), behaviors);
        count(DeviceMetric.NUM_ESTABLISHED_TCP_CONNECTIONS, h.maxEstablished(), behaviors);
        windows(h, behaviors, notes);
        custom(h, behaviors, notes);

        SecurityProfile profile = new SecurityProfile(options.name(), description(h, notes), behaviors);
        selfCheck(profile);
        return new Suggestion(profile, notes);
    }

    private void ports(LearningHistory h, DeviceMetric metric, String protocol, Map<Integer, Long> seen,
                       List<Behavior> out, List<String> notes) {
        if (h.portsTruncated()) {
            notes.add("More than " + LearningHistory.MAX_PORTS + " distinct listening ports: no " + protocol
                    + " port rule.");
            return;
        }
        List<Integer> allowed = new ArrayList<>();
        List<Integer> once = new ArrayList<>();
        List<Integer> rare = new ArrayList<>();
        for (Map.Entry<Integer, Long> e : seen.entrySet()) {
            long n = e.getValue();
            if (n == 1 && h.samples() > 1) {
                once.add(e.getKey());
            } else if (n < options.minPresence() * h.samples()) {
                rare.add(e.getKey());
            } else {
                allowed.add(e.getKey());
            }
        }
        if (!once.isEmpty()) {
            notes.add(protocol + " ports observed once, excluded: " + join(once) + ".");
        }
        if (!rare.isEmpty()) {
            notes.add(protocol + " ports seen in under " + percent(options.minPresence()) + " of samples, excluded: "
                    + join(rare) + ".");
        }
        out.add(behavior(metric.wireName(), new Criteria(ComparisonOperator.IN_PORT_SET,
                MetricValue.ofPorts(allowed), null, null, null, null, null)));
    }

    /** Hosts as /32 (/128), merged into their /24 (/64) where at least 4 hosts share it. */
    private void cidrSet(String metric, Iterable<String> addresses, List<Behavior> out, List<String> notes) {
        Map<Cidr, List<Cidr>> byNetwork = new TreeMap<>(CIDR_ORDER);
        for (String a : addresses) {
            Cidr host;
            try {
                host = Cidr.parse(a);
            } catch (IllegalArgumentException e) {
                notes.add(metric + ": \"" + a + "\" is not an address, skipped.");
                continue;
            }
            byNetwork.computeIfAbsent(host.widen(host.ipv4() ? 24 : 64), k -> new ArrayList<>()).add(host);
        }
        List<String> cidrs = new ArrayList<>();
        for (Map.Entry<Cidr, List<Cidr>> e : byNetwork.entrySet()) {
            if (e.getValue().size() >= 4) {
                cidrs.add(e.getKey().text());
            } else {
                e.getValue().stream().sorted(CIDR_ORDER).forEach(c -> cidrs.add(c.text()));
            }
        }
        if (cidrs.size() > options.maxCidrs()) {
            notes.add(metric + ": " + cidrs.size() + " CIDRs after merging, more than " + options.maxCidrs()
                    + ": no rule suggested.");
            return;
        }
        out.add(behavior(metric, new Criteria(ComparisonOperator.IN_CIDR_SET, MetricValue.ofCidrs(cidrs), null, null,
                null, null, null)));
    }

    private static final Comparator<Cidr> CIDR_ORDER = Comparator.comparing((Cidr c) -> !c.ipv4())
            .thenComparing(Cidr::high, Long::compareUnsigned).thenComparing(Cidr::low, Long::compareUnsigned)
            .thenComparingInt(Cidr::prefix);

    private void count(DeviceMetric metric, long max, List<Behavior> out) {
        if (max < 0) {
            return;
        }
        long headroom = Math.max(options.countHeadroom(), (max * options.countHeadroomPercent() + 99) / 100);
        out.add(behavior(metric.wireName(), new Criteria(ComparisonOperator.LESS_THAN_EQUALS,
                MetricValue.ofCount(max + headroom), null, null, null, null, null)));
    }

    private void windows(LearningHistory h, List<Behavior> out, List<String> notes) {
        List<long[]> windows = h.windows();
        if (windows.isEmpty()) {
            notes.add("No complete " + LearningHistory.WINDOW_SECONDS + " s window observed: no byte or packet rules.");
            return;
        }
        DeviceMetric[] metrics = {DeviceMetric.ALL_BYTES_IN, DeviceMetric.ALL_BYTES_OUT, DeviceMetric.ALL_PACKETS_IN,
                DeviceMetric.ALL_PACKETS_OUT};
        for (int m = 0; m < metrics.length; m++) {
            long[] values = new long[windows.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = windows.get(i)[m];
            }
            Arrays.sort(values);
            long p999 = values[(int) Math.ceil(0.999 * values.length) - 1]; // nearest rank
            long limit = (long) Math.min(Math.ceil(p999 * options.windowFactor()), (double) Long.MAX_VALUE);
            out.add(behavior(metrics[m].wireName(), new Criteria(ComparisonOperator.LESS_THAN_EQUALS,
                    MetricValue.ofCount(limit), LearningHistory.WINDOW_SECONDS, null, null, null, null)));
        }
    }

    private void custom(LearningHistory h, List<Behavior> out, List<String> notes) {
        if (h.customTruncated()) {
            notes.add("More than " + LearningHistory.MAX_CUSTOM_METRICS + " custom metrics: the rest have no rule.");
        }
        new TreeMap<>(h.custom()).forEach((name, s) -> { // by name: the same history, the same output
            if (!BehaviorReader.NAME.matcher(name).matches() || name.toLowerCase().startsWith("aws:")
                    || out.stream().anyMatch(b -> b.name().equals(name))) {
                notes.add("Custom metric \"" + name + "\" cannot name a behavior: no rule.");
                return;
            }
            if (s.truncated()) {
                notes.add("Custom metric " + name + " has more than " + LearningHistory.MAX_CUSTOM_VALUES
                        + " distinct values: no rule.");
                return;
            }
            switch (s.type()) {
                case LearningHistory.NUMBER -> {
                    if (s.max() == null) {
                        return;
                    }
                    BigDecimal limit = BehaviorReader.normalised(s.max().add(s.max().abs()
                            .multiply(new BigDecimal("0.25"))).round(FIFTEEN_DIGITS));
                    out.add(behavior(name, new Criteria(ComparisonOperator.LESS_THAN_EQUALS,
                            MetricValue.ofNumber(limit), null, null, null, null, null)));
                }
                case LearningHistory.NUMBER_LIST -> out.add(behavior(name, new Criteria(ComparisonOperator.IN_SET,
                        MetricValue.ofNumbers(s.values().keySet().stream().map(BigDecimal::new)
                                .map(BehaviorReader::normalised).sorted().toList()),
                        null, null, null, null, null)));
                case LearningHistory.STRING_LIST -> {
                    List<String> allowed = new ArrayList<>();
                    List<String> refused = new ArrayList<>();
                    s.values().keySet().forEach(v -> (CustomMetricRules.isStringListEntry(v) ? allowed : refused)
                            .add(v));
                    if (!refused.isEmpty()) {
                        notes.add("Custom metric " + name + ": " + refused.size() + " values outside AWS's"
                                + " string-list characters (letters, digits, : _ - / .) left out.");
                    }
                    out.add(behavior(name, new Criteria(ComparisonOperator.IN_SET, MetricValue.ofStrings(allowed),
                            null, null, null, null, null)));
                }
                default -> cidrSet(name, s.values().keySet(), out, notes);
            }
        });
    }

    private Behavior behavior(String metric, Criteria c) {
        String name = metric.startsWith("aws:") ? metric.substring(4) : metric;
        Criteria withDatapoints = new Criteria(c.comparisonOperator(), c.value(), c.durationSeconds(),
                options.datapoints(), options.datapoints(), null, null);
        return new Behavior(name, metric, null, withDatapoints, null, null);
    }

    private static String description(LearningHistory h, List<String> notes) {
        StringBuilder sb = new StringBuilder("Suggested by watchpost suggest-profile from ").append(h.samples())
                .append(h.samples() == 1 ? " sample" : " samples");
        if (h.first() != null && h.last() != null) {
            sb.append(" over ").append(Duration.between(h.first(), h.last()).toSeconds()).append(" s (")
                    .append(h.first().truncatedTo(ChronoUnit.SECONDS)).append(" to ")
                    .append(h.last().truncatedTo(ChronoUnit.SECONDS)).append(')');
        }
        sb.append('.');
        notes.forEach(n -> sb.append(' ').append(n));
        // AWS: at most 1000 characters of [\p{Graph}\x20]
        String text = sb.toString().replaceAll("[^\\x21-\\x7e ]", "?");
        return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION - 3) + "...";
    }

    /** Every output shape must load back to the same behaviors without a problem. */
    private static void selfCheck(SecurityProfile profile) {
        ProfileLoader loader = new ProfileLoader(StatisticalMode.UNSUPPORTED);
        for (ProfileFormat format : ProfileFormat.values()) {
            LoadedProfiles loaded = loader.loadDocument(format.document(profile), "suggestion", profile.name());
            if (!loaded.problems().isEmpty() || loaded.profiles().size() != 1
                    || !loaded.profiles().get(0).evaluable().equals(profile.behaviors())) {
                throw new IllegalStateException("the suggested profile fails Watchpost's validation in the "
                        + format.optionName() + " shape: " + loaded.problems().stream().map(ProfileProblem::describe)
                        .collect(Collectors.joining("; ")));
            }
        }
    }

    private static String join(List<Integer> ports) {
        return ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String percent(double share) {
        return BigDecimal.valueOf(share * 100).stripTrailingZeros().toPlainString() + " %";
    }

}
