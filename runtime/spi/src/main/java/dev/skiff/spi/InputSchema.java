package dev.skiff.spi;

import java.util.List;
import java.util.Map;
import java.util.HashMap;

/**
 * What a model accepts, so the runtime can validate rows and pick the fastest decoding.
 *
 * @param featureCount features per row, or {@link #ANY} to take the first row's width (every row must then match)
 * @param featureNames the features' names in column order, or an empty list; names let JSON rows be objects
 *                     ({@code {"density": 0.99, ...}}) and let errors name the field
 * @param numeric      {@code true}: every value is a number and rows arrive as a dense {@code float[]}
 *                     ({@link Batch#dense()}, missing values as NaN); {@code false}: rows arrive as {@code Object[]}
 *                     of {@link Double}, {@link String} or {@code null}
 */
public record InputSchema(int featureCount, List<String> featureNames, boolean numeric) {
    public static final int ANY = -1;

    public InputSchema {
        featureNames = List.copyOf(featureNames);
        if (!featureNames.isEmpty() && featureCount != featureNames.size()) {
            throw new IllegalArgumentException(
                    "featureCount " + featureCount + " differs from " + featureNames.size() + " feature names");
        }
        if (featureCount < ANY || featureCount == 0) {
            throw new IllegalArgumentException("featureCount must be positive or ANY, was " + featureCount);
        }
    }

    /** Dense numeric rows of {@code featureCount} values ({@link #ANY} for any consistent width). */
    public static InputSchema numeric(int featureCount) {
        return new InputSchema(featureCount, List.of(), true);
    }

    /** Rows of named features, in this column order. */
    public static InputSchema named(List<String> featureNames, boolean numeric) {
        return new InputSchema(featureNames.size(), featureNames, numeric);
    }

    /** Column index (0-based) of each feature name; empty when the schema has no names. */
    public Map<String, Integer> columnIndex() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < featureNames.size(); i++) {
            index.put(featureNames.get(i), i);
        }
        return index;
    }
}
