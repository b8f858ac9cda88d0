package dev.skiff.samples.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A seeded regression whose target depends strongly on feature 0, {@code y = 3 sin(4 x0 + 2 x1) + 2 x2 x3 - x4}
 * plus a little noise (x5 is noise only), shared by region of x0: with two shards, one holds x0 &lt; 0 and the other
 * x0 &ge; 0. A model that saw one shard only cannot know the other region, so training on one shard is clearly worse
 * than training on both; this is how the multi-host tests see that every host's data was used. (The same function
 * and sharding as {@code bench/training/regions.py}, which the container tests and the figure script use.)
 */
final class RegionData {
    static final int FEATURES = 6;

    private RegionData() {
    }

    /** {@code n} rows {@code label,x0,...,x5}, each row's x0 uniform in [-1, 1). */
    static List<double[]> rows(int n, long seed) {
        Random random = new Random(seed);
        List<double[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] row = new double[FEATURES + 1];
            for (int f = 1; f <= FEATURES; f++) {
                row[f] = Math.round((random.nextDouble() * 2 - 1) * 1e4) / 1e4;
            }
            row[0] = 3 * Math.sin(4 * row[1] + 2 * row[2]) + 2 * row[3] * row[4] - row[5]
                    + 0.1 * random.nextGaussian();
            rows.add(row);
        }
        return rows;
    }

    /** The rows of shard {@code shard} of {@code shards}: those whose x0 is in that shard's slice of [-1, 1). */
    static List<double[]> shard(List<double[]> rows, int shard, int shards) {
        return rows.stream().filter(r -> Math.min(shards - 1, (int) ((r[1] + 1) / 2 * shards)) == shard).toList();
    }

    static void writeCsv(List<double[]> rows, Path file) throws IOException {
        StringBuilder csv = new StringBuilder();
        for (double[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                csv.append(c == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", row[c]));
            }
            csv.append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, csv);
    }

    /** The root mean squared error of the model in {@code modelFile} over {@code rows}. */
    static double rmse(Path modelFile, List<double[]> rows) throws IOException, XGBoostError {
        Booster booster = XGBoost.loadModel(Files.readAllBytes(modelFile));
        try {
            float[] features = new float[rows.size() * FEATURES];
            for (int r = 0; r < rows.size(); r++) {
                for (int f = 0; f < FEATURES; f++) {
                    features[r * FEATURES + f] = (float) rows.get(r)[f + 1];
                }
            }
            float[][] predictions = booster.inplace_predict(features, rows.size(), FEATURES, Float.NaN);
            double sum = 0;
            for (int r = 0; r < rows.size(); r++) {
                double error = predictions[r][0] - rows.get(r)[0];
                sum += error * error;
            }
            return Math.sqrt(sum / rows.size());
        } finally {
            booster.dispose();
        }
    }
}
