package dev.skiff.samples.xgboost;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.SkiffException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A loaded booster. Predicts with XGBoost's in-place prediction on the batch's dense {@code float[]}: no DMatrix,
 * no copy of the input, and no lock (XGBoost documents in-place prediction as safe to call from many threads;
 * {@code Booster.predict(DMatrix)} is synchronized on the booster).
 */
final class XGBoostModel implements Model {
    private final Booster booster;
    private final ModelHeader header;
    private final OutputShape output;

    XGBoostModel(Booster booster, ModelHeader header, OutputShape output) {
        this.booster = booster;
        this.header = header;
        this.output = output;
    }

    @Override
    public InputSchema inputSchema() {
        return InputSchema.numeric(header.numFeature());
    }

    ModelHeader header() {
        return header;
    }

    @Override
    public Predictions predict(Batch batch) throws XGBoostError {
        int rows = batch.size();
        int width = batch.width();
        if (width != header.numFeature()) {
            throw SkiffException.badRow(ErrorCode.WRONG_FEATURE_COUNT, batch.firstRow(), null,
                    width + " features; the model takes " + header.numFeature());
        }
        float[][] out = booster.inplace_predict(dense(batch), rows, width, Float.NaN);
        int outWidth = out.length == 0 ? 1 : out[0].length;
        float[] flat = new float[rows * outWidth];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(out[r], 0, flat, r * outWidth, outWidth);
        }
        return output.predictions(flat, rows, outWidth);
    }

    /** A hook may hand over a general batch; XGBoost takes only numbers. */
    private static float[] dense(Batch batch) {
        if (batch.isDense()) {
            return batch.dense();
        }
        float[] values = new float[batch.size() * batch.width()];
        for (int i = 0; i < batch.size(); i++) {
            for (int c = 0; c < batch.width(); c++) {
                values[i * batch.width() + c] = (float) batch.number(i, c);
            }
        }
        return values;
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
