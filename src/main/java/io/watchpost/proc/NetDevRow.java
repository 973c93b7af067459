package io.watchpost.proc;

/**
 * One interface of {@code net/dev}. Counters are unsigned 64-bit values held in a long (compare with
 * {@link Long#compareUnsigned}, print with {@link Long#toUnsignedString}).
 */
public record NetDevRow(String name, long rxBytes, long rxPackets, long txBytes, long txPackets) {
}
