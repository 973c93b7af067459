package io.watchpost.synth;

/** IPv6 text in the RFC 5952 canonical form: lower case, no leading zeros, the longest run of 2+ zero groups as ::. */
final class Ipv6Text {
    private Ipv6Text() {
    }

    static String canonical(byte[] address) {
        if (address.length != 16) {
            throw new IllegalArgumentException("not an IPv6 address: " + address.length + " bytes");
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xFF) << 8) | (address[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            // Strictly longer: on a tie the first run wins (RFC 5952 4.2.3).
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2) {
            bestStart = -1; // a single zero group is written as 0 (RFC 5952 4.2.2)
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
