package dev.skiff.spi;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a model accepts, so the runtime can validate rows and pick the fastest decoding.
 *
 * @param featureCount features per row, or {@link #ANY} to take the first row's width (every row must then match)
 * @param featureNames the features' names in column order, or an empty list; names let JSON rows be objects
 *                     ({@code {"density": 0.99, ...}}) and let errors name the field
 * @param numeric      {@code true}: every value is a number and rows arrive as a dense {@code float[]}
 *                     ({@link Batch#dense()}, missing values as NaN); {@code false}: rows arrive as {@code Object[]}
 *                     of {@link Double}, {@link String} or {@code null}
 * @param featureTypes one {@link FeatureType} per feature, enforced while decoding; empty: untyped (any number for
 *                     a numeric schema, anything for a general one)
 * @param requiredFeatures named features a row given as an object (JSON) must include; others may be left out
 *                     (missing). Empty by default
 */
public record InputSchema(int featureCount, List<String> featureNames, boolean numeric,
                          List<FeatureType> featureTypes, Set<String> requiredFeatures) {
    public static final int ANY = -1;

    public InputSchema {
        featureNames = List.copyOf(featureNames);
        featureTypes = List.copyOf(featureTypes);
        requiredFeatures = Set.copyOf(requiredFeatures);
        if (!featureNames.isEmpty() && featureCount != featureNames.size()) {
            throw new IllegalArgumentException(
                    "featureCount " + featureCount + " differs from " + featureNames.size() + " feature names");
        }
        if (!featureTypes.isEmpty() && featureCount != featureTypes.size()) {
            throw new IllegalArgumentException(
                    "featureCount " + featureCount + " differs from " + featureTypes.size() + " feature types");
        }
        if (!featureNames.containsAll(requiredFeatures)) {
            throw new IllegalArgumentException("required features " + requiredFeatures + " are not all named");
        }
        if (featureCount < ANY || featureCount == 0) {
            throw new IllegalArgumentException("featureCount must be positive or ANY, was " + featureCount);
        }
    }

    /** An untyped schema, as before types existed. */
    public InputSchema(int featureCount, List<String> featureNames, boolean numeric) {
        this(featureCount, featureNames, numeric, List.of(), Set.of());
    }

    /** This schema with a type per feature and the named features a row must include. */
    public InputSchema typed(List<FeatureType> types, Set<String> required) {
        return new InputSchema(featureCount, featureNames, numeric, types, required);
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
