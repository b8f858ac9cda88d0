package dev.skiff.samples.xgboost;

/**
 * What computes a model's raw predictions: XGBoost4J ({@link BoosterScorer}) or Skiff's JVM tree evaluator
 * ({@link JvmScorer}), chosen once at load by {@link EvaluatorChoice}. Called from several model threads at once.
 */
interface Scorer extends AutoCloseable {
    /**
     * Predictions for {@code rows} rows of {@code x} ({@code width} floats each, NaN = missing): row-major, the same
     * number of values for every row.
     */
    float[] score(float[] x, int rows, int width) throws Exception;

    /** Which evaluator this is and what it serves, for the load log. */
    String describe();

    @Override
    void close();
}
