package io.watchpost.proc;

/**
 * Two lines of {@code /proc/meminfo}, in kB (the kernel's "kB" means KiB).
 *
 * @param memTotalKb     {@code MemTotal}: usable RAM
 * @param memAvailableKb {@code MemAvailable}: the kernel's estimate of memory available for starting new applications
 *                       without swapping (free memory plus reclaimable page cache and slab); present since Linux 3.14
 */
public record MemInfo(long memTotalKb, long memAvailableKb) {
}
