package io.watchpost.detect;

/**
 * One datapoint judged against a behavior's criteria, or the reason there is no datapoint.
 *
 * @param noDatapoint     why this sample gives the behavior no datapoint (the streak pauses), or null
 * @param violating       the criterion was false (a behavior describes normal)
 * @param value           the measured value in {@code MetricValue} shape; a list holds at most
 *                        {@link Criterion#LISTED} elements: all in order when they fit, else the offending ones first
 * @param offending       the elements that broke a set rule, or the number that broke a comparison (at most
 *                        {@link Criterion#LISTED} elements), or null when compliant
 * @param offendingTotal  how many elements broke the rule in all
 * @param elementTotal    how many elements the measured list had in all (1 for a number)
 */
public record Judgement(String noDatapoint, boolean violating, MetricValue value, MetricValue offending,
                        int offendingTotal, int elementTotal) {

    static Judgement none(String reason) {
        return new Judgement(reason, false, null, null, 0, 0);
    }

    public boolean hasDatapoint() {
        return noDatapoint == null;
    }
}
