package dev.skiff.samples.xgboost;

import dev.skiff.spi.Batch;
import dev.skiff.spi.TrainingException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Instance weights: {@code csv_weights=1} and libsvm's {@code label:weight}, read as SageMaker's XGBoost reads them
 * and trained on as Python's XGBoost trains on them (fixtures/make_training_fixtures.py); a bad weight fails.
 */
class WeightsTest {
    static final Path WEIGHTS = Path.of("src/test/resources/training/weights");
    /** The fixture's configuration: deterministic in both XGBoost versions (exact trees, fixed base score). */
    static final Map<String, String> CONFIG = Map.of("objective", "binary:logistic", "tree_method", "exact",
            "base_score", "0.5", "max_depth", "3", "eta", "0.3", "seed", "0", "nthread", "1", "num_round", "8");

    @TempDir
    Path modelDir;

    @Test
    void csvWeightsTrainAsPythonsXGBoostTrainsOnTheContainersWeightColumn() throws Exception {
        Map<String, String> hp = new HashMap<>(CONFIG);
        hp.put("csv_weights", "1");
        train(hp, "text/csv", WEIGHTS.resolve("train.csv"));
        assertPredicts("expected.csv");
    }

    @Test
    void libsvmLabelWeightsTrainAsPythonsXGBoostTrainsOnThem() throws Exception {
        train(CONFIG, "text/libsvm", WEIGHTS.resolve("train.libsvm"));
        assertPredicts("expected.csv");
    }

    @Test
    void theWeightsMatter() throws Exception {
        float[] weighted = predictions("expected.csv");
        float[] unweighted = predictions("expected-unweighted.csv");
        assertThat(weighted).isNotEqualTo(unweighted);
    }

    @Test
    void libsvmRowsWithoutAWeightWeighOne() throws Exception {
        TrainingData data = new TrainingData(ContentTypes.Format.LIBSVM, false);
        data.read(stream("1 0:1\n0:3 0:2\n1 0:3\n"), "train/a.libsvm");
        var matrix = data.toDMatrix(0, 1, "train");
        try {
            assertThat(matrix.getWeight()).containsExactly(1, 3, 1);
        } finally {
            matrix.dispose();
        }
    }

    @Test
    void aBadWeightFailsNamingTheFileAndLine() {
        assertThatThrownBy(() -> read(true, "1,1,5\n0,-2,3\n")).isInstanceOf(TrainingException.class)
                .hasMessage("train/part-1.csv line 2: weight -2 is negative; instance weights must be 0 or more;"
                        + " expected label,weight,f1,f2,... without a header (csv_weights=1)");
        assertThatThrownBy(() -> read(true, "1,1,5\n\n0,heavy,3\n"))
                .hasMessageStartingWith("train/part-1.csv line 3: weight 'heavy' is not a number");
        assertThatThrownBy(() -> read(true, "1,,5\n")).hasMessageStartingWith("train/part-1.csv line 1: weight ''"
                + " is not a number");
        assertThatThrownBy(() -> read(true, "1\n")).hasMessageStartingWith("train/part-1.csv line 1: no weight"
                + " column after the label");
        assertThatThrownBy(() -> read(true, "1,NaN,2\n")).hasMessageStartingWith("train/part-1.csv line 1: weight"
                + " 'NaN' is not a finite number");
        TrainingData libsvm = new TrainingData(ContentTypes.Format.LIBSVM, false);
        assertThatThrownBy(() -> libsvm.read(stream("1:1 1:2\n1:-0.5 1:3\n"), "train/a.libsvm"))
                .hasMessage("train/a.libsvm line 2: weight -0.5 is negative; instance weights must be 0 or more;"
                        + " expected label[:weight] index:value ...");
    }

    private static void read(boolean csvWeights, String csv) throws IOException {
        new TrainingData(ContentTypes.Format.CSV, csvWeights).read(stream(csv), "train/part-1.csv");
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private void train(Map<String, String> hp, String type, Path file) throws Exception {
        XGBoostTraining.train(hp, XGBoostTrainingTest.channel(type, file), null,
                new XGBoostTraining.Job(modelDir, modelDir.resolve("output"), null, e -> { }, () -> false));
    }

    private void assertPredicts(String expectedFile) throws Exception {
        List<String> rows = Files.readAllLines(WEIGHTS.resolve("rows.csv"));
        float[] values = new float[rows.size() * 4];
        for (int r = 0; r < rows.size(); r++) {
            String[] cells = rows.get(r).split(",");
            for (int c = 0; c < 4; c++) {
                values[r * 4 + c] = Float.parseFloat(cells[c]);
            }
        }
        Batch batch = Batch.dense(rows.size(), values, 4);
        Booster booster = XGBoost.loadModel(Files.readAllBytes(modelDir.resolve("xgboost-model")));
        try {
            float[][] p = booster.inplace_predict(batch.dense(), batch.size(), 4, Float.NaN);
            float[] expected = predictions(expectedFile);
            for (int r = 0; r < expected.length; r++) {
                assertThat(p[r][0]).as("row " + r).isCloseTo(expected[r], within(1e-6f));
            }
        } finally {
            booster.dispose();
        }
    }

    private static float[] predictions(String file) throws IOException {
        List<String> lines = Files.readAllLines(WEIGHTS.resolve(file));
        float[] out = new float[lines.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.parseFloat(lines.get(i));
        }
        return out;
    }
}
