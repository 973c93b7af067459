package io.watchpost.collect;

import java.util.List;

/**
 * The first entries of a de-duplicated, sorted list, and how many distinct entries there were in all. Collectors keep
 * only as many entries as a report could ever carry, so a gateway with 100,000 connections is never materialised.
 *
 * @param kept  the smallest distinct entries in sort order (at most the retain limit the collector was given)
 * @param total the number of distinct entries seen, kept or not
 */
public record Bounded<T>(List<T> kept, int total) {
    public Bounded {
        kept = List.copyOf(kept);
        if (total < kept.size()) {
            throw new IllegalArgumentException("total " + total + " < kept " + kept.size());
        }
    }

    public static <T> Bounded<T> empty() {
        return new Bounded<>(List.of(), 0);
    }
}
