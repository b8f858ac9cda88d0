package dev.skiff.testmodel;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.ModelHooks;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.SkiffException;
import java.util.ArrayList;
import java.util.List;

/**
 * Hooks in the spirit of a wine-quality model: names the features, refuses a first feature outside (0, 1), and maps
 * a score to "good" / "bad". Installed only through a jar in a test's model/code folder.
 */
public final class LabelHooks implements ModelHooks {
    @Override
    public InputSchema inputSchema(InputSchema schema) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < schema.featureCount(); i++) {
            names.add(i == 0 ? "density" : "f" + (i + 1));
        }
        return InputSchema.named(names, true);
    }

    @Override
    public void validate(Batch batch) {
        for (int i = 0; i < batch.size(); i++) {
            double density = batch.number(i, 0);
            if (!(density > 0 && density < 1)) {
                throw SkiffException.badRow(ErrorCode.INVALID_INPUT, batch.rowNumber(i), "density",
                        "density " + density + " is outside (0, 1)");
            }
        }
    }

    @Override
    public Predictions postprocess(Batch batch, Predictions predictions) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            labels.add(predictions.scores()[i] >= 1 ? "good" : "bad");
        }
        return Predictions.of(labels);
    }
}
