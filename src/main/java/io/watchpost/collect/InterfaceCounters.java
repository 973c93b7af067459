package io.watchpost.collect;

/**
 * Cumulative counters of one interface from {@code net/dev}. The values are unsigned 64-bit numbers held in a long:
 * compare them with {@link Long#compareUnsigned} and print them with {@link Long#toUnsignedString}.
 */
public record InterfaceCounters(String name, boolean loopback, long rxBytes, long rxPackets, long txBytes,
                                long txPackets) {
}
