package ${package};

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.SkiffException;

/**
 * The example model: {@code bias + sum(weight[i] * feature[i])}. Skiff has already checked each row's width against
 * {@link #inputSchema} and parsed the numbers; {@link #predict} runs on the model's own threads (it may block) and
 * must be thread-safe: this one holds nothing mutable.
 */
final class LinearModel implements Model {
    private final float[] weights;
    private final float bias;

    LinearModel(float[] weights, float bias) {
        this.weights = weights.clone();
        this.bias = bias;
    }

    @Override
    public InputSchema inputSchema() {
        return InputSchema.numeric(weights.length);
    }

    @Override
    public Predictions predict(Batch batch) {
        float[] scores = new float[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            float score = bias;
            for (int c = 0; c < weights.length; c++) {
                double value = batch.number(i, c);
                if (Double.isNaN(value)) {
                    // A 400 that names the row and the column; the client sees it as invalid_input.
                    throw SkiffException.badRow(ErrorCode.INVALID_INPUT, batch.rowNumber(i), String.valueOf(c + 1),
                            "a value is missing; this model needs every feature");
                }
                score += weights[c] * (float) value;
            }
            scores[i] = score;
        }
        return Predictions.scores(scores, 1);
    }
}
