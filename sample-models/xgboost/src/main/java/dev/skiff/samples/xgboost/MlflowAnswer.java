package dev.skiff.samples.xgboost;

import dev.skiff.spi.Predictions;
import java.util.ArrayList;
import java.util.List;

/**
 * What MLflow's pyfunc {@code predict} returns for an XGBoost model, so that {@code {"predictions": [...]}} holds
 * the same values as MLflow's scoring server: a Booster's (or a regressor's) output as it is (a number per row, or a
 * row of class probabilities), or, for xgboost's scikit-learn classifiers, the class label: the most probable class
 * for a class-probability row, the class itself for {@code multi:softmax}, else 1 when the score is above 0.5
 * (xgboost's {@code XGBClassifier.predict}).
 */
final class MlflowAnswer implements Answer {
    private final boolean labels;
    private final boolean softmax;

    MlflowAnswer(boolean labels, String objective) {
        this.labels = labels;
        this.softmax = objective.equals("multi:softmax");
    }

    @Override
    public Predictions predictions(float[] raw, int rows, int width) {
        if (!labels) {
            return Predictions.scores(raw, width);
        }
        List<Long> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            out.add(label(raw, r * width, width));
        }
        return Predictions.of(out);
    }

    private long label(float[] raw, int from, int width) {
        if (width > 1) {
            int best = 0;
            for (int c = 1; c < width; c++) {
                if (raw[from + c] > raw[from + best]) { // numpy's argmax: the first of equal maxima
                    best = c;
                }
            }
            return best;
        }
        return softmax ? (long) raw[from] : raw[from] > 0.5f ? 1 : 0;
    }
}
