package io.watchpost.detect;

import io.watchpost.collect.PortSet;
import io.watchpost.collect.RemoteAddresses;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * A behavior's comparison, prepared once per profile load (CIDRs as ranges, ports as a bit set) and applied to each
 * datapoint. The predicate is AWS's: a datapoint is compliant when
 * <ul>
 *   <li>{@code less-than} … {@code greater-than-equals}: {@code x op v};</li>
 *   <li>{@code in-port-set}, {@code in-cidr-set}, {@code in-set}: every element is in the set;</li>
 *   <li>{@code not-in-port-set}, {@code not-in-cidr-set}, {@code not-in-set}: no element is in the set;</li>
 *   <li>an empty list: always compliant
 *       (https://docs.aws.amazon.com/iot-device-defender/latest/devguide/device-defender-troubleshoot.html).</li>
 * </ul>
 * An incomplete list (the collector stopped at its bound) that looks compliant gives no datapoint: the part not seen
 * could violate. One that already violates is a violation.
 */
final class Criterion {
    /** Elements of a list written into an event or a verdict: an event must stay far below 128 KiB. */
    static final int LISTED = 100;

    private final ComparisonOperator operator;
    private final BigDecimal number;
    private final BitSet ports;
    private final CidrSet cidrs;
    private final Set<String> strings;
    private final TreeSet<BigDecimal> numbers;

    /**
     * @throws IllegalArgumentException when the criteria cannot be evaluated (no operator, or no value field the
     *                                  operator needs, or a CIDR that does not parse)
     */
    Criterion(Criteria criteria, boolean statistical) {
        operator = criteria.comparisonOperator();
        if (operator == null) {
            throw new IllegalArgumentException("criteria has no comparisonOperator");
        }
        MetricValue v = criteria.value();
        ComparisonOperator.Family family = operator.family();
        if (statistical && family != ComparisonOperator.Family.NUMERIC) {
            throw new IllegalArgumentException("statisticalThreshold needs a numeric operator, not "
                    + operator.wireName());
        }
        if (!statistical && v == null) {
            throw new IllegalArgumentException("criteria has no value");
        }
        // Only the field of the operator's family is set; a statistical threshold comes with each datapoint.
        boolean fixed = !statistical;
        number = fixed && family == ComparisonOperator.Family.NUMERIC ? threshold(v) : null;
        ports = fixed && family == ComparisonOperator.Family.PORT_SET ? ports(v) : null;
        cidrs = fixed && family == ComparisonOperator.Family.CIDR_SET ? CidrSet.parse(need(v.cidrs(), "cidrs")) : null;
        boolean set = fixed && family == ComparisonOperator.Family.VALUE_SET;
        if (set && v.strings() == null && v.numbers() == null) {
            throw new IllegalArgumentException(operator.wireName() + " needs value.strings or value.numbers");
        }
        strings = !set ? null : v.strings() == null ? Set.of() : new HashSet<>(v.strings());
        numbers = !set ? null : new TreeSet<>(v.numbers() == null ? List.of() : v.numbers());
    }

    private BigDecimal threshold(MetricValue v) {
        BigDecimal n = v.count() != null ? BigDecimal.valueOf(v.count()) : v.number();
        if (n == null) {
            throw new IllegalArgumentException(operator.wireName() + " needs value.count or value.number");
        }
        return n;
    }

    private BitSet ports(MetricValue v) {
        BitSet set = new BitSet(65536);
        for (int p : need(v.ports(), "ports")) {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("port " + p + " is not 0-65535");
            }
            set.set(p);
        }
        return set;
    }

    private <T> T need(T field, String name) {
        if (field == null) {
            throw new IllegalArgumentException(operator.wireName() + " needs value." + name);
        }
        return field;
    }

    ComparisonOperator operator() {
        return operator;
    }

    /** @param threshold the self-baseline threshold of a statistical behavior, else null (the static value counts) */
    Judgement judge(Measurement m, BigDecimal threshold) {
        return switch (operator.family()) {
            case NUMERIC -> numeric(m, threshold != null ? threshold : number);
            case PORT_SET -> m instanceof Measurement.Ports p ? ports(p.ports())
                    : mismatch(m);
            case CIDR_SET -> m instanceof Measurement.Addresses a ? addresses(a.addresses()) : mismatch(m);
            case VALUE_SET -> m instanceof Measurement.Texts t ? texts(t.values())
                    : m instanceof Measurement.Decimals d ? decimals(d.values()) : mismatch(m);
        };
    }

    private Judgement mismatch(Measurement m) {
        return Judgement.none(operator.wireName() + " cannot compare a " + kind(m) + " value");
    }

    private Judgement numeric(Measurement m, BigDecimal v) {
        BigDecimal x;
        MetricValue value;
        if (m instanceof Measurement.Count c) {
            x = c.value() >= 0 ? BigDecimal.valueOf(c.value()) : new BigDecimal(Long.toUnsignedString(c.value()));
            value = MetricValue.ofCount(c.value());
        } else if (m instanceof Measurement.Decimal d) {
            x = d.value();
            value = MetricValue.ofNumber(d.value());
        } else {
            return mismatch(m);
        }
        int c = x.compareTo(v);
        boolean compliant = switch (operator) {
            case LESS_THAN -> c < 0;
            case LESS_THAN_EQUALS -> c <= 0;
            case GREATER_THAN -> c > 0;
            default -> c >= 0;
        };
        return new Judgement(null, !compliant, value, compliant ? null : value, compliant ? 0 : 1, 1);
    }

    private Judgement ports(PortSet measured) {
        int[] p = measured.toArray(); // the collector keeps every port, so the set is complete
        return list(p.length, true, i -> ports.get(p[i]),
                idx -> MetricValue.ofPorts(idx.stream().map(i -> p[i]).toList()));
    }

    private Judgement addresses(RemoteAddresses measured) {
        CidrSet.Lookup lookup = cidrs.lookup(); // the addresses are sorted: walk the ranges beside them
        return list(measured.size(), measured.complete(),
                i -> lookup.contains(measured.high(i), measured.low(i)),
                idx -> MetricValue.ofCidrs(idx.stream().map(measured::text).toList()));
    }

    private Judgement texts(List<String> measured) {
        return list(measured.size(), true, i -> strings.contains(measured.get(i)),
                idx -> MetricValue.ofStrings(idx.stream().map(measured::get).toList()));
    }

    private Judgement decimals(List<BigDecimal> measured) {
        return list(measured.size(), true, i -> numbers.contains(measured.get(i)),
                idx -> MetricValue.ofNumbers(idx.stream().map(measured::get).toList()));
    }

    /**
     * One pass over the measured list: the offending elements (not in an allow-list, or in a deny-list) are counted,
     * and the first {@link #LISTED} of them remembered by index; text is made only for what is listed.
     */
    private Judgement list(int size, boolean complete, IntPredicate inSet,
                           Function<List<Integer>, MetricValue> shape) {
        boolean allow = operator.isAllowList();
        List<Integer> offending = new ArrayList<>();
        int offendingTotal = 0;
        for (int i = 0; i < size; i++) {
            if (inSet.test(i) != allow) {
                if (offendingTotal < LISTED) {
                    offending.add(i);
                }
                offendingTotal++;
            }
        }
        if (offendingTotal == 0 && !complete) {
            return Judgement.none("the collector kept only part of the list, and that part complies");
        }
        List<Integer> listed = new ArrayList<>();
        if (size <= LISTED) {
            for (int i = 0; i < size; i++) {
                listed.add(i);
            }
        } else { // only part fits: the offending elements are the part worth showing
            listed.addAll(offending);
            for (int i = 0; i < size && listed.size() < LISTED; i++) {
                if (inSet.test(i) == allow) {
                    listed.add(i);
                }
            }
        }
        MetricValue value = shape.apply(listed);
        return new Judgement(null, offendingTotal > 0, value, offendingTotal > 0 ? shape.apply(offending) : null,
                offendingTotal, size);
    }

    static String kind(Measurement m) {
        if (m instanceof Measurement.Count) {
            return "count";
        } else if (m instanceof Measurement.Decimal) {
            return "number";
        } else if (m instanceof Measurement.Ports) {
            return "port list";
        } else if (m instanceof Measurement.Addresses) {
            return "IP address list";
        }
        return m instanceof Measurement.Decimals ? "number-list" : "string-list";
    }
}
