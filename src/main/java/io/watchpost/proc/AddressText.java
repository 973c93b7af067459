package io.watchpost.proc;

/**
 * Writes addresses given as network-order words into a reusable {@link StringBuilder}, so that formatting needs no
 * objects. IPv6 uses the canonical RFC 5952 form: lower-case hex, no leading zeros, the longest run (at least two) of
 * zero groups, leftmost on ties, written as {@code ::}.
 */
public final class AddressText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AddressText() {}

    public static void appendIpv4(StringBuilder sb, int word) {
        sb.append(word >>> 24).append('.').append(word >>> 16 & 0xff).append('.')
                .append(word >>> 8 & 0xff).append('.').append(word & 0xff);
    }

    /** True for {@code ::ffff:a.b.c.d}: a v4 peer of a dual-stack socket. */
    public static boolean isIpv4Mapped(int[] words) {
        return words.length == 4 && words[0] == 0 && words[1] == 0 && words[2] == 0xffff;
    }

    /** @param words four network-order words */
    public static void appendIpv6(StringBuilder sb, int[] words) {
        int bestStart = -1;
        int bestLength = 1;
        for (int g = 0; g < 8; ) {
            if (group(words, g) != 0) {
                g++;
                continue;
            }
            int start = g;
            while (g < 8 && group(words, g) == 0) {
                g++;
            }
            if (g - start > bestLength) {
                bestStart = start;
                bestLength = g - start;
            }
        }
        for (int g = 0; g < 8; g++) {
            if (g == bestStart) {
                sb.append("::");
                g += bestLength - 1;
                continue;
            }
            if (g > 0 && g != bestStart + bestLength) {
                sb.append(':');
            }
            appendHexGroup(sb, group(words, g));
        }
    }

    private static int group(int[] words, int g) {
        return g % 2 == 0 ? words[g / 2] >>> 16 : words[g / 2] & 0xffff;
    }

    private static void appendHexGroup(StringBuilder sb, int v) {
        boolean started = false;
        for (int shift = 12; shift >= 0; shift -= 4) {
            int digit = v >>> shift & 0xf;
            if (digit != 0 || started || shift == 0) {
                sb.append(HEX[digit]);
                started = true;
            }
        }
    }
}
