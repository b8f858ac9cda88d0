package dev.skiff.samples.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A {@link Scorer} on XGBoost4J: {@code Booster.inplace_predict} on the batch's dense floats, with the member's round
 * limit as the iteration range. No DMatrix, no copy of the input, no lock (XGBoost documents in-place prediction as
 * safe from many threads; {@code Booster.predict(DMatrix)} is synchronized on the booster). A {@code gblinear}
 * booster has no in-place prediction ("Inplace predict is not supported by the current booster"), so it predicts
 * through a DMatrix (it has no rounds to limit).
 */
final class BoosterScorer implements Scorer {
    private final Booster booster;
    private final boolean inplace;
    private final int[] iterationRange;
    private final String why;

    /** Takes ownership of {@code booster}; {@code why} says in the log why XGBoost4J serves. */
    BoosterScorer(Booster booster, String boosterName, int roundLimit, String why) {
        this.booster = booster;
        this.inplace = !boosterName.equals("gblinear");
        this.iterationRange = roundLimit > 0 ? new int[] {0, roundLimit} : null;
        this.why = why;
    }

    @Override
    public float[] score(float[] dense, int rows, int width) throws XGBoostError {
        float[][] out;
        if (!inplace) {
            out = viaDMatrix(dense, rows, width);
        } else if (iterationRange == null) {
            out = booster.inplace_predict(dense, rows, width, Float.NaN);
        } else {
            out = booster.inplace_predict(dense, rows, width, Float.NaN, iterationRange);
        }
        int outputs = out.length == 0 ? 1 : out[0].length;
        float[] flat = new float[rows * outputs];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(out[r], 0, flat, r * outputs, outputs);
        }
        return flat;
    }

    private float[][] viaDMatrix(float[] dense, int rows, int width) throws XGBoostError {
        DMatrix m = new DMatrix(dense, rows, width, Float.NaN);
        try {
            return booster.predict(m);
        } finally {
            m.dispose();
        }
    }

    @Override
    public String describe() {
        return "xgboost4j" + (iterationRange == null ? "" : ", rounds [0, " + iterationRange[1] + ")") + " (" + why
                + ")";
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
