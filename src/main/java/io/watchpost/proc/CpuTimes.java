package io.watchpost.proc;

/**
 * The aggregate {@code cpu} line of {@code /proc/stat}: time spent in each state since boot, summed over all CPUs, in
 * USER_HZ ticks (jiffies). {@code guest} and {@code guest_nice} are not kept: the kernel already counts them inside
 * {@code user} and {@code nice}, so adding them would count that time twice.
 */
public record CpuTimes(long user, long nice, long system, long idle, long iowait, long irq, long softirq,
                       long steal) {

    /** Every tick of the interval, in any state. */
    public long total() {
        return user + nice + system + idle + iowait + irq + softirq + steal;
    }

    /**
     * Ticks in which the CPU had nothing to run. {@code iowait} is idle time too (the CPU waited for nothing it could
     * run), as top and psutil count it.
     */
    public long idleTotal() {
        return idle + iowait;
    }
}
