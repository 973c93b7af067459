package io.watchpost.synth;

/**
 * The kernel's printf conversions the proc socket tables use, done by hand: {@code String.format} would make a
 * 200,000-row root take many seconds.
 */
final class KernelText {
    private static final char[] UPPER = "0123456789ABCDEF".toCharArray();
    private static final char[] LOWER = "0123456789abcdef".toCharArray();

    private KernelText() {
    }

    /** {@code %0<width>X}. */
    static StringBuilder hex(StringBuilder out, long value, int width) {
        for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) {
            out.append(UPPER[(int) (value >>> shift) & 0xF]);
        }
        return out;
    }

    /** {@code %0<width>x}. */
    static StringBuilder lowerHex(StringBuilder out, long value, int width) {
        for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) {
            out.append(LOWER[(int) (value >>> shift) & 0xF]);
        }
        return out;
    }

    /** {@code %<width>d}: right-aligned, space-padded. */
    static StringBuilder rightAligned(StringBuilder out, long value, int width) {
        return rightAligned(out, Long.toString(value), width);
    }

    /** {@code %<width>s}, and {@code %<width>llu} for an unsigned 64-bit value. */
    static StringBuilder rightAligned(StringBuilder out, String text, int width) {
        for (int i = text.length(); i < width; i++) {
            out.append(' ');
        }
        return out.append(text);
    }

    /** {@code seq_pad}: the line (from {@code lineStart}) is padded with spaces to {@code width} and ended. */
    static void padLine(StringBuilder out, int lineStart, int width) {
        while (out.length() - lineStart < width) {
            out.append(' ');
        }
        out.append('\n');
    }

    /**
     * An address as the socket tables print it: each 32-bit word of the network-order address is printed with
     * {@code %08X} as the host reads it, which on a little-endian host reverses the bytes of every word.
     */
    static StringBuilder address(StringBuilder out, byte[] address) {
        for (int word = 0; word < address.length; word += 4) {
            for (int b = word + 3; b >= word; b--) {
                hex(out, address[b] & 0xFF, 2);
            }
        }
        return out;
    }
}
