package dev.skiff.samples.xgboost;

/**
 * Scores dense rows with one model (or an ensemble of them): the seam between serving and whatever evaluates the
 * trees: Skiff's JVM tree evaluator ({@link JvmScorer}) or XGBoost4J ({@link BoosterScorer}), chosen for each model
 * file by {@link EvaluatorChoice}; {@link Ensemble} combines several.
 *
 * <p>Called from several model threads at once: implementations are thread-safe.
 */
interface Scorer extends AutoCloseable {
    /**
     * The model's output for {@code rows} rows of {@code width} features (row-major, NaN = missing), after the
     * objective's transform (probabilities for {@code binary:logistic}, class indices for {@code multi:softmax}):
     * {@code rows * outputs} floats, row-major.
     */
    float[] score(float[] dense, int rows, int width) throws Exception;

    /** Which evaluator this is and what it serves, for the load log. */
    String describe();

    /** Frees what the model holds; called once, after the last {@link #score}. */
    @Override
    void close();
}
