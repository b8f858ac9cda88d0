package dev.skiff.samples.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A {@link Scorer} on XGBoost4J: {@code Booster.inplace_predict} on the batch's dense floats, with the member's round
 * limit as the iteration range. No DMatrix, no copy of the input, no lock (XGBoost documents in-place prediction as
 * safe from many threads; {@code Booster.predict(DMatrix)} is synchronized on the booster).
 */
final class BoosterScorer implements Scorer {
    private final Booster booster;
    private final int[] iterationRange;

    /** Takes ownership of {@code booster}. */
    BoosterScorer(Booster booster, int roundLimit) {
        this.booster = booster;
        this.iterationRange = roundLimit > 0 ? new int[] {0, roundLimit} : null;
    }

    @Override
    public float[] score(float[] dense, int rows, int width) throws XGBoostError {
        float[][] out = iterationRange == null
                ? booster.inplace_predict(dense, rows, width, Float.NaN)
                : booster.inplace_predict(dense, rows, width, Float.NaN, iterationRange);
        int outputs = out.length == 0 ? 1 : out[0].length;
        float[] flat = new float[rows * outputs];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(out[r], 0, flat, r * outputs, outputs);
        }
        return flat;
    }

    @Override
    public String describe() {
        return "xgboost4j" + (iterationRange == null ? "" : ", rounds [0, " + iterationRange[1] + ")");
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
