package io.watchpost.detect;

import io.watchpost.json.JsonValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one element of {@code behaviors[]} into a {@link Behavior}, checking it as AWS's
 * {@code ValidateSecurityProfileBehaviors} does (docs/detect.md, "Validation rules"), and classifies a valid behavior
 * as evaluable or unsupported-on-device. The first broken rule rejects the behavior; nothing here logs.
 */
final class BehaviorReader {
    /** How the input spells its keys: the API's camelCase, or CloudFormation's PascalCase with a string Count. */
    enum Naming {
        API, CLOUDFORMATION;

        String key(String camel) {
            return this == API ? camel : Character.toUpperCase(camel.charAt(0)) + camel.substring(1);
        }
    }

    /** A valid behavior; {@code unsupportedReason} is null when the device evaluates it. */
    record Outcome(Behavior behavior, String unsupportedField, String unsupportedReason) {
    }

    /** The rule a behavior broke, and the field (as the input spells it) it broke it in. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final String field;

        Invalid(String field, String rule) {
            super(rule, null, false, false);
            this.field = field;
        }

        String field() {
            return field;
        }

        String rule() {
            return getMessage();
        }
    }

    static final int MAX_NAME_LENGTH = 128;
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9:_-]{1," + MAX_NAME_LENGTH + "}");
    static final String NAME_RULE = "must be 1-" + MAX_NAME_LENGTH + " characters of letters, digits, ':', '_' and '-'";
    /** {@code StatisticalThreshold.statistic} in the API model; CloudFormation also allows {@code Average}. */
    static final Pattern STATISTIC = Pattern.compile("p0|p0\\.1|p0\\.01|p1|p10|p50|p90|p99|p99\\.9|p99\\.99|p100");
    private static final Pattern CIDR_CHARS = Pattern.compile("[a-fA-F0-9:./]+");
    private static final Set<String> CONFIDENCE = Set.of("LOW", "MEDIUM", "HIGH");
    private static final List<String> BEHAVIOR_KEYS = List.of("name", "metric", "metricDimension", "criteria",
            "suppressAlerts", "exportMetric");
    private static final List<String> CRITERIA_KEYS = List.of("comparisonOperator", "value", "durationSeconds",
            "consecutiveDatapointsToAlarm", "consecutiveDatapointsToClear", "statisticalThreshold",
            "mlDetectionConfig");
    private static final List<String> VALUE_KEYS = List.of("count", "cidrs", "ports", "number", "numbers", "strings");
    private static final String DURATIONS_TEXT = new TreeSet<>(DeviceMetric.DURATIONS).stream().map(String::valueOf)
            .collect(Collectors.joining(", "));

    private final Naming naming;
    private final StatisticalMode statisticalMode;

    BehaviorReader(Naming naming, StatisticalMode statisticalMode) {
        this.naming = naming;
        this.statisticalMode = statisticalMode;
    }

    /** The kind of metric a behavior names, which fixes its operators and value fields. */
    private enum Kind { DEVICE, CLOUD, UNKNOWN_AWS, CUSTOM }

    Outcome read(Object element) throws Invalid {
        Map<?, ?> b = object(element, null, "a behavior must be an object");
        checkKeys(b, BEHAVIOR_KEYS, "", "a behavior");
        String name = name(b.get(k("name")), k("name"));
        Object metricValue = b.get(k("metric"));
        if (metricValue == null) {
            throw new Invalid(k("metric"), "is required: the aws: metric or custom metric the behavior watches");
        }
        String metric = name(metricValue, k("metric"));
        Boolean suppress = bool(b, "suppressAlerts");
        Boolean export = bool(b, "exportMetric");

        Kind kind = kind(metric);
        MetricDimension dimension = dimension(b.get(k("metricDimension")), kind);

        Object criteriaValue = b.get(k("criteria"));
        if (criteriaValue == null) {
            throw new Invalid(k("criteria"), "is required");
        }
        String c = k("criteria") + ".";
        Map<?, ?> criteria = object(criteriaValue, k("criteria"), "must be an object");
        checkKeys(criteria, CRITERIA_KEYS, c, "criteria");
        Integer toAlarm = datapoints(criteria, c, "consecutiveDatapointsToAlarm");
        Integer toClear = datapoints(criteria, c, "consecutiveDatapointsToClear");
        Object durationValue = criteria.get(k("durationSeconds"));
        Integer duration = durationValue == null ? null
                : (int) wholeNumber(durationValue, c + k("durationSeconds"), 1, Integer.MAX_VALUE);

        Object ml = criteria.get(k("mlDetectionConfig"));
        if (ml != null) {
            String level = mlLevel(ml, c);
            for (String other : List.of("comparisonOperator", "value", "statisticalThreshold")) {
                if (criteria.get(k(other)) != null) {
                    throw new Invalid(c + k(other), "an ML behavior (" + k("mlDetectionConfig")
                            + ") has no comparisonOperator, value or statisticalThreshold");
                }
            }
            if (listMetric(metric, kind)) {
                throw new Invalid(c + k("mlDetectionConfig"), "ML Detect applies to numeric metrics only, not "
                        + metric);
            }
            if (duration != null) {
                checkDuration(duration, c);
            }
            Behavior behavior = new Behavior(name, metric, dimension,
                    new Criteria(null, null, duration, toAlarm, toClear, null, level), suppress, export);
            return new Outcome(behavior, c + k("mlDetectionConfig"), "ML Detect needs a fleet's data (mlDetectionConfig);"
                    + " it is never evaluated on the device");
        }

        Object opValue = criteria.get(k("comparisonOperator"));
        if (opValue == null) {
            throw new Invalid(c + k("comparisonOperator"), "is required (or mlDetectionConfig for an ML behavior)");
        }
        ComparisonOperator op = opValue instanceof String s ? ComparisonOperator.fromWireName(s).orElse(null) : null;
        if (op == null) {
            throw new Invalid(c + k("comparisonOperator"), shown(opValue) + " is not one of "
                    + List.of(ComparisonOperator.values()).stream().map(ComparisonOperator::wireName)
                    .collect(Collectors.joining(", ")));
        }
        List<ComparisonOperator.Family> families = families(metric, kind);
        if (!families.contains(op.family())) {
            throw new Invalid(c + k("comparisonOperator"), op.wireName() + " is not allowed for " + metric
                    + "; it takes " + operatorsOf(families));
        }

        String statistic = null;
        MetricValue threshold = null;
        Object stat = criteria.get(k("statisticalThreshold"));
        if (stat != null) {
            if (criteria.get(k("value")) != null) {
                throw new Invalid(c + k("value"), "a behavior has value or statisticalThreshold, not both");
            }
            if (op.family() != ComparisonOperator.Family.NUMERIC) {
                throw new Invalid(c + k("statisticalThreshold"), "applies to numeric operators only, not "
                        + op.wireName());
            }
            statistic = statistic(stat, c);
            if (duration == null) {
                throw new Invalid(c + k("durationSeconds"), "is required with statisticalThreshold: one of "
                        + DURATIONS_TEXT);
            }
        } else {
            Object v = criteria.get(k("value"));
            if (v == null) {
                throw new Invalid(c + k("value"), "is required with " + op.wireName() + " (or statisticalThreshold)");
            }
            threshold = value(v, c + k("value"), op, kind, metric);
        }

        if (duration != null) {
            if (op.family() != ComparisonOperator.Family.NUMERIC) {
                throw new Invalid(c + k("durationSeconds"), "cannot be used with list-based metrics ("
                        + op.wireName() + ")");
            }
            checkDuration(duration, c);
        } else if (kind == Kind.DEVICE && DeviceMetric.fromWireName(metric).orElseThrow().windowed()) {
            throw new Invalid(c + k("durationSeconds"), "is required for " + metric + ": one of " + DURATIONS_TEXT);
        }

        Behavior behavior = new Behavior(name, metric, dimension,
                new Criteria(op, threshold, duration, toAlarm, toClear, statistic, null), suppress, export);
        return unsupported(behavior, kind, c);
    }

    private Outcome unsupported(Behavior behavior, Kind kind, String c) {
        String metric = behavior.metric();
        if (behavior.metricDimension() != null) {
            return new Outcome(behavior, k("metricDimension"), "metricDimension narrows a cloud-side metric (such as"
                    + " an MQTT topic filter); the device has no such dimension");
        }
        if (kind == Kind.CLOUD) {
            return new Outcome(behavior, k("metric"), metric + " is a cloud-side metric, measured by AWS IoT Core");
        }
        if (kind == Kind.UNKNOWN_AWS) {
            return new Outcome(behavior, k("metric"), metric + " is not a device-side metric Watchpost collects");
        }
        if (behavior.criteria().isStatistical() && statisticalMode != StatisticalMode.SELF_BASELINE) {
            return new Outcome(behavior, c + k("statisticalThreshold"), "statisticalThreshold is a percentile over"
                    + " every device of the profile; set StatisticalMode: self-baseline to evaluate it against this"
                    + " device's own history");
        }
        return new Outcome(behavior, null, null);
    }

    private static Kind kind(String metric) {
        if (DeviceMetric.fromWireName(metric).isPresent()) {
            return Kind.DEVICE;
        }
        if (DeviceMetric.CLOUD_SIDE.contains(metric)) {
            return Kind.CLOUD;
        }
        return metric.toLowerCase(Locale.ROOT).startsWith("aws:") ? Kind.UNKNOWN_AWS : Kind.CUSTOM;
    }

    /** Operator families a metric takes (AWS's operator × value-type matrix). */
    private static List<ComparisonOperator.Family> families(String metric, Kind kind) {
        return switch (kind) {
            case DEVICE -> List.of(DeviceMetric.fromWireName(metric).orElseThrow().family());
            case CLOUD -> List.of(metric.equals("aws:source-ip-address") ? ComparisonOperator.Family.CIDR_SET
                    : ComparisonOperator.Family.NUMERIC);
            case UNKNOWN_AWS -> List.of(ComparisonOperator.Family.values());
            // custom metric types: number, number-list and string-list (in-set), ip-address-list (cidr sets)
            case CUSTOM -> List.of(ComparisonOperator.Family.NUMERIC, ComparisonOperator.Family.CIDR_SET,
                    ComparisonOperator.Family.VALUE_SET);
        };
    }

    private static boolean listMetric(String metric, Kind kind) {
        return (kind == Kind.DEVICE || kind == Kind.CLOUD)
                && !families(metric, kind).contains(ComparisonOperator.Family.NUMERIC);
    }

    private static String operatorsOf(List<ComparisonOperator.Family> families) {
        List<String> ops = new ArrayList<>();
        for (ComparisonOperator op : ComparisonOperator.values()) {
            if (families.contains(op.family())) {
                ops.add(op.wireName());
            }
        }
        return String.join(", ", ops);
    }

    /** The MetricValue fields an operator allows on a metric of this kind (custom numbers use number, aws: count). */
    private static List<String> valueFields(ComparisonOperator op, Kind kind) {
        return switch (op.family()) {
            case NUMERIC -> List.of(kind == Kind.CUSTOM ? "number" : "count");
            case PORT_SET -> List.of("ports");
            case CIDR_SET -> List.of("cidrs");
            case VALUE_SET -> List.of("numbers", "strings");
        };
    }

    private MetricValue value(Object v, String field, ComparisonOperator op, Kind kind, String metric)
            throws Invalid {
        Map<?, ?> value = object(v, field, "must be an object (a MetricValue)");
        checkKeys(value, VALUE_KEYS, field + ".", "a MetricValue");
        List<String> allowed = valueFields(op, kind);
        List<String> present = new ArrayList<>();
        for (String key : VALUE_KEYS) {
            if (value.get(k(key)) != null) {
                present.add(k(key));
            }
        }
        String want = allowed.stream().map(this::k).collect(Collectors.joining(" or "));
        if (present.size() != 1) {
            throw new Invalid(field, (present.isEmpty() ? "has no field" : "has " + present.size() + " fields "
                    + present) + "; " + op.wireName() + " on " + metric + " takes exactly one: " + want);
        }
        String only = present.get(0);
        if (allowed.stream().map(this::k).noneMatch(only::equals)) {
            throw new Invalid(field + "." + only, op.wireName() + " on " + metric + " takes " + want + ", not "
                    + only);
        }
        Object raw = value.get(only);
        String f = field + "." + only;
        return switch (only.toLowerCase(Locale.ROOT)) {
            case "count" -> MetricValue.ofCount(count(raw, f));
            case "ports" -> MetricValue.ofPorts(ports(raw, f));
            case "cidrs" -> MetricValue.ofCidrs(cidrs(raw, f));
            case "number" -> MetricValue.ofNumber(number(raw, f));
            case "numbers" -> MetricValue.ofNumbers(numbers(raw, f));
            default -> MetricValue.ofStrings(strings(raw, f));
        };
    }

    private long count(Object raw, String field) throws Invalid {
        if (raw instanceof String s) {
            if (naming != Naming.CLOUDFORMATION) {
                throw new Invalid(field, "must be a number (a string Count is CloudFormation's form)");
            }
            if (s.isEmpty() || s.length() > 19 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw new Invalid(field, shown(s) + " must be a whole number from 0 to " + Long.MAX_VALUE);
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new Invalid(field, shown(s) + " must be a whole number from 0 to " + Long.MAX_VALUE);
            }
        }
        return wholeNumber(raw, field, 0, Long.MAX_VALUE);
    }

    private List<Integer> ports(Object raw, String field) throws Invalid {
        List<?> list = list(raw, field);
        List<Integer> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add((int) wholeNumber(list.get(i), field + "[" + i + "]", 0, 65535));
        }
        return out;
    }

    private List<String> cidrs(Object raw, String field) throws Invalid {
        List<?> list = list(raw, field);
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            String f = field + "[" + i + "]";
            if (!(list.get(i) instanceof String s)) {
                throw new Invalid(f, "must be a CIDR string, not " + JsonValues.typeName(list.get(i)));
            }
            if (s.length() < Cidr.MIN_TEXT_LENGTH || s.length() > Cidr.MAX_TEXT_LENGTH) {
                throw new Invalid(f, shown(s) + " must be " + Cidr.MIN_TEXT_LENGTH + "-" + Cidr.MAX_TEXT_LENGTH
                        + " characters");
            }
            if (!CIDR_CHARS.matcher(s).matches()) {
                throw new Invalid(f, shown(s) + " must be hex digits, '.', ':' and '/' only");
            }
            try {
                Cidr.parse(s);
            } catch (IllegalArgumentException e) {
                throw new Invalid(f, shown(s) + " is not a CIDR: " + e.getMessage());
            }
            out.add(s);
        }
        return out;
    }

    private static BigDecimal number(Object raw, String field) throws Invalid {
        BigDecimal d;
        if (raw instanceof BigDecimal b) {
            d = b;
        } else if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            d = BigDecimal.valueOf(((Number) raw).longValue());
        } else if (raw instanceof BigInteger b) {
            d = new BigDecimal(b);
        } else if (raw instanceof Double || raw instanceof Float) {
            double x = ((Number) raw).doubleValue();
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                throw new Invalid(field, "must be a finite number");
            }
            d = BigDecimal.valueOf(x);
        } else {
            throw new Invalid(field, "must be a number, not " + JsonValues.typeName(raw));
        }
        double x = d.doubleValue();
        if (Double.isInfinite(x)) {
            throw new Invalid(field, "is outside the range of a double");
        }
        return normalised(d);
    }

    /** Without trailing zeros, and plain where that is short ({@code 120}, not {@code 1.2E+2}): one value, one form. */
    static BigDecimal normalised(BigDecimal d) {
        if (d.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal v = d.stripTrailingZeros();
        return v.scale() < 0 && v.precision() - v.scale() <= 21 ? v.setScale(0) : v;
    }

    private static List<BigDecimal> numbers(Object raw, String field) throws Invalid {
        List<?> list = list(raw, field);
        List<BigDecimal> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            out.add(number(list.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    private static List<String> strings(Object raw, String field) throws Invalid {
        List<?> list = list(raw, field);
        List<String> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s)) {
                throw new Invalid(field + "[" + i + "]", "must be a string, not " + JsonValues.typeName(list.get(i)));
            }
            out.add(s);
        }
        return out;
    }

    private MetricDimension dimension(Object raw, Kind kind) throws Invalid {
        if (raw == null) {
            return null;
        }
        String f = k("metricDimension");
        Map<?, ?> d = object(raw, f, "must be an object with dimensionName");
        checkKeys(d, List.of("dimensionName", "operator"), f + ".", "a metricDimension");
        if (kind == Kind.CUSTOM) {
            throw new Invalid(f, "can't be used with custom metrics");
        }
        Object dn = d.get(k("dimensionName"));
        if (dn == null) {
            throw new Invalid(f + "." + k("dimensionName"), "is required");
        }
        String dimensionName = name(dn, f + "." + k("dimensionName"));
        Object op = d.get(k("operator"));
        if (op != null && !"IN".equals(op) && !"NOT_IN".equals(op)) {
            throw new Invalid(f + "." + k("operator"), shown(op) + " is not IN or NOT_IN");
        }
        return new MetricDimension(dimensionName, (String) op);
    }

    private String mlLevel(Object raw, String c) throws Invalid {
        String f = c + k("mlDetectionConfig");
        Map<?, ?> ml = object(raw, f, "must be an object with confidenceLevel");
        checkKeys(ml, List.of("confidenceLevel"), f + ".", "mlDetectionConfig");
        Object level = ml.get(k("confidenceLevel"));
        if (!(level instanceof String s) || !CONFIDENCE.contains(s)) {
            throw new Invalid(f + "." + k("confidenceLevel"), shown(level) + " is not LOW, MEDIUM or HIGH");
        }
        return s;
    }

    private String statistic(Object raw, String c) throws Invalid {
        String f = c + k("statisticalThreshold");
        Map<?, ?> st = object(raw, f, "must be an object with statistic");
        checkKeys(st, List.of("statistic"), f + ".", "statisticalThreshold");
        Object s = st.get(k("statistic"));
        boolean average = naming == Naming.CLOUDFORMATION && "Average".equals(s);
        if (!(s instanceof String text) || !(STATISTIC.matcher(text).matches() || average)) {
            throw new Invalid(f + "." + k("statistic"), shown(s) + " is not one of p0, p0.1, p0.01, p1, p10, p50,"
                    + " p90, p99, p99.9, p99.99, p100" + (naming == Naming.CLOUDFORMATION ? ", Average" : ""));
        }
        return text;
    }

    private void checkDuration(int duration, String c) throws Invalid {
        if (!DeviceMetric.DURATIONS.contains(duration)) {
            throw new Invalid(c + k("durationSeconds"), duration + " is not one of " + DURATIONS_TEXT);
        }
    }

    private Integer datapoints(Map<?, ?> criteria, String c, String key) throws Invalid {
        Object v = criteria.get(k(key));
        return v == null ? null : (int) wholeNumber(v, c + k(key), 1, 10);
    }

    private Boolean bool(Map<?, ?> b, String key) throws Invalid {
        Object v = b.get(k(key));
        if (v != null && !(v instanceof Boolean)) {
            throw new Invalid(k(key), "must be true or false, not " + shown(v));
        }
        return (Boolean) v;
    }

    private static String name(Object raw, String field) throws Invalid {
        if (!(raw instanceof String s) || !NAME.matcher(s).matches()) {
            throw new Invalid(field, (raw == null ? "is required and " : shown(raw) + " ") + NAME_RULE);
        }
        return s;
    }

    /** A whole number (Greengrass sends configuration numbers as doubles, so 300.0 counts) within a range. */
    static long wholeNumber(Object raw, String field, long min, long max) throws Invalid {
        Long n = null;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            n = ((Number) raw).longValue();
        } else if (raw instanceof BigInteger b && b.bitLength() <= 63) {
            n = b.longValue();
        } else if (raw instanceof Double || raw instanceof Float || raw instanceof BigDecimal) {
            BigDecimal d = raw instanceof BigDecimal b ? b : toDecimal(((Number) raw).doubleValue());
            if (d != null && d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE))
                    <= 0) {
                n = d.longValueExact();
            }
        }
        if (n == null || n < min || n > max) {
            throw new Invalid(field, shown(raw) + " must be a whole number from " + min + " to " + max);
        }
        return n;
    }

    private static BigDecimal toDecimal(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : BigDecimal.valueOf(d);
    }

    private static Map<?, ?> object(Object raw, String field, String rule) throws Invalid {
        if (!(raw instanceof Map<?, ?> map)) {
            throw new Invalid(field, rule + ", not " + JsonValues.typeName(raw));
        }
        return map;
    }

    private static List<?> list(Object raw, String field) throws Invalid {
        if (!(raw instanceof List<?> list)) {
            throw new Invalid(field, "must be an array, not " + JsonValues.typeName(raw));
        }
        return list;
    }

    /** AWS refuses a field it does not know; so does Watchpost, so that a misspelt key is not silently ignored. */
    private void checkKeys(Map<?, ?> map, List<String> known, String prefix, String what) throws Invalid {
        for (Object key : map.keySet()) {
            String text = String.valueOf(key);
            if (known.stream().map(this::k).noneMatch(text::equals)) {
                throw new Invalid(prefix + text, "unknown field; " + what + " has "
                        + known.stream().map(this::k).collect(Collectors.joining(", ")));
            }
        }
    }

    private String k(String camel) {
        return naming.key(camel);
    }

    /** A value as an error message shows it: strings quoted, at most 64 characters. */
    static String shown(Object v) {
        String s = v instanceof String text ? "\"" + text + "\"" : v == null ? "null"
                : v instanceof Map<?, ?> || v instanceof List<?> ? JsonValues.typeName(v) : String.valueOf(v);
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }
}
