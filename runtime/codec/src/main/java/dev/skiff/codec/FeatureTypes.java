package dev.skiff.codec;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.FeatureType;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.SkiffException;
import java.util.List;
import java.util.Locale;

/**
 * The {@link FeatureType}s and required features of a typed {@link InputSchema}, as {@link RowCollector} checks
 * them: a number must suit its column (whole for {@code INTEGER}/{@code LONG}, not a number at all for
 * {@code BOOLEAN}), a boolean column takes {@code true}/{@code false} (any case) as 1/0, and a row of named features
 * must name every required one. Errors are {@link ErrorCode#WRONG_TYPE} or {@link ErrorCode#MISSING_FEATURE}
 * naming the row and the feature.
 */
final class FeatureTypes {
    private static final double INT_MAX = Integer.MAX_VALUE;
    private static final double INT_MIN = Integer.MIN_VALUE;

    private final FeatureType[] types;
    private final int[] required;
    private final List<String> names;

    private FeatureTypes(FeatureType[] types, int[] required, List<String> names) {
        this.types = types;
        this.required = required;
        this.names = names;
    }

    /** The checks a schema asks for, or {@code null} when it is untyped and requires nothing. */
    static FeatureTypes of(InputSchema schema) {
        if (schema.featureTypes().isEmpty() && schema.requiredFeatures().isEmpty()) {
            return null;
        }
        List<String> names = schema.featureNames();
        FeatureType[] types = schema.featureTypes().isEmpty() ? null
                : schema.featureTypes().toArray(FeatureType[]::new);
        int[] required = names.stream().filter(schema.requiredFeatures()::contains).mapToInt(names::indexOf).toArray();
        return new FeatureTypes(types, required, names);
    }

    /** Whether column {@code c} is a boolean column, whose text is {@code true}/{@code false}. */
    boolean isBoolean(int c) {
        return types != null && c < types.length && types[c] == FeatureType.BOOLEAN;
    }

    /** Checks a number given for column {@code c}. */
    void number(int c, double v, long row) {
        if (types == null || c >= types.length || Double.isNaN(v)) {
            return;
        }
        FeatureType type = types[c];
        boolean fits = switch (type) {
            case INTEGER -> v == Math.rint(v) && v >= INT_MIN && v <= INT_MAX;
            case LONG -> v == Math.rint(v) && !Double.isInfinite(v);
            case BOOLEAN -> false;
            default -> true;
        };
        if (!fits) {
            String got = v == Math.rint(v) && !Double.isInfinite(v) ? Long.toString((long) v) : Double.toString(v);
            throw wrongType(c, row, type, got);
        }
    }

    /** The value of a boolean column's text: 1, 0, or NaN (missing) for empty text. */
    float bool(int c, String text, long row) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "true" -> 1f;
            case "false" -> 0f;
            case "" -> Float.NaN;
            default -> throw wrongType(c, row, FeatureType.BOOLEAN, "'" + RowCollector.abbreviate(text) + "'");
        };
    }

    /** Checks that a named row set every required feature ({@code setInRow[c] == row} for the ones it set). */
    void required(long[] setInRow, long row) {
        for (int c : required) {
            if (setInRow[c] != row) {
                throw SkiffException.badRow(ErrorCode.MISSING_FEATURE, row, names.get(c),
                        "required feature missing; the model's signature requires it");
            }
        }
    }

    SkiffException wrongType(int c, long row, FeatureType type, String got) {
        String column = c < names.size() ? names.get(c) : String.valueOf(c + 1);
        return SkiffException.mismatch(ErrorCode.WRONG_TYPE, row, column, got + " is not " + type.description(),
                type.description(), got);
    }
}
