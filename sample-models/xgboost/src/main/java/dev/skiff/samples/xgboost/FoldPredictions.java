package dev.skiff.samples.xgboost;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The out-of-fold predictions of a k-fold job, written as the container's {@code ValidationPredictionRecorder}
 * writes {@code output/data/predictions.csv}: one line per row of train and validation (in that order), the label,
 * then for a classification the mean probability and the most frequent predicted class over the repeats, for a
 * regression the mean prediction; six decimals. A binary class is {@code p > 0.5}, a multi-class one the most
 * probable. For {@code multi:softmax}, whose prediction is the class itself, the probability is {@code nan} (the
 * container would take the class number for a probability).
 */
final class FoldPredictions {
    static final String FILE = "predictions.csv";

    private final float[] labels;
    private final boolean classification;
    private final boolean softmax;
    private final double[][] predicted;
    private final double[][] probability;
    private final int[] seen;

    FoldPredictions(float[] labels, int repeats, boolean classification, boolean softmax) {
        this.labels = labels.clone();
        this.classification = classification;
        this.softmax = softmax;
        this.predicted = new double[labels.length][repeats];
        this.probability = new double[labels.length][repeats];
        this.seen = new int[labels.length];
    }

    /** Records a fold's predictions ({@code predictions[i]} for row {@code rows[i]}, as XGBoost predicts). */
    void record(int[] rows, float[][] predictions) {
        for (int i = 0; i < rows.length; i++) {
            int row = rows[i];
            float[] p = predictions[i];
            int repeat = seen[row]++;
            if (!classification) {
                predicted[row][repeat] = p[0];
            } else if (p.length > 1) {
                int best = 0;
                for (int k = 1; k < p.length; k++) {
                    if (p[k] > p[best]) {
                        best = k;
                    }
                }
                predicted[row][repeat] = best;
                probability[row][repeat] = p[best];
            } else {
                predicted[row][repeat] = softmax ? p[0] : (p[0] > 0.5 ? 1 : 0);
                probability[row][repeat] = softmax ? Double.NaN : p[0];
            }
        }
    }

    void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8)) {
            for (int row = 0; row < labels.length; row++) {
                out.write(Evaluation.fixed(labels[row], 6));
                if (classification) {
                    out.write(',' + Evaluation.fixed(mean(probability[row]), 6));
                    out.write(',' + Evaluation.fixed(mode(predicted[row]), 6));
                } else {
                    out.write(',' + Evaluation.fixed(mean(predicted[row]), 6));
                }
                out.write('\n');
            }
        }
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** The most frequent value, the smallest among ties (scipy's {@code stats.mode}). */
    private static double mode(double[] values) {
        double best = Double.NaN;
        int bestCount = 0;
        for (double candidate : values) {
            int count = 0;
            for (double v : values) {
                count += v == candidate ? 1 : 0;
            }
            if (count > bestCount || count == bestCount && candidate < best) {
                best = candidate;
                bestCount = count;
            }
        }
        return best;
    }
}
