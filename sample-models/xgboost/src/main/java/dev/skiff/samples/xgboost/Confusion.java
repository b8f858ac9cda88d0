package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-class counts of a classification, for the container's scikit-learn metrics: {@code accuracy_score},
 * {@code balanced_accuracy_score}, and precision, recall and F1 averaged {@code "binary"} (class 1) or
 * {@code "macro"} (over every class among labels and predictions). A division by zero counts 0, as scikit-learn's
 * default {@code zero_division} does.
 */
final class Confusion {
    enum Score { PRECISION, RECALL, F1 }

    private final String metric;
    private final String data;
    private final List<Double> classes;
    private final long[] truePositives;
    private final long[] actual;
    private final long[] predictedCount;
    private final long rows;

    private Confusion(String metric, String data, List<Double> classes, long rows) {
        this.metric = metric;
        this.data = data;
        this.classes = classes;
        this.rows = rows;
        this.truePositives = new long[classes.size()];
        this.actual = new long[classes.size()];
        this.predictedCount = new long[classes.size()];
    }

    /** Counts {@code labels} against {@code predicted}; labels must be classes (whole numbers), as scikit-learn's. */
    static Confusion of(String metric, String data, float[] labels, double[] predicted) {
        for (float label : labels) {
            if (label != Math.rint(label)) {
                throw new TrainingException("metric " + metric + " needs class labels (whole numbers) but '" + data
                        + "' has label " + label + ": use a regression metric such as rmse or r2");
            }
        }
        Confusion c = new Confusion(metric, data, new ArrayList<>(ContainerMetrics.present(labels, predicted)),
                labels.length);
        Map<Double, Integer> index = new HashMap<>();
        for (int k = 0; k < c.classes.size(); k++) {
            index.put(c.classes.get(k), k);
        }
        for (int r = 0; r < labels.length; r++) {
            int truth = index.get((double) labels[r]);
            int guess = index.get(predicted[r]);
            c.actual[truth]++;
            c.predictedCount[guess]++;
            if (truth == guess) {
                c.truePositives[truth]++;
            }
        }
        return c;
    }

    double accuracy() {
        long correct = 0;
        for (long tp : truePositives) {
            correct += tp;
        }
        return (double) correct / rows;
    }

    /** The mean recall over the classes that occur among the labels. */
    double balancedAccuracy() {
        double sum = 0;
        int n = 0;
        for (int k = 0; k < classes.size(); k++) {
            if (actual[k] > 0) {
                sum += (double) truePositives[k] / actual[k];
                n++;
            }
        }
        return n == 0 ? 0.0 : sum / n;
    }

    double macro(Score score) {
        double sum = 0;
        for (int k = 0; k < classes.size(); k++) {
            sum += score(score, k);
        }
        return sum / classes.size();
    }

    /** The score of class 1, which must be one of at most two classes (scikit-learn's {@code average="binary"}). */
    double binary(Score score) {
        if (classes.size() > 2) {
            String instead = metric.equals("f1_binary") ? "f1_macro" : metric + "_macro or " + metric + "_micro";
            throw new TrainingException("metric " + metric + " is for two classes (0 and 1) but labels and"
                    + " predictions on '" + data + "' hold " + classes.size() + ": use " + instead + " instead");
        }
        int positive = classes.indexOf(1.0);
        if (positive < 0 && classes.size() == 2) {
            throw new TrainingException("metric " + metric + " scores class 1, but the classes on '" + data
                    + "' are " + classes + ": label the positive class 1");
        }
        return positive < 0 ? 0.0 : score(score, positive);
    }

    private double score(Score score, int k) {
        return switch (score) {
            case PRECISION -> ratio(truePositives[k], predictedCount[k]);
            case RECALL -> ratio(truePositives[k], actual[k]);
            case F1 -> ratio(2 * truePositives[k], predictedCount[k] + actual[k]);
        };
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }
}
