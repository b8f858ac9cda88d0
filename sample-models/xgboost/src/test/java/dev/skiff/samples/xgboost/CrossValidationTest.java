package dev.skiff.samples.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code _kfold}/{@code _num_cv_round}: the container's k-fold ensemble, its predictions and summaries. */
class CrossValidationTest {
    static final Path DATA = Path.of("data");
    static final Map<String, String> CONFIG = Map.of("num_round", "8", "objective", "binary:logistic",
            "max_depth", "3", "eval_metric", "logloss,accuracy", "_kfold", "3");

    @TempDir
    Path tmp;

    private final List<Evaluation> rounds = new ArrayList<>();
    private final List<Evaluation> summaries = new ArrayList<>();

    private List<XGBoostTraining.Trained> train(Path job, Map<String, String> hp, int stopAfter) throws Exception {
        int[] asked = {0};
        Checkpointing checkpoints = new Checkpointing(job.resolve("checkpoints"),
                new FakeJob(job, Map.of())::saveCheckpoint, true);
        Boosting.RoundListener listener = new Boosting.RoundListener() {
            public void onRound(Evaluation e) {
                rounds.add(e);
            }

            public void onSummary(Evaluation e) {
                summaries.add(e);
            }
        };
        return XGBoostTraining.train(hp, XGBoostTrainingTest.channel("text/csv", DATA.resolve("train/train.csv")),
                XGBoostTrainingTest.channel("text/csv", DATA.resolve("validation/validation.csv")),
                new XGBoostTraining.Job(job.resolve("model"), job.resolve("output"), checkpoints, listener,
                        () -> ++asked[0] > stopAfter));
    }

    @Test
    void writesOneModelPerFoldTheOutOfFoldPredictionsAndTheMeanOfEachMetric() throws Exception {
        List<XGBoostTraining.Trained> trained = train(tmp, CONFIG, Integer.MAX_VALUE);
        assertThat(trained).hasSize(3);
        assertThat(models(tmp)).containsExactly("xgboost-model-0", "xgboost-model-1", "xgboost-model-2");
        assertThat(rounds).hasSize(3 * 8);

        assertThat(summaries).hasSize(1);
        Evaluation summary = summaries.get(0);
        assertThat(summary.line()).startsWith("[8]\ttrain-logloss:").contains("\tvalidation-logloss:")
                .containsSubsequence("\ttrain-logloss:", "\tvalidation-logloss:", "\ttrain-accuracy:",
                        "\tvalidation-accuracy:");
        double mean = (rounds.get(7).value("validation", "accuracy").getAsDouble()
                + rounds.get(15).value("validation", "accuracy").getAsDouble()
                + rounds.get(23).value("validation", "accuracy").getAsDouble()) / 3;
        assertThat(summary.value("validation", "accuracy").getAsDouble()).isCloseTo(mean, within(1e-12));

        List<String> predictions = Files.readAllLines(tmp.resolve("output/predictions.csv"));
        assertThat(predictions).hasSize(1000 + 300);
        float[] labels = labels();
        List<FoldSplits.Fold> folds = FoldSplits.of(labels, 3, 1, true, 0);
        for (int fold = 0; fold < 3; fold++) {
            int row = folds.get(fold).test()[0];
            float p = predict(tmp.resolve("model/xgboost-model-" + fold), row);
            String[] cells = predictions.get(row).split(",");
            assertThat(cells).hasSize(3);
            assertThat(Float.parseFloat(cells[0])).isEqualTo(labels[row]);
            assertThat(Double.parseDouble(cells[1])).isCloseTo(p, within(5e-7));
            assertThat(Double.parseDouble(cells[2])).isEqualTo(p > 0.5 ? 1.0 : 0.0);
        }
    }

    @Test
    void repeatsTheSplitNumCvRoundTimesWithASummaryForEachAndOneForAll() throws Exception {
        Map<String, String> hp = new HashMap<>(CONFIG);
        hp.put("_num_cv_round", "2");
        hp.put("objective", "reg:squarederror");
        hp.put("eval_metric", "rmse");
        assertThat(train(tmp, hp, Integer.MAX_VALUE)).hasSize(6);
        assertThat(models(tmp)).hasSize(6).last().isEqualTo("xgboost-model-5");
        assertThat(summaries).hasSize(3);
        assertThat(Files.readAllLines(tmp.resolve("output/predictions.csv")).get(0).split(",")).hasSize(2);
    }

    @Test
    void aStoppedKFoldJobResumesFoldByFoldToTheSameEnsemble() throws Exception {
        train(tmp.resolve("whole"), CONFIG, Integer.MAX_VALUE);
        train(tmp.resolve("spot"), CONFIG, 8 + 8 + 3); // stopped in the third fold
        assertThat(tmp.resolve("spot/model")).doesNotExist();
        train(tmp.resolve("spot"), CONFIG, Integer.MAX_VALUE);
        for (String model : models(tmp.resolve("whole"))) {
            assertThat(Files.readAllBytes(tmp.resolve("spot/model").resolve(model))).as(model)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("whole/model").resolve(model)));
        }
        assertThat(Files.readAllLines(tmp.resolve("spot/output/predictions.csv")))
                .isEqualTo(Files.readAllLines(tmp.resolve("whole/output/predictions.csv")));
    }

    @Test
    void foldsAreSeededDisjointAndStratified() {
        float[] labels = new float[100];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10 == 0 ? 1 : 0; // 10 positives
        }
        List<FoldSplits.Fold> folds = FoldSplits.of(labels, 5, 2, true, 42);
        assertThat(folds).hasSize(10);
        for (int repeat = 0; repeat < 2; repeat++) {
            int[] seen = new int[100];
            for (FoldSplits.Fold fold : folds.subList(repeat * 5, repeat * 5 + 5)) {
                assertThat(fold.test()).hasSize(20);
                assertThat(fold.train()).hasSize(80);
                assertThat(Arrays.stream(fold.test()).filter(r -> labels[r] == 1).count()).isEqualTo(2);
                Arrays.stream(fold.test()).forEach(r -> seen[r]++);
            }
            assertThat(seen).containsOnly(1);
        }
        assertThat(folds.get(0).test()).isEqualTo(FoldSplits.of(labels, 5, 2, true, 42).get(0).test())
                .isNotEqualTo(folds.get(5).test());
        assertThat(FoldSplits.of(labels, 5, 1, false, 42).get(0).test()).hasSize(20);
    }

    private static float[] labels() throws Exception {
        TrainingData all = TrainingData.read(XGBoostTrainingTest.channel("text/csv", DATA.resolve("train/train.csv")),
                ContentTypes.Format.CSV, false).concat(TrainingData.read(XGBoostTrainingTest.channel(
                "text/csv", DATA.resolve("validation/validation.csv")), ContentTypes.Format.CSV, false));
        DMatrix matrix = all.toDMatrix(0, 8, "train");
        try {
            return matrix.getLabel();
        } finally {
            matrix.dispose();
        }
    }

    /** The model's prediction for row {@code row} of train followed by validation. */
    private static float predict(Path model, int row) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(DATA.resolve("train/train.csv")));
        lines.addAll(Files.readAllLines(DATA.resolve("validation/validation.csv")));
        String[] cells = lines.get(row).split(",", -1);
        float[] x = new float[8];
        for (int c = 0; c < 8; c++) {
            x[c] = cells[c + 1].isEmpty() ? Float.NaN : Float.parseFloat(cells[c + 1]);
        }
        Booster booster = XGBoost.loadModel(Files.readAllBytes(model));
        try {
            return booster.inplace_predict(x, 1, 8, Float.NaN)[0][0];
        } finally {
            booster.dispose();
        }
    }

    private static List<String> models(Path job) throws Exception {
        try (Stream<Path> files = Files.list(job.resolve("model"))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
