package io.watchpost.report;

/** Whether the counters of a baseline can be subtracted from a new reading, and if not, why. */
public enum BaselineFit {
    /** Same boot, same network source: the difference is the traffic since the baseline. */
    USABLE,
    /** Nothing accepted yet (first report, or the saved baseline was dropped). */
    NO_BASELINE,
    /** The new reading has no boot id, so no baseline can be matched to it. */
    BOOT_UNKNOWN,
    /** The kernel rebooted since the baseline: its counters restarted from zero. */
    BOOT_CHANGED,
    /**
     * Same boot, but the counters come from another network directory (ProcDestinationPath changed, or the host's
     * {@code 1/net} became (un)readable): another namespace has other interfaces and counters.
     */
    SOURCE_CHANGED;

    /** @param baseline the accepted baseline, or null when there is none */
    public static BaselineFit of(NetworkBaseline baseline, String bootId, String networkSource) {
        if (baseline == null) {
            return NO_BASELINE;
        }
        if (bootId == null) {
            return BOOT_UNKNOWN;
        }
        if (!bootId.equals(baseline.bootId())) {
            return BOOT_CHANGED;
        }
        return baseline.networkSource().equals(networkSource) ? USABLE : SOURCE_CHANGED;
    }
}
