package io.watchpost.proc;

/**
 * Parses unsigned 64-bit decimal counters straight from bytes, with {@link Long#parseUnsignedLong} semantics (the full
 * range 0..2^64-1, held in a long) but without creating a String per field.
 */
public final class UnsignedDecimal {
    // 2^64-1 = 18446744073709551615: a value above LIMIT_DIV10, or equal with a digit above 5, overflows.
    private static final long LIMIT_DIV10 = Long.divideUnsigned(-1L, 10);
    private static final int LIMIT_LAST_DIGIT = (int) Long.remainderUnsigned(-1L, 10);

    private UnsignedDecimal() {}

    /** Marker for "not a number"; test with {@link #isValid} (every long is a valid unsigned value otherwise). */
    public static final class Result {
        private long value;
        private boolean valid;

        public long value() {
            return value;
        }

        public boolean isValid() {
            return valid;
        }
    }

    /**
     * Parses {@code d[from..to)} into {@code out}: valid when it is 1..20 decimal digits whose value fits 64 unsigned
     * bits. Allocation-free so that one {@code Result} serves a whole file.
     */
    public static void parse(byte[] d, int from, int to, Result out) {
        out.valid = false;
        out.value = 0;
        if (from >= to || to - from > 20) {
            return;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int digit = d[i] - '0';
            if (digit < 0 || digit > 9) {
                return;
            }
            if (Long.compareUnsigned(v, LIMIT_DIV10) > 0 || (v == LIMIT_DIV10 && digit > LIMIT_LAST_DIGIT)) {
                return;
            }
            v = v * 10 + digit;
        }
        out.value = v;
        out.valid = true;
    }
}
