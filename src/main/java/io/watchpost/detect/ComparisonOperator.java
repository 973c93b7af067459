package io.watchpost.detect;

import java.util.Optional;

/**
 * {@code BehaviorCriteria.comparisonOperator}
 * (https://docs.aws.amazon.com/iot/latest/apireference/API_BehaviorCriteria.html). A behavior describes normal
 * behaviour: a datapoint violates it when the comparison is false.
 */
public enum ComparisonOperator {
    LESS_THAN("less-than", Family.NUMERIC),
    LESS_THAN_EQUALS("less-than-equals", Family.NUMERIC),
    GREATER_THAN("greater-than", Family.NUMERIC),
    GREATER_THAN_EQUALS("greater-than-equals", Family.NUMERIC),
    IN_CIDR_SET("in-cidr-set", Family.CIDR_SET),
    NOT_IN_CIDR_SET("not-in-cidr-set", Family.CIDR_SET),
    IN_PORT_SET("in-port-set", Family.PORT_SET),
    NOT_IN_PORT_SET("not-in-port-set", Family.PORT_SET),
    IN_SET("in-set", Family.VALUE_SET),
    NOT_IN_SET("not-in-set", Family.VALUE_SET);

    /** Which kind of value an operator compares: it fixes the {@code MetricValue} field the criteria must carry. */
    public enum Family { NUMERIC, CIDR_SET, PORT_SET, VALUE_SET }

    private final String wireName;
    private final Family family;

    ComparisonOperator(String wireName, Family family) {
        this.wireName = wireName;
        this.family = family;
    }

    /** The name in profile JSON, e.g. {@code less-than-equals}. */
    public String wireName() {
        return wireName;
    }

    public Family family() {
        return family;
    }

    /** True for the {@code in-*} operators (every element must be in the set), false for {@code not-in-*} and numbers. */
    public boolean isAllowList() {
        return this == IN_CIDR_SET || this == IN_PORT_SET || this == IN_SET;
    }

    public static Optional<ComparisonOperator> fromWireName(String name) {
        for (ComparisonOperator op : values()) {
            if (op.wireName.equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
