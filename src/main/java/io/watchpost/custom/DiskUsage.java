package io.watchpost.custom;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Space of the file system holding a path, from statvfs through {@link FileStore}.
 *
 * @param totalBytes     f_blocks × f_frsize ({@link FileStore#getTotalSpace})
 * @param freeBytes      f_bfree × f_frsize: free, including blocks reserved for root ({@link FileStore#getUnallocatedSpace})
 * @param availableBytes f_bavail × f_frsize: free for unprivileged users ({@link FileStore#getUsableSpace})
 */
public record DiskUsage(long totalBytes, long freeBytes, long availableBytes) {

    public static DiskUsage of(Path path) throws IOException {
        FileStore store = Files.getFileStore(path);
        return new DiskUsage(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
    }

    /**
     * df's Use%: used / (used + available) × 100 with used = total − free. The root-reserved blocks count neither as
     * used nor as available, so a disk that only root can still write to shows 100%. df rounds this up to a whole
     * percent; here it keeps its decimals. Empty when the file system has no blocks at all (proc, sysfs).
     */
    public Optional<BigDecimal> usedPercent() {
        long used = Math.max(0, totalBytes - freeBytes);
        long denominator = used + availableBytes;
        if (denominator <= 0) {
            return Optional.empty();
        }
        return Optional.of(BigDecimal.valueOf(used).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(denominator), MathContext.DECIMAL128));
    }
}
