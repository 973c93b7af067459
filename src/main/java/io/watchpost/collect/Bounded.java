package io.watchpost.collect;

import java.util.List;

/**
 * The first entries of a de-duplicated, sorted list, and how many distinct entries there were in all. Collectors keep
 * only as many entries as a report could ever carry, so a gateway with 100,000 connections is never materialised.
 *
 * @param kept  the smallest distinct entries in sort order (at most the retain limit the collector was given)
 * @param total the number of distinct entries seen, kept or not
 * @param exact false when counting distinct entries exactly would not fit the memory the collector may use: then
 *              {@code total} counts the entries past its bound without removing duplicates among them, so it is an
 *              upper bound (see docs/reports.md, "Totals")
 */
public record Bounded<T>(List<T> kept, int total, boolean exact) {
    public Bounded {
        kept = List.copyOf(kept);
        if (total < kept.size()) {
            throw new IllegalArgumentException("total " + total + " < kept " + kept.size());
        }
    }

    /** An exact total. */
    public Bounded(List<T> kept, int total) {
        this(kept, total, true);
    }

    public static <T> Bounded<T> empty() {
        return new Bounded<>(List.of(), 0);
    }
}
