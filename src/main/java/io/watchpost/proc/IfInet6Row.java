package io.watchpost.proc;

/**
 * One address of {@code net/if_inet6}: the 128-bit address as two longs in network order ({@code high >>> 56} is the
 * first byte), its prefix length, and the interface that owns it.
 */
public record IfInet6Row(long high, long low, int prefixLength, String interfaceName) {
}
