package io.watchpost.report;

import java.math.BigDecimal;
import java.util.List;

/**
 * The value of one Device Defender custom metric. In the document each value is a one-element array holding an object
 * with one of the keys {@code number}, {@code number_list}, {@code string_list} or {@code ip_list}. Values reaching a
 * report have already been checked against Device Defender's rules (io.watchpost.custom).
 */
public sealed interface CustomMetricValue {
    /** The key inside the metric object; these keys have no short form. */
    String valueKey();

    record Number(BigDecimal value) implements CustomMetricValue {
        public String valueKey() { return "number"; }
    }

    record NumberList(List<BigDecimal> values) implements CustomMetricValue {
        public NumberList { values = List.copyOf(values); }
        public String valueKey() { return "number_list"; }
    }

    record StringList(List<String> values) implements CustomMetricValue {
        public StringList { values = List.copyOf(values); }
        public String valueKey() { return "string_list"; }
    }

    record IpList(List<String> values) implements CustomMetricValue {
        public IpList { values = List.copyOf(values); }
        public String valueKey() { return "ip_list"; }
    }
}
