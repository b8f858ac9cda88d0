package dev.skiff.samples.xgboost;

import dev.skiff.spi.Batch;
import dev.skiff.spi.Model;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XGBoostTrainingTest {
    static final Path DATA = Path.of("data");

    @TempDir
    Path modelDir;

    static XGBoostTraining.Channel channel(String contentType, Path... files) {
        return new XGBoostTraining.Channel() {
            public Optional<String> contentType() {
                return Optional.ofNullable(contentType);
            }

            public void forEachSource(XGBoostTraining.SourceReader reader) throws java.io.IOException {
                for (Path f : files) {
                    try (InputStream in = Files.newInputStream(f)) {
                        reader.read(f.getFileName().toString(), in);
                    }
                }
            }
        };
    }

    static XGBoostTraining.Channel text(String contentType, String body) {
        return new XGBoostTraining.Channel() {
            public Optional<String> contentType() {
                return Optional.ofNullable(contentType);
            }

            public void forEachSource(XGBoostTraining.SourceReader reader) throws java.io.IOException {
                reader.read("train/inline", new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
            }
        };
    }

    private final List<String> lines = new ArrayList<>();
    private final List<Evaluation.Metric> metrics = new ArrayList<>();

    private XGBoostTraining.Job recorder() {
        return recorder(() -> false);
    }

    private XGBoostTraining.Job recorder(BooleanSupplier stop) {
        return new XGBoostTraining.Job(modelDir, modelDir.resolve("output"), null, evaluation -> {
            lines.add(evaluation.line());
            metrics.addAll(evaluation.metrics());
        }, stop);
    }

    private static XGBoostTraining.Trained one(List<XGBoostTraining.Trained> trained) {
        assertThat(trained).hasSize(1);
        return trained.get(0);
    }

    @Test
    void aCsvChannelIsAsWideAsItsColumnsEvenWhenTheLastIsEmptyThroughout() throws Exception {
        TrainingData data = new TrainingData(ContentTypes.Format.CSV, false);
        data.read(new ByteArrayInputStream("1,0.5,,\n0,0.2,3\n".getBytes(StandardCharsets.UTF_8)), "train/a.csv");
        // served the same rows, the model takes 3 features, not the 2 that hold a value
        assertThat(data.width(0)).isEqualTo(3);
    }

    @Test
    void stopsEarlyOnTheValidationMetricAndKeepsTheBestRound() throws Exception {
        XGBoostTraining.Trained r = one(XGBoostTraining.train(
                Map.of("num_round", "300", "objective", "binary:logistic", "eta", "0.5", "max_depth", "6",
                        "eval_metric", "error,logloss", "early_stopping_rounds", "5", "seed", "7"),
                channel("text/csv", DATA.resolve("train/train.csv")),
                channel("text/csv", DATA.resolve("validation/validation.csv")), recorder()));
        assertThat(lines).hasSizeLessThan(300).hasSize(r.bestIteration() + 1 + 5);
        assertThat(r.rounds()).isEqualTo(r.bestIteration() + 1);
        assertThat(lines.get(0)).startsWith("[0]\ttrain-error:").contains("\tvalidation-logloss:");
        assertThat(metrics).extracting(Evaluation.Metric::name).containsOnly("error", "logloss");
        double best = metrics.stream().filter(m -> m.data().equals("validation") && m.name().equals("logloss"))
                .mapToDouble(Evaluation.Metric::value).min().orElseThrow();
        assertThat(r.bestScore()).isEqualTo(best);

        Booster saved = XGBoost.loadModel(Files.readAllBytes(modelDir.resolve("xgboost-model")));
        try {
            assertThat(saved.getNumBoostedRound()).isEqualTo(r.rounds());
            assertThat(saved.getAttr("best_iteration")).isEqualTo(Integer.toString(r.bestIteration()));
        } finally {
            saved.dispose();
        }
        try (Model m = new XGBoostProvider().load(Fixtures.context(modelDir))) {
            assertThat(m.inputSchema().featureCount()).isEqualTo(8);
        }
    }

    @Test
    void aCutModelPredictsAsTheFullOneLimitedToThoseRounds() throws Exception {
        XGBoostTraining.Trained r = one(XGBoostTraining.train(
                Map.of("num_round", "20", "objective", "multi:softprob", "num_class", "3", "max_depth", "3"),
                text("text/csv", "0,1,2\n1,2,3\n2,3,4\n0,1.5,2\n1,2.5,3\n2,3.5,4\n0,0,1\n2,5,5\n"),
                null, recorder()));
        assertThat(r.bestIteration()).isEqualTo(-1);
        Booster full = XGBoost.loadModel(Files.readAllBytes(modelDir.resolve("xgboost-model")));
        Booster cut = XGBoost.loadModel(ModelCut.keepRounds(full.toByteArray("json"), 7));
        try {
            float[] rows = {1, 2, 2, 3, 3, 4, 0.5f, Float.NaN};
            float[][] expected = full.inplace_predict(rows, 4, 2, Float.NaN, new int[] {0, 7});
            assertThat(cut.getNumBoostedRound()).isEqualTo(7);
            assertThat(cut.inplace_predict(rows, 4, 2, Float.NaN)).isDeepEqualTo(expected);
            assertThat(full.inplace_predict(rows, 4, 2, Float.NaN)).isNotEqualTo(expected);
        } finally {
            full.dispose();
            cut.dispose();
        }
    }

    @Test
    void trainsOnLibsvmWithTheSameFeatureNumberingAsCsv() throws Exception {
        Map<String, String> hp = Map.of("num_round", "10", "objective", "binary:logistic", "max_depth", "3");
        XGBoostTraining.train(hp, channel("text/libsvm", DATA.resolve("train-libsvm/train.libsvm")),
                channel("text/x-libsvm", DATA.resolve("validation-libsvm/validation.libsvm")), recorder());
        byte[] fromLibsvm = Files.readAllBytes(modelDir.resolve("xgboost-model"));
        XGBoostTraining.train(hp, channel("text/csv", DATA.resolve("train/train.csv")),
                channel("text/csv", DATA.resolve("validation/validation.csv")), recorder());
        byte[] fromCsv = Files.readAllBytes(modelDir.resolve("xgboost-model"));
        Batch rows = Batch.dense(1, new float[] {0.3f, -1, Float.NaN, 2, 0, 0, 1, -0.5f}, 8);
        assertThat(predict(fromLibsvm, rows)).isEqualTo(predict(fromCsv, rows));
        assertThat(lines.get(0)).contains("validation-logloss");
    }

    @Test
    void zeroBasedLibsvmIsReadAsSuch() throws Exception {
        XGBoostTraining.train(Map.of("num_round", "2"), text("text/libsvm", "1 0:1 1:2\n0 0:3 2:4\n"), null,
                recorder());
        try (Model m = new XGBoostProvider().load(Fixtures.context(modelDir))) {
            assertThat(m.inputSchema().featureCount()).isEqualTo(3);
        }
    }

    @Test
    void aZeroIndexInValidationOfAOneBasedTrainChannelIsAnError() {
        assertThatThrownBy(() -> XGBoostTraining.train(Map.of("num_round", "2"),
                text("text/libsvm", "1 1:1 2:2\n"), text("text/libsvm", "1 0:1\n"), recorder()))
                .hasMessageContaining("1-based");
    }

    @Test
    void aStoppedJobWritesTheRoundsItHasOnlyWithSaveModelOnTermination() throws Exception {
        int[] asked = {0};
        XGBoostTraining.Trained r = one(XGBoostTraining.train(Map.of("num_round", "50"),
                channel("text/csv", DATA.resolve("train/train.csv")), null, recorder(() -> ++asked[0] > 3)));
        assertThat(r.rounds()).isEqualTo(3);
        assertThat(r.stopped()).isTrue();
        assertThat(modelDir.resolve("xgboost-model")).doesNotExist();

        asked[0] = 0;
        r = one(XGBoostTraining.train(Map.of("num_round", "50", "save_model_on_termination", "true"),
                channel("text/csv", DATA.resolve("train/train.csv")), null, recorder(() -> ++asked[0] > 3)));
        Booster saved = XGBoost.loadModel(Files.readAllBytes(modelDir.resolve("xgboost-model")));
        try {
            assertThat(saved.getNumBoostedRound()).isEqualTo(3);
        } finally {
            saved.dispose();
        }
    }

    @Test
    void explainsBadHyperparametersAndData() {
        assertThatThrownBy(() -> XGBoostTraining.train(Map.of(), text("text/csv", "1,2\n"), null, recorder()))
                .hasMessageContaining("'num_round' is required");
        assertThatThrownBy(() -> XGBoostTraining.train(Map.of("num_round", "0"), text("text/csv", "1,2\n"), null,
                recorder())).hasMessage("hyperparameter num_round='0' is out of range: it must be in [1, +inf)");
        assertThatThrownBy(() -> XGBoostTraining.train(Map.of("num_round", "2"), text("text/csv", "label,a\n1,2\n"),
                null, recorder())).hasMessage("train/inline line 1: label 'label' is not a number; expected"
                + " label,f1,f2,... without a header");
        assertThatThrownBy(() -> XGBoostTraining.train(Map.of("num_round", "2"), text("application/json", "{}"),
                null, recorder())).hasMessageContaining("channel 'train' has ContentType 'application/json'");
        assertThatThrownBy(() -> XGBoostTraining.train(Map.of("num_round", "2", "max_depth", "deep"),
                text("text/csv", "1,2\n0,3\n"), null, recorder())).hasMessageContaining("max_depth");
    }

    private static float predict(byte[] model, Batch rows) throws Exception {
        Booster b = XGBoost.loadModel(model);
        try {
            return b.inplace_predict(rows.dense(), rows.size(), rows.width(), Float.NaN)[0][0];
        } finally {
            b.dispose();
        }
    }
}
