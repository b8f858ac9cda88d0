package dev.skiff.spi;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A training job's hyperparameters ({@code /opt/ml/input/config/hyperparameters.json}). SageMaker passes every
 * value as a string; these accessors parse them and fail with a {@link TrainingException} that names the key, the
 * value and what was expected, e.g. {@code hyperparameter max_depth='abc' is not an integer}.
 *
 * <p>Values are trimmed before parsing. Booleans accept {@code true/false}, {@code 1/0} and {@code yes/no} in any case.
 * Immutable and thread-safe.
 */
public final class Hyperparameters {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private final Map<String, String> values;

    public Hyperparameters(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** Every hyperparameter as given, sorted by key. */
    public Map<String, String> asMap() {
        return values;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The raw value, if set. */
    public Optional<String> find(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    public int integer(String key, int fallback) {
        return has(key) ? requiredInteger(key) : fallback;
    }

    public double decimal(String key, double fallback) {
        return has(key) ? requiredDecimal(key) : fallback;
    }

    public boolean bool(String key, boolean fallback) {
        return has(key) ? requiredBool(key) : fallback;
    }

    public String requiredString(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new TrainingException("hyperparameter '" + key + "' is required but not set: add it to the"
                    + " training job's HyperParameters");
        }
        return value;
    }

    public int requiredInteger(String key) {
        String value = requiredString(key).trim();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            String expected = value.matches("[+-]?\\d+") ? "an integer in [" + Integer.MIN_VALUE + ", "
                    + Integer.MAX_VALUE + "]" : "an integer";
            throw invalid(key, expected);
        }
    }

    /** A finite decimal number in plain or scientific notation ({@code 0.3}, {@code 1e-5}). */
    public double requiredDecimal(String key) {
        String value = requiredString(key).trim();
        if (!DECIMAL.matcher(value).matches()) {
            throw invalid(key, "a number");
        }
        double parsed = Double.parseDouble(value);
        if (Double.isInfinite(parsed)) {
            throw invalid(key, "a finite number");
        }
        return parsed;
    }

    public boolean requiredBool(String key) {
        String value = requiredString(key).trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw invalid(key, "true or false");
        };
    }

    private TrainingException invalid(String key, String expected) {
        return new TrainingException("hyperparameter " + key + "='" + values.get(key) + "' is not " + expected);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
