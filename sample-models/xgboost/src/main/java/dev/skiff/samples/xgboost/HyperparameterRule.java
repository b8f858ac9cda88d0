package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * How SageMaker's XGBoost container parses and range-checks one hyperparameter ({@code IntegerHyperparameter},
 * {@code ContinuousHyperparameter}, {@code CategoricalHyperparameter}, the comma-separated, tuple and nested-list
 * kinds of its algorithm toolkit). {@link #check} fails with a line naming the key, the value and what is allowed.
 */
final class HyperparameterRule {
    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /** A range of numbers as the toolkit writes it: {@code [0, 1]}, {@code (0, 1]}, {@code [1, +inf)}. */
    record Interval(Double min, boolean minOpen, Double max, boolean maxOpen) {
        static Interval atLeast(double min) {
            return new Interval(min, false, null, false);
        }

        static Interval above(double min) {
            return new Interval(min, true, null, false);
        }

        static Interval closed(double min, double max) {
            return new Interval(min, false, max, false);
        }

        boolean contains(double v) {
            return !(min != null && (minOpen ? v <= min : v < min) || max != null && (maxOpen ? v >= max : v > max));
        }

        @Override
        public String toString() {
            String low = min == null ? "(-inf" : (minOpen ? "(" : "[") + number(min);
            String high = max == null ? "+inf)" : number(max) + (maxOpen ? ")" : "]");
            return low + ", " + high;
        }

        private static String number(double d) {
            return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
        }
    }

    private enum Kind { INTEGER, DECIMAL, CHOICE, LIST, TUPLE, NESTED }

    private final Kind kind;
    private final Interval interval;
    private final List<String> choices;
    private final Predicate<String> element;

    private HyperparameterRule(Kind kind, Interval interval, List<String> choices, Predicate<String> element) {
        this.kind = kind;
        this.interval = interval;
        this.choices = choices;
        this.element = element;
    }

    static HyperparameterRule integer(Interval range) {
        return new HyperparameterRule(Kind.INTEGER, range, List.of(), null);
    }

    static HyperparameterRule decimal(Interval range) {
        return new HyperparameterRule(Kind.DECIMAL, range, List.of(), null);
    }

    static HyperparameterRule choice(String... values) {
        return new HyperparameterRule(Kind.CHOICE, null, List.of(values), null);
    }

    static HyperparameterRule choice(List<String> values) {
        return new HyperparameterRule(Kind.CHOICE, null, List.copyOf(values), null);
    }

    /** Comma-separated values, each accepted by {@code element} (whose own failure message wins, if it throws). */
    static HyperparameterRule list(List<String> values, Predicate<String> element) {
        return new HyperparameterRule(Kind.LIST, null, List.copyOf(values), element);
    }

    /** A tuple of integers such as {@code (1,0,-1)}, each one of {@code values}. */
    static HyperparameterRule tuple(String... values) {
        return new HyperparameterRule(Kind.TUPLE, null, List.of(values), null);
    }

    /** A list of lists of integers such as {@code [[1,2],[3,4]]}, each in {@code range}. */
    static HyperparameterRule nested(Interval range) {
        return new HyperparameterRule(Kind.NESTED, range, List.of(), null);
    }

    /** Fails with a {@link TrainingException} unless {@code value} parses and lies in range. */
    void check(String key, String value) {
        String v = value.trim();
        switch (kind) {
            case INTEGER -> inRange(key, value, parseInteger(key, value, v));
            case DECIMAL -> inRange(key, value, parseDecimal(key, value, v));
            case CHOICE -> {
                if (!choices.contains(v)) {
                    throw new TrainingException("hyperparameter " + key + "='" + value + "' is not one of "
                            + String.join(", ", choices));
                }
            }
            case LIST -> {
                for (String item : v.split(",", -1)) {
                    if (!element.test(item.trim())) {
                        throw new TrainingException("hyperparameter " + key + "='" + value + "': '" + item
                                + "' is not one of " + String.join(", ", choices));
                    }
                }
            }
            case TUPLE -> {
                for (String item : items(key, value, v)) {
                    if (!choices.contains(item)) {
                        throw new TrainingException("hyperparameter " + key + "='" + value + "': " + item
                                + " is not one of " + String.join(", ", choices));
                    }
                }
            }
            case NESTED -> nested(key, value, v);
        }
    }

    private void inRange(String key, String value, double parsed) {
        if (!interval.contains(parsed)) {
            throw new TrainingException("hyperparameter " + key + "='" + value + "' is out of range: it must be in "
                    + interval);
        }
    }

    private static long parseInteger(String key, String value, String v) {
        if (INTEGER.matcher(v).matches()) {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                // too large: reported below
            }
        }
        throw new TrainingException("hyperparameter " + key + "='" + value + "' is not an integer");
    }

    private static double parseDecimal(String key, String value, String v) {
        if (DECIMAL.matcher(v).matches() && Double.isFinite(Double.parseDouble(v))) {
            return Double.parseDouble(v);
        }
        throw new TrainingException("hyperparameter " + key + "='" + value + "' is not a number");
    }

    /** {@code (1,0,-1)}, {@code [1,0,-1]} or {@code 1,0,-1} (a tuple to Python's {@code eval}) as its items. */
    private static List<String> items(String key, String value, String v) {
        String body = v.startsWith("(") || v.startsWith("[") ? unwrap(key, value, v,
                "a tuple of integers such as (1,0,-1)") : v;
        List<String> out = new ArrayList<>();
        for (String item : body.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            out.add(Long.toString(parseInteger(key, value, item.trim())));
        }
        return out;
    }

    private void nested(String key, String value, String v) {
        String body = unwrap(key, value, v, "a list of lists of integers such as [[1,2],[3,4]]").trim();
        if (body.isEmpty()) {
            return;
        }
        if (!body.startsWith("[") || !body.endsWith("]")) {
            throw new TrainingException("hyperparameter " + key + "='" + value
                    + "' is not a list of lists of integers such as [[1,2],[3,4]]");
        }
        for (String inner : body.substring(1, body.length() - 1).split("\\]\\s*,\\s*\\[")) {
            for (String item : inner.split(",")) {
                if (!item.isBlank()) {
                    inRange(key, value, parseInteger(key, value, item.trim()));
                }
            }
        }
    }

    private static String unwrap(String key, String value, String v, String expected) {
        boolean parens = v.startsWith("(") && v.endsWith(")");
        boolean brackets = v.startsWith("[") && v.endsWith("]");
        if (v.length() < 2 || !parens && !brackets) {
            throw new TrainingException("hyperparameter " + key + "='" + value + "' is not " + expected);
        }
        return v.substring(1, v.length() - 1);
    }
}
