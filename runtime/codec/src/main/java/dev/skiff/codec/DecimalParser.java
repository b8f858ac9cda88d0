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
 * <p>Simple decimals (at most 15 significant digits, a power of ten within 10^&plusmn;22) take Clinger's exact fast
 * path: one IEEE multiplication or division of two exactly representable doubles is correctly rounded. Everything
 * else falls back to {@link Double#parseDouble}, so the result is always the correctly rounded double.
 *
 * <p>Not thread-safe (it keeps the last value and a scratch array); one per decoder.
 */
final class DecimalParser {
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };
    private static final int MAX_EXACT_DIGITS = 15;
    private static final int EXPONENT_CLAMP = 100_000;

    private double value;
    private int exponent;
    private byte[] scratch = new byte[32];

    /** The value of the last successful {@code parse}: NaN for a missing value. */
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
        return parseTrimmed(b, from, to);
    }

    /** The hot loop of CSV decoding: kept in one method on locals, which the JIT keeps in registers. */
    private boolean parseTrimmed(byte[] b, int from, int to) {
        int i = from;
        boolean negative = b[i] == '-';
        if (negative || b[i] == '+') {
            i++;
        }
        if (i < to && (b[i] | 0x20) >= 'a') {
            return parseWord(b, i, to, negative);
        }
        long mantissa = 0;
        int digits = 0;
        int exp10 = 0;
        boolean anyDigit = false;
        for (; i < to && isDigit(b[i]); i++) {
            anyDigit = true;
            int d = b[i] - '0';
            if (digits > 0 || d != 0) {
                if (digits < 19) {
                    mantissa = mantissa * 10 + d;
                } else {
                    exp10++;
                }
                digits++;
            }
        }
        if (i < to && b[i] == '.') {
            for (i++; i < to && isDigit(b[i]); i++) {
                anyDigit = true;
                int d = b[i] - '0';
                if (digits > 0 || d != 0) {
                    if (digits < 19) {
                        mantissa = mantissa * 10 + d;
                        exp10--;
                    }
                    digits++;
                } else {
                    exp10--;
                }
            }
        }
        if (!anyDigit) {
            return false;
        }
        if (i < to && (b[i] | 0x20) == 'e') {
            i = parseExponent(b, i + 1, to);
            if (i < 0) {
                return false;
            }
            exp10 = clamp(exp10 + exponent);
        }
        if (i != to) {
            return false;
        }
        value = digits > MAX_EXACT_DIGITS ? slow(b, from, to) : exact(mantissa, exp10, negative, b, from, to);
        return true;
    }

    /** Reads {@code [sign] digits} into {@link #exponent}; the index after it, or -1 when malformed. */
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

    private static int clamp(int e) {
        return Math.max(-EXPONENT_CLAMP, Math.min(EXPONENT_CLAMP, e));
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isBlank(byte c) {
        return c == ' ' || c == '\t';
    }
}
