package dev.skiff.samples.xgboost;

import dev.skiff.samples.xgboost.trees.TreeEvaluator;

/** Skiff's own tree evaluator: no JNI, no native memory; equal to XGBoost 1.7's predictions (see docs/XGBOOST.md). */
final class JvmScorer implements Scorer {
    private final TreeEvaluator trees;

    JvmScorer(TreeEvaluator trees) {
        this.trees = trees;
    }

    @Override
    public float[] score(float[] x, int rows, int width) {
        return trees.predict(x, rows);
    }

    @Override
    public String describe() {
        return "jvm (" + trees.describe() + ")";
    }

    @Override
    public void close() {
        // plain Java arrays: nothing to free
    }
}
