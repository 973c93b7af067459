package io.watchpost.detect;

import java.math.BigDecimal;
import java.util.List;

/**
 * AWS's {@code MetricValue} (https://docs.aws.amazon.com/iot/latest/apireference/API_MetricValue.html): a threshold in
 * a behavior's criteria, and the measured value in an event. Exactly the fields present in the input are non-null;
 * lists keep their input order.
 *
 * @param count   {@code count}: non-negative long (device-side numeric metrics)
 * @param cidrs   {@code cidrs}: CIDR texts (IP-list metrics, custom {@code ip-address-list})
 * @param ports   {@code ports}: 0–65535 (listening-port metrics)
 * @param number  {@code number}: custom {@code number}
 * @param numbers {@code numbers}: custom {@code number-list}
 * @param strings {@code strings}: custom {@code string-list}
 */
public record MetricValue(Long count, List<String> cidrs, List<Integer> ports, BigDecimal number,
                          List<BigDecimal> numbers, List<String> strings) {
    public MetricValue {
        cidrs = cidrs == null ? null : List.copyOf(cidrs);
        ports = ports == null ? null : List.copyOf(ports);
        numbers = numbers == null ? null : List.copyOf(numbers);
        strings = strings == null ? null : List.copyOf(strings);
    }

    public static MetricValue ofCount(long count) {
        return new MetricValue(count, null, null, null, null, null);
    }

    public static MetricValue ofCidrs(List<String> cidrs) {
        return new MetricValue(null, cidrs, null, null, null, null);
    }

    public static MetricValue ofPorts(List<Integer> ports) {
        return new MetricValue(null, null, ports, null, null, null);
    }

    public static MetricValue ofNumber(BigDecimal number) {
        return new MetricValue(null, null, null, number, null, null);
    }

    public static MetricValue ofNumbers(List<BigDecimal> numbers) {
        return new MetricValue(null, null, null, null, numbers, null);
    }

    public static MetricValue ofStrings(List<String> strings) {
        return new MetricValue(null, null, null, null, null, strings);
    }
}
