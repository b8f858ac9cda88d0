package dev.skiff.codec;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.util.List;

/**
 * Python's {@code repr} of a list of numbers ({@code [0.02905440330505371, 0.9709455966949463]}), which SageMaker's
 * XGBoost container writes into a CSV cell for a list-valued answer. A {@link Float} is first widened to double, as
 * numpy's {@code tolist()} does, and printed with the shortest digits that identify that double: the container's
 * bytes for the same values.
 */
final class PythonRepr {
    private PythonRepr() {
    }

    /** {@code [a, b, c]}: numbers as Python prints them, {@code None}, {@code True}/{@code False}, nested lists. */
    static String list(List<?> values) {
        StringBuilder out = new StringBuilder().append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            item(out, values.get(i));
        }
        return out.append(']').toString();
    }

    private static void item(StringBuilder out, Object v) {
        if (v == null) {
            out.append("None");
        } else if (v instanceof Boolean b) {
            out.append(b ? "True" : "False");
        } else if (v instanceof Float f) {
            out.append(number(f.doubleValue()));
        } else if (v instanceof Double d) {
            out.append(number(d));
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.append(v);
        } else if (v instanceof List<?> list) {
            out.append(list(list));
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " in a list cell");
        }
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that read back as {@code d}; positional notation when the
     * decimal exponent is in [-4, 16), else {@code 1e-05} / {@code 1.5e+16}; integral values end in {@code .0}.
     */
    static String number(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal shortest = new BigDecimal(NumberOutput.toString(d, true)).stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int point = digits.length() - shortest.scale(); // d = 0.DIGITS x 10^point
        StringBuilder out = new StringBuilder(d < 0 ? "-" : "");
        if (point > -4 && point <= 16) {
            if (point <= 0) {
                out.append("0.").append("0".repeat(-point)).append(digits);
            } else if (point >= digits.length()) {
                out.append(digits).append("0".repeat(point - digits.length())).append(".0");
            } else {
                out.append(digits, 0, point).append('.').append(digits, point, digits.length());
            }
            return out.toString();
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        int exponent = point - 1;
        return out.append(exponent < 0 ? "e-" : "e+").append(Math.abs(exponent) < 10 ? "0" : "")
                .append(Math.abs(exponent)).toString();
    }
}
