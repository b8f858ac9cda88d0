package dev.skiff.samples.xgboost;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.SkiffException;

/**
 * A loaded model (one file or an ensemble): scores each batch's dense {@code float[]} with its {@link Scorer} and
 * shapes the answer as SageMaker's XGBoost container does ({@link OutputShape}), or as MLflow does for an MLflow
 * model ({@link MlflowAnswer}).
 */
final class XGBoostModel implements Model {
    private final Scorer scorer;
    private final ModelHeader header;
    private final InputSchema schema;
    private final Answer output;

    XGBoostModel(Scorer scorer, ModelHeader header, OutputShape output) {
        this(scorer, header, InputSchema.numeric(header.numFeature()), output);
    }

    /** A model with its own input schema (an MLflow signature's) and answer shape. */
    XGBoostModel(Scorer scorer, ModelHeader header, InputSchema schema, Answer output) {
        this.scorer = scorer;
        this.header = header;
        this.schema = schema;
        this.output = output;
    }

    @Override
    public InputSchema inputSchema() {
        return schema;
    }

    ModelHeader header() {
        return header;
    }

    /** Which evaluator serves the model, as the load log says it. */
    String evaluator() {
        return scorer.describe();
    }

    /**
     * Yes: a row's prediction depends on that row alone, and every call has a fixed cost (XGBoost4J's JNI call and
     * proxy matrix, about 80 µs; the JVM evaluator walks several rows through a tree at once), so concurrent small
     * requests predicted together cost far less than one call each.
     */
    @Override
    public boolean acceptsMergedBatches() {
        return true;
    }

    @Override
    public Predictions predict(Batch batch) throws Exception {
        int rows = batch.size();
        int width = batch.width();
        if (width != header.numFeature()) {
            throw SkiffException.badRow(ErrorCode.WRONG_FEATURE_COUNT, batch.firstRow(), null,
                    width + " features; the model takes " + header.numFeature());
        }
        float[] scores = scorer.score(dense(batch), rows, width);
        return output.predictions(scores, rows, rows == 0 ? 1 : scores.length / rows);
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
        scorer.close();
    }
}
