package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;

import java.util.List;
import java.util.TreeSet;

/**
 * The metrics SageMaker's XGBoost container computes itself ({@code metrics/custom_metrics.py}, with scikit-learn)
 * rather than asking XGBoost: {@code accuracy}, {@code f1}, {@code mse}, {@code r2}, ... and also {@code rmse} and
 * {@code mae}, which it takes from this list whenever they are asked for. Computed as it computes them: from the
 * raw margins (what its 1.x releases hand a custom metric), a class being {@code margin > 0} for one output and the
 * largest margin for several; unweighted; {@code 0} for an empty data set; a zero division counts 0.
 */
final class ContainerMetrics {
    static final List<String> NAMES = List.of("accuracy", "balanced_accuracy", "f1", "f1_binary", "f1_macro", "mse",
            "rmse", "mae", "precision", "precision_macro", "precision_micro", "r2", "recall", "recall_macro",
            "recall_micro");

    private ContainerMetrics() {
    }

    static boolean computes(String metric) {
        return NAMES.contains(metric);
    }

    /**
     * {@code metric} of the rows of {@code data} with these labels and margins ({@code margins[row]} has one value,
     * or one per class). A metric that does not fit the labels (accuracy of fractional labels, precision of three
     * classes) fails with a {@link TrainingException} naming the metric and the data.
     */
    static double compute(String metric, String data, float[] labels, float[][] margins) {
        if (labels.length == 0) {
            return 0.0;
        }
        return switch (metric) {
            case "mse" -> meanSquaredError(metric, data, labels, margins);
            case "rmse" -> Math.sqrt(meanSquaredError(metric, data, labels, margins));
            case "mae" -> meanAbsoluteError(metric, data, labels, margins);
            case "r2" -> r2(metric, data, labels, margins);
            default -> classification(metric, data, labels, classes(margins));
        };
    }

    private static double classification(String metric, String data, float[] labels, double[] predicted) {
        Confusion c = Confusion.of(metric, data, labels, predicted);
        return switch (metric) {
            case "accuracy", "precision_micro", "recall_micro" -> c.accuracy();
            case "balanced_accuracy" -> c.balancedAccuracy();
            case "f1", "f1_macro" -> c.macro(Confusion.Score.F1);
            case "precision_macro" -> c.macro(Confusion.Score.PRECISION);
            case "recall_macro" -> c.macro(Confusion.Score.RECALL);
            case "f1_binary" -> c.binary(Confusion.Score.F1);
            case "precision" -> c.binary(Confusion.Score.PRECISION);
            case "recall" -> c.binary(Confusion.Score.RECALL);
            default -> throw new IllegalArgumentException("not a container metric: " + metric);
        };
    }

    /** The predicted class of each row: margin above 0 for one output, else the index of the largest margin. */
    private static double[] classes(float[][] margins) {
        double[] out = new double[margins.length];
        for (int r = 0; r < margins.length; r++) {
            float[] m = margins[r];
            if (m.length == 1) {
                out[r] = m[0] > 0 ? 1 : 0;
            } else {
                int best = 0;
                for (int k = 1; k < m.length; k++) {
                    if (m[k] > m[best]) {
                        best = k;
                    }
                }
                out[r] = best;
            }
        }
        return out;
    }

    private static double meanSquaredError(String metric, String data, float[] labels, float[][] margins) {
        double sum = 0;
        for (int r = 0; r < labels.length; r++) {
            double d = (double) labels[r] - single(metric, data, margins[r]);
            sum += d * d;
        }
        return sum / labels.length;
    }

    private static double meanAbsoluteError(String metric, String data, float[] labels, float[][] margins) {
        double sum = 0;
        for (int r = 0; r < labels.length; r++) {
            sum += Math.abs((double) labels[r] - single(metric, data, margins[r]));
        }
        return sum / labels.length;
    }

    /** scikit-learn's r2_score: 1 - SSres/SStot; a constant label gives 1 if predicted exactly, else 0. */
    private static double r2(String metric, String data, float[] labels, float[][] margins) {
        if (labels.length < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (float label : labels) {
            mean += label;
        }
        mean /= labels.length;
        double residual = 0;
        double total = 0;
        for (int r = 0; r < labels.length; r++) {
            double d = (double) labels[r] - single(metric, data, margins[r]);
            residual += d * d;
            total += ((double) labels[r] - mean) * ((double) labels[r] - mean);
        }
        if (total == 0) {
            return residual == 0 ? 1.0 : 0.0;
        }
        return 1 - residual / total;
    }

    private static double single(String metric, String data, float[] margin) {
        if (margin.length != 1) {
            throw new TrainingException("metric " + metric + " compares one prediction per row with the label, but"
                    + " the objective gives " + margin.length + " per row on '" + data + "': choose a"
                    + " classification metric such as accuracy or f1");
        }
        return margin[0];
    }

    /** The classes present among labels and predictions, in order (scikit-learn's {@code unique_labels}). */
    static TreeSet<Double> present(float[] labels, double[] predicted) {
        TreeSet<Double> classes = new TreeSet<>();
        for (float label : labels) {
            classes.add((double) label);
        }
        for (double p : predicted) {
            classes.add(p);
        }
        return classes;
    }
}
