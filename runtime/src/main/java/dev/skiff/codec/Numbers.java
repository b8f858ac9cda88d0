package dev.skiff.codec;

import java.nio.charset.StandardCharsets;

/**
 * Decimal text to {@code double}, straight from bytes. Accepts what Python's {@code float()} accepts for plain
 * decimals: optional surrounding blanks, a sign, digits with an optional point ({@code 1}, {@code 1.}, {@code .5}),
 * an optional exponent ({@code 1e-3}), and {@code nan} / {@code inf} / {@code infinity} in any case. Not Java's
 * extras ({@code 1f}, {@code 0x1p3}). Correctly rounded: simple numbers (at most 15 significant digits, a decimal
 * exponent within ±22) are computed exactly in one double operation, anything else goes to
 * {@link Double#parseDouble}.
 */
final class Numbers {
    private static final double[] POWERS = new double[23];

    static {
        POWERS[0] = 1;
        for (int i = 1; i < POWERS.length; i++) {
            POWERS[i] = POWERS[i - 1] * 10;
        }
    }

    private Numbers() {
    }

    /** Whether {@code [from, to)} holds only blanks: a missing value. */
    static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    /** The number in {@code [from, to)}; throws {@link NumberFormatException} when it is not one. */
    static double parse(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int exponent = 0;
        int digits = 0;
        for (; i < to && isDigit(b[i]); i++, digits++) {
            if (significant < 19) {
                mantissa = mantissa * 10 + (b[i] - '0');
                significant += mantissa == 0 ? 0 : 1;
            } else {
                exponent++;
            }
        }
        if (i < to && b[i] == '.') {
            for (i++; i < to && isDigit(b[i]); i++, digits++) {
                if (significant < 19) {
                    mantissa = mantissa * 10 + (b[i] - '0');
                    significant += mantissa == 0 ? 0 : 1;
                    exponent--;
                }
            }
        }
        if (digits == 0) {
            return word(b, from, to);
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int start = i;
            int e = 0;
            for (; i < to && isDigit(b[i]); i++) {
                e = e < 100_000 ? e * 10 + (b[i] - '0') : e;
            }
            if (i == start) {
                throw notANumber(b, from, to);
            }
            exponent += negativeExponent ? -e : e;
        }
        if (i != to) {
            throw notANumber(b, from, to);
        }
        double value;
        if (significant <= 15 && exponent >= -22 && exponent <= 22) {
            value = exponent >= 0 ? mantissa * POWERS[exponent] : mantissa / POWERS[-exponent];
        } else {
            value = Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
            return value; // the text carries its own sign
        }
        return negative ? -value : value;
    }

    /** The number in {@code text}, with the same grammar. */
    static double parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return parse(b, 0, b.length);
    }

    private static double word(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        String word = new String(b, i, to - i, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
        switch (word) {
            case "nan":
                return Double.NaN;
            case "inf":
            case "infinity":
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            default:
                throw notANumber(b, from, to);
        }
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static NumberFormatException notANumber(byte[] b, int from, int to) {
        return new NumberFormatException(new String(b, from, to - from, StandardCharsets.UTF_8));
    }
}
