package io.watchpost.proc;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Splits proc text into lines and fields: over bytes without creating Strings for the tables read every cycle at
 * scale (the socket tables, {@code net/dev}, the address tables), over a String for the small system files. The one
 * helper of the parsers of this package.
 */
final class Lines {
    private static final VarHandle LITTLE_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Value of each byte as a hex digit (either case), or -1. */
    private static final byte[] HEX_VALUES = new byte[256];

    static {
        Arrays.fill(HEX_VALUES, (byte) -1);
        for (int i = 0; i < 16; i++) {
            HEX_VALUES["0123456789ABCDEF".charAt(i)] = (byte) i;
            HEX_VALUES["0123456789abcdef".charAt(i)] = (byte) i;
        }
    }

    /**
     * Lines longer than this are not kernel output (the longest real rows, {@code net/tcp6} and {@code net/dev}, are
     * about 200 bytes); they are skipped as overlong instead of being parsed.
     */
    static final int MAX_LINE_BYTES = 1024;

    private Lines() {}

    /** Line flag: a control byte other than tab (includes DEL). */
    static final int CONTROL = 1;
    /** Line flag: a byte at or above 0x80. */
    static final int NON_ASCII = 2;

    @FunctionalInterface
    interface LineVisitor {
        /**
         * {@code data[start..end)} is line {@code lineNumber} (1-based) without its newline; {@code flags} tells
         * whether it holds {@link #CONTROL} or {@link #NON_ASCII} bytes, found while looking for the newline.
         */
        void line(int lineNumber, int start, int end, int flags);
    }

    /**
     * Visits every line; a last line without a newline is visited too, an empty tail after the last newline is not.
     * Finding the end of a line and checking its bytes is one pass: it is the hottest loop of a collection.
     */
    static void forEach(byte[] data, int length, LineVisitor visitor) {
        forEach(data, length, 1, visitor);
    }

    /**
     * As {@link #forEach(byte[], int, LineVisitor)} for a piece of a file that starts at line {@code firstLineNumber}.
     *
     * @return the number of lines visited
     */
    static int forEach(byte[] data, int length, int firstLineNumber, LineVisitor visitor) {
        int start = 0;
        int lineNumber = firstLineNumber - 1;
        while (start < length) {
            long scan = scanLine(data, start, length);
            int end = lineEnd(scan);
            visitor.line(++lineNumber, start, end, lineFlags(scan));
            start = end + 1;
        }
        return lineNumber - (firstLineNumber - 1);
    }

    /**
     * Finds the end of the line that starts at {@code start} and checks its bytes in the same pass, eight at a time.
     * This is the hottest loop of a collection: it touches every byte of the socket tables.
     *
     * @return the index of the newline (or {@code length}) in the low 32 bits, the line's {@link #CONTROL} and
     *         {@link #NON_ASCII} flags in the high 32 bits: read them with {@link #lineEnd} and {@link #lineFlags}
     */
    static long scanLine(byte[] d, int start, int length) {
        int i = start;
        int flags = 0;
        while (true) {
            if (i <= length - 8) {
                long special = specialBytes((long) LITTLE_ENDIAN_LONGS.get(d, i));
                if (special == 0) {
                    i += 8;
                    continue;
                }
                i += Long.numberOfTrailingZeros(special) >>> 3; // little-endian: the lowest flagged byte comes first
            } else if (i >= length) {
                return (long) flags << 32 | length;
            }
            byte b = d[i];
            if (b < 0x20 || b == 0x7f) { // bytes are signed: this also catches every byte >= 0x80
                if (b == '\n') {
                    return (long) flags << 32 | i;
                }
                if (b < 0) {
                    flags |= NON_ASCII;
                } else if (b != '\t') {
                    flags |= CONTROL;
                }
            }
            i++;
        }
    }

    static int lineEnd(long scan) {
        return (int) scan;
    }

    static int lineFlags(long scan) {
        return (int) (scan >>> 32);
    }

    /**
     * The high bit of each byte of {@code x} that is below 0x20 (control bytes, the newline, tab) or at or above 0x7f
     * (DEL, non-ASCII); zero when all eight are printable ASCII. Per byte b, with y = b &amp; 0x7f: y + 0x01 reaches
     * 0x80 only for y = 0x7f; y + 0x60 stays below 0x80 only for y &lt; 0x20; neither sum carries into the next byte.
     */
    static long specialBytes(long x) {
        long y = x & 0x7f7f7f7f7f7f7f7fL;
        return ((y + 0x0101010101010101L) | x | ~(y + 0x6060606060606060L)) & 0x8080808080808080L;
    }

    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    static int skipBlanks(byte[] d, int i, int end) {
        while (i < end && isBlank(d[i])) {
            i++;
        }
        return i;
    }

    static int fieldEnd(byte[] d, int i, int end) {
        while (i < end && !isBlank(d[i])) {
            i++;
        }
        return i;
    }

    /** Number of blank-separated fields in {@code d[start..end)}. */
    static int countFields(byte[] d, int start, int end) {
        return countFields(d, start, end, Integer.MAX_VALUE);
    }

    /** Number of blank-separated fields in {@code d[start..end)}, counting no further than {@code max}. */
    static int countFields(byte[] d, int start, int end, int max) {
        int n = 0;
        int i = skipBlanks(d, start, end);
        while (i < end && n < max) {
            n++;
            i = skipBlanks(d, fieldEnd(d, i, end), end);
        }
        return n;
    }

    /**
     * The reason a line is not text the kernel would print (a control byte, or also any non-ASCII byte when
     * {@code asciiOnly}), or null when it is fine. Interface names may hold UTF-8, hex tables may not.
     * {@code flags} come from {@link #forEach}: the bytes are only looked at again to describe a problem.
     */
    static String badBytes(byte[] d, int start, int end, int flags, boolean asciiOnly) {
        if (end - start > MAX_LINE_BYTES) {
            return "overlong line (" + (end - start) + " bytes, at most " + MAX_LINE_BYTES + ")";
        }
        if ((flags & CONTROL) == 0 && (!asciiOnly || (flags & NON_ASCII) == 0)) {
            return null;
        }
        for (int i = start; i < end; i++) {
            int b = d[i] & 0xff;
            if ((b < 0x20 && b != '\t') || b == 0x7f || (asciiOnly && b >= 0x80)) {
                return "binary byte 0x" + Integer.toHexString(b) + " at column " + (i - start + 1);
            }
        }
        return null;
    }

    static int hexDigit(byte b) {
        return HEX_VALUES[b & 0xff];
    }

    /** {@code d[from..to)} as unsigned hex of at most 15 digits, or -1 when empty, too long or not hex. */
    static long parseHex(byte[] d, int from, int to) {
        if (from >= to || to - from > 15) {
            return -1;
        }
        long v = 0;
        int bad = 0;
        for (int i = from; i < to; i++) {
            int h = HEX_VALUES[d[i] & 0xff];
            bad |= h; // -1 marks a non-digit; checked once after the loop instead of per digit
            v = v << 4 | (h & 0xf);
        }
        return bad < 0 ? -1 : v;
    }

    /**
     * The eight hex digits (either case) at {@code d[from..from+8)} as an unsigned 32-bit value, or -1 when one is not
     * a hex digit: the {@code %08X} words of the socket tables, checked and converted eight bytes at a time.
     */
    static long parseHex8(byte[] d, int from) {
        long x = (long) LITTLE_ENDIAN_LONGS.get(d, from); // byte i of x is d[from + i]
        // Per byte, after clearing bit 5: '0'-'9' are 0x10-0x19 (as are control bytes, which lack bit 5), 'A'-'F' and
        // 'a'-'f' are 0x41-0x46. u + (0x80 - lo) has its top bit set when u >= lo, u + (0x7f - hi) when u > hi; no
        // byte carries into the next (u < 0x80 where it matters: bytes >= 0x80 are refused by ~x).
        long u = x & 0xDFDFDFDFDFDFDFDFL;
        long digit = (u + 0x7070707070707070L) & ~(u + 0x6666666666666666L) & x << 2; // digits had bit 5 set
        long letter = (u + 0x3F3F3F3F3F3F3F3FL) & ~(u + 0x3939393939393939L);
        if (((digit | letter) & ~x & 0x8080808080808080L) != 0x8080808080808080L) {
            return -1;
        }
        // Nibble values: the low four bits, plus 9 for letters (bit 6 set).
        long n = (x & 0x0F0F0F0F0F0F0F0FL) + ((x >>> 6) & 0x0101010101010101L) * 9;
        long v = Long.reverseBytes(n); // the first digit, the most significant, into the top byte
        v = (v | v >>> 4) & 0x00FF00FF00FF00FFL;
        v = (v | v >>> 8) & 0x0000FFFF0000FFFFL;
        return (v | v >>> 16) & 0xFFFFFFFFL;
    }

    /** The four hex digits at {@code d[from..from+4)} (a port), or -1 when one is not a hex digit. */
    static int parseHex4(byte[] d, int from) {
        int a = HEX_VALUES[d[from] & 0xff];
        int b = HEX_VALUES[d[from + 1] & 0xff];
        int c = HEX_VALUES[d[from + 2] & 0xff];
        int e = HEX_VALUES[d[from + 3] & 0xff];
        return (a | b | c | e) < 0 ? -1 : a << 12 | b << 8 | c << 4 | e;
    }

    /** {@code d[from..to)} as an unsigned decimal int below 2^31, or -1 when empty, too big or not decimal. */
    static int parseDecimalInt(byte[] d, int from, int to) {
        if (from >= to || to - from > 10) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int digit = d[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            v = v * 10 + digit;
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    /** True when {@code d[from..to)} equals the ASCII text. */
    static boolean equalsAscii(byte[] d, int from, int to, String text) {
        if (to - from != text.length()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (d[from + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code d[from..to)} contains the ASCII text. */
    static boolean containsAscii(byte[] d, int from, int to, String text) {
        outer:
        for (int i = from; i + text.length() <= to; i++) {
            for (int j = 0; j < text.length(); j++) {
                if (d[i + j] != text.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Characters of a value quoted in an error message. */
    static final int EXCERPT_CHARS = 200;

    /** The first line of a one-line file such as loadavg or uptime ("" when the file is empty). */
    static String first(String text) {
        return text.lines().findFirst().orElse("");
    }

    /** The whitespace-separated fields of a line, as the kernel pads them. */
    static String[] fields(String line) {
        return line.trim().split("\\s+");
    }

    /** The first {@value #EXCERPT_CHARS} characters of a value, for an error message. */
    static String excerpt(String line) {
        return line.length() <= EXCERPT_CHARS ? line : line.substring(0, EXCERPT_CHARS) + "…";
    }

    /** A non-negative decimal count such as a jiffy or kB value. */
    static long parseCount(Path file, int lineNumber, String field, String line) throws ProcFileException {
        boolean digits = !field.isEmpty() && field.chars().allMatch(c -> c >= '0' && c <= '9');
        if (digits) {
            try {
                return Long.parseLong(field);
            } catch (NumberFormatException tooLarge) {
                // falls through to the error below
            }
        }
        throw new ProcFileException(file, "line " + lineNumber + ": \"" + excerpt(field)
                + "\" is not a whole number from 0 to " + Long.MAX_VALUE + ": \"" + excerpt(line) + "\"");
    }
}
