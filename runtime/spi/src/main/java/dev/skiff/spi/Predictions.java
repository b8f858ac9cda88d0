package dev.skiff.spi;

import java.util.List;

/**
 * A model's answer for one {@link Batch}: exactly one prediction per input row, in the same order.
 *
 * <p>Dense predictions ({@link #scores}) are {@code size * width} floats: one score per row when {@code width} is 1,
 * else a vector per row (class scores); {@link #named} scores are written as JSON objects. General predictions
 * ({@link #of}) hold one value per row that the encoders can write: a {@link Number}, a {@link String}, a
 * {@code float[]}, a {@link List} of those, or a {@link java.util.Map} with {@link String} keys (a JSON object; in
 * CSV its values in order, where a {@code float[]} spreads over cells and a {@link List} is one quoted cell,
 * {@code "[0.1, 0.9]"}, as SageMaker's XGBoost container writes list values; in RecordIO one {@code label} entry
 * per key).
 */
public final class Predictions {
    private final int size;
    private final int width;
    private final float[] scores;
    private final List<?> values;
    private final List<String> names;
    private final String customAttributes;

    private Predictions(int size, int width, float[] scores, List<?> values, List<String> names,
                        String customAttributes) {
        this.size = size;
        this.width = width;
        this.scores = scores;
        this.values = values;
        this.names = names;
        this.customAttributes = customAttributes;
    }

    /** {@code scores.length / width} rows of {@code width} scores each; the array is used as is. */
    public static Predictions scores(float[] scores, int width) {
        if (width <= 0 || scores.length % width != 0) {
            throw new IllegalArgumentException(scores.length + " scores do not make rows of " + width);
        }
        return new Predictions(scores.length / width, width, scores, null, List.of(), "");
    }

    /**
     * Dense scores with a name for each of a row's {@code names.size()} scores: JSON answers write each row as an
     * object ({@code {"score": 0.43}}), CSV answers the scores alone.
     */
    public static Predictions named(float[] scores, List<String> names) {
        if (names.isEmpty() || scores.length % names.size() != 0) {
            throw new IllegalArgumentException(scores.length + " scores do not make rows of " + names);
        }
        return new Predictions(scores.length / names.size(), names.size(), scores, null, List.copyOf(names), "");
    }

    /** One value per row; see the class comment for what a value may be. */
    public static Predictions of(List<?> values) {
        return new Predictions(values.size(), 0, null,
                java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values)), List.of(), "");
    }

    /**
     * The same predictions, answered with {@code X-Amzn-SageMaker-Custom-Attributes: attributes} (SageMaker hands the
     * header back to the caller). Set by {@link Model#predict} or {@link ModelHooks#postprocess}. The head of an
     * answer goes out with its first batch, so only the first batch's attributes reach the caller; an empty text
     * sends no header.
     *
     * @throws IllegalArgumentException when the text is over {@link RequestContext#MAX_CUSTOM_ATTRIBUTES} characters
     *                                  or not visible ASCII ({@link RequestContext#customAttributesProblem})
     */
    public Predictions withCustomAttributes(String attributes) {
        String problem = RequestContext.customAttributesProblem(attributes);
        if (problem != null) {
            throw new IllegalArgumentException("response custom attributes: " + problem);
        }
        return new Predictions(size, width, scores, values, names, attributes);
    }

    /** The custom attributes to answer with, or the empty string. */
    public String customAttributes() {
        return customAttributes;
    }

    public int size() {
        return size;
    }

    public boolean isDense() {
        return scores != null;
    }

    /** Scores per row of a dense answer. */
    public int width() {
        return width;
    }

    /** The names of a row's scores ({@link #named}), or an empty list. */
    public List<String> names() {
        return names;
    }

    /** The row-major scores of a dense answer. */
    public float[] scores() {
        if (scores == null) {
            throw new IllegalStateException("not a dense answer; use get(i)");
        }
        return scores;
    }

    /** Prediction {@code i}: a {@link Float} or {@code float[]} for dense answers, else the value given. */
    public Object get(int i) {
        if (values != null) {
            return values.get(i);
        }
        if (width == 1) {
            return scores[i];
        }
        float[] row = new float[width];
        System.arraycopy(scores, i * width, row, 0, width);
        return row;
    }
}
