package dev.skiff.samples.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost4J's in-place prediction on the batch's dense {@code float[]}: no DMatrix, no copy of the input, and no
 * lock (XGBoost documents in-place prediction as safe to call from many threads; {@code Booster.predict(DMatrix)}
 * is synchronized on the booster). A {@code gblinear} booster has no in-place prediction ("Inplace predict is not
 * supported by the current booster"), so it predicts through a DMatrix.
 */
final class BoosterScorer implements Scorer {
    private final Booster booster;
    private final boolean inplace;
    private final String why;

    BoosterScorer(Booster booster, String boosterName, String why) {
        this.booster = booster;
        this.inplace = !boosterName.equals("gblinear");
        this.why = why;
    }

    @Override
    public float[] score(float[] x, int rows, int width) throws XGBoostError {
        float[][] out = inplace ? booster.inplace_predict(x, rows, width, Float.NaN) : viaDMatrix(x, rows, width);
        int outWidth = out.length == 0 ? 1 : out[0].length;
        float[] flat = new float[rows * outWidth];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(out[r], 0, flat, r * outWidth, outWidth);
        }
        return flat;
    }

    private float[][] viaDMatrix(float[] x, int rows, int width) throws XGBoostError {
        DMatrix m = new DMatrix(x, rows, width, Float.NaN);
        try {
            return booster.predict(m);
        } finally {
            m.dispose();
        }
    }

    @Override
    public String describe() {
        return "xgboost4j (" + why + ")";
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
