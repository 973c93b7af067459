package io.watchpost.report;

/**
 * The document's {@code network_stats}: traffic since the last accepted report. Each value is an unsigned 64-bit number
 * held in a long (values above {@link Long#MAX_VALUE} are negative longs); print with {@link Long#toUnsignedString}.
 */
public record NetworkStats(long bytesIn, long bytesOut, long packetsIn, long packetsOut) {
    public static final NetworkStats ZERO = new NetworkStats(0, 0, 0, 0);
}
