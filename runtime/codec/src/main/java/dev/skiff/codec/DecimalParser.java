package dev.skiff.codec;

import java.nio.charset.StandardCharsets;

/**
 * Parses one decimal number from ASCII bytes without making a String, with the same answer as
 * {@link Double#parseDouble} for everything it accepts.
 *
 * <p>The grammar (after trimming spaces and tabs at both ends):
 * <pre>
 *   number  = [sign] (digits ["." [digits]] | "." digits) [("e" | "E") [sign] digits]
 *           | [sign] ("inf" | "infinity")          (any case: +/- infinity)
 *           | [sign] "nan"                         (any case: missing)
 *           | ""                                   (empty or blank: missing)
 * </pre>
 * Missing values parse to NaN. Not accepted: hexadecimal, Java's {@code f}/{@code d} suffixes, {@code NA},
 * {@code null}, thousands separators, decimal commas, spaces inside the number.
 *
 * <p>A number of at most 18 digits (leading zeros counted) whose digits make an integer of at most 2^53, with a
 * power of ten within 10^&plusmn;22, takes Clinger's exact fast path: one IEEE multiplication or division of two
 * exactly representable doubles is correctly rounded. Everything else falls back to {@link Double#parseDouble}, so
 * the result is always the correctly rounded double. A fraction's first eight bytes are read as one word with
 * {@link Swar} ({@code Float.toString} and Python write up to nine fraction digits): 1.24x the CSV rows/s of a byte
 * loop in {@code CodecBenchmark}. The integer part stays a byte loop: it is mostly one digit, and a word there was
 * slower.
 *
 * <p>Not thread-safe (it keeps the last value and a scratch array); one per decoder.
 */
final class DecimalParser {
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    private static final long[] POW10_LONG = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    private static final int MAX_LONG_DIGITS = 18;
    private static final long MAX_EXACT_MANTISSA = 1L << 53;
    private static final int EXPONENT_CLAMP = 100_000;

    private double value;
    private int exponent;
    private byte[] scratch = new byte[32];

    /** The value of the last successful {@code parse} or {@code number}: NaN for a missing value. */
    double value() {
        return value;
    }

    /** Parses {@code text}; false when it is not a number by the grammar above. */
    boolean parse(CharSequence text) {
        int n = text.length();
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c > 0x7f) {
                return false;
            }
            scratch[i] = (byte) c;
        }
        return parse(scratch, 0, n);
    }

    /** Parses {@code b[from, to)}; false when it is not a number by the grammar above. */
    boolean parse(byte[] b, int from, int to) {
        while (from < to && isBlank(b[from])) {
            from++;
        }
        while (to > from && isBlank(b[to - 1])) {
            to--;
        }
        if (from == to) {
            value = Double.NaN;
            return true;
        }
        int i = b[from] == '-' || b[from] == '+' ? from + 1 : from;
        if (i < to && (b[i] | 0x20) >= 'a') {
            return parseWord(b, i, to, b[from] == '-');
        }
        return number(b, from, to) == to;
    }

    /**
     * Reads the decimal number that {@code b[from, to)} starts with, {@code [sign] (digits ["." [digits]] | "."
     * digits) [("e" | "E") [sign] digits]} (no blanks, no words), into {@link #value}.
     *
     * @return the index after the number (the caller checks what follows), or -1 when the bytes do not start with one
     */
    int number(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int intStart = i;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            mantissa = mantissa * 10 + d;
        }
        int digits = i - intStart;
        int fracDigits = 0;
        if (i < to && b[i] == '.') {
            int fracStart = ++i;
            if (i + 8 <= to) { // up to eight fraction digits at once (Float.toString writes up to nine)
                int n = Swar.leadingDigits(b, i);
                mantissa = mantissa * POW10_LONG[n] + Swar.digitsValue(b, i, n);
                i += n;
            }
            for (; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                mantissa = mantissa * 10 + d;
            }
            fracDigits = i - fracStart;
            digits += fracDigits;
        }
        if (digits == 0) {
            return -1;
        }
        int exp10 = 0;
        if (i < to && (b[i] | 0x20) == 'e') {
            i = parseExponent(b, i + 1, to);
            if (i < 0) {
                return -1;
            }
            exp10 = exponent;
        }
        // more than 18 digits may have overflowed the mantissa: the JDK reads those
        value = digits > MAX_LONG_DIGITS ? slow(b, from, i) : exact(mantissa, exp10 - fracDigits, negative, b, from, i);
        return i;
    }

    /** Reads {@code [sign] digits} into {@link #exponent} (clamped); the index after it, or -1 when malformed. */
    private int parseExponent(byte[] b, int i, int to) {
        boolean negative = i < to && b[i] == '-';
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            i++;
        }
        int start = i;
        int e = 0;
        for (; i < to && isDigit(b[i]); i++) {
            e = Math.min(e * 10 + (b[i] - '0'), EXPONENT_CLAMP);
        }
        if (i == start) {
            return -1;
        }
        exponent = negative ? -e : e;
        return i;
    }

    private static double exact(long mantissa, int exp10, boolean negative, byte[] b, int from, int to) {
        double m = mantissa;
        double v;
        if (mantissa == 0) {
            v = 0;
        } else if (mantissa > MAX_EXACT_MANTISSA) {
            return slow(b, from, to);
        } else if (exp10 == 0) {
            v = m;
        } else if (exp10 > 0 && exp10 < POW10.length) {
            v = m * POW10[exp10];
        } else if (exp10 < 0 && -exp10 < POW10.length) {
            v = m / POW10[-exp10];
        } else {
            return slow(b, from, to);
        }
        return negative ? -v : v;
    }

    private static double slow(byte[] b, int from, int to) {
        return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
    }

    private boolean parseWord(byte[] b, int i, int to, boolean negative) {
        if (matches(b, i, to, "nan")) {
            value = Double.NaN;
            return true;
        }
        if (matches(b, i, to, "inf") || matches(b, i, to, "infinity")) {
            value = negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            return true;
        }
        return false;
    }

    private static boolean matches(byte[] b, int i, int to, String lowerWord) {
        if (to - i != lowerWord.length()) {
            return false;
        }
        for (int k = 0; k < lowerWord.length(); k++) {
            if ((b[i + k] | 0x20) != lowerWord.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t';
    }
}
