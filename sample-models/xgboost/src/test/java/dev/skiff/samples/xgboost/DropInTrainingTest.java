package dev.skiff.samples.xgboost;

import dev.skiff.spi.Batch;
import dev.skiff.spi.Model;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code skiff train} (in this JVM) on /opt/ml trees as SageMaker lays them out for the built-in algorithm: what a
 * job moved over unchanged gets, and every refusal as one line in output/failure with exit 1.
 */
class DropInTrainingTest {
    static final Path DATA = Path.of("data");
    static final Map<String, String> HP = Map.of("skiff_trainer", "xgboost", "num_round", "5",
            "objective", "binary:logistic", "max_depth", "3");

    @TempDir
    Path tmp;

    @Test
    void aChannelWithoutContentTypeIsLibsvmAndValidationIsReadAsTrainIs() throws Exception {
        OptMl libsvm = new OptMl(tmp.resolve("libsvm")).hyperparameters(HP)
                .channel("train", null, DATA.resolve("train-libsvm/train.libsvm"))
                .channel("validation", null, DATA.resolve("validation-libsvm/validation.libsvm"));
        assertThat(libsvm.train()).as(String.valueOf(libsvm.failure())).isZero();

        OptMl csv = new OptMl(tmp.resolve("csv")).hyperparameters(HP)
                .channel("train", "text/csv", DATA.resolve("train/train.csv"))
                .channel("validation", null, DATA.resolve("validation/validation.csv"));
        assertThat(csv.train()).as(String.valueOf(csv.failure())).isZero();
        assertThat(Files.readAllBytes(libsvm.model("xgboost-model")))
                .isEqualTo(Files.readAllBytes(csv.model("xgboost-model")));
    }

    @Test
    void aCsvChannelWithoutContentTypeFailsAsLibsvmNamingFileAndLine() throws Exception {
        OptMl ml = new OptMl(tmp).hyperparameters(HP).channel("train", null, DATA.resolve("train/train.csv"));
        assertThat(ml.train()).isEqualTo(1);
        assertThat(ml.failure()).isEqualTo("train/train.csv line 1: label '1,-0.1441,-0.1729,,0.702,-0.1276,"
                + "-1.4974,0.3323,-0.2673' is not a number; expected label[:weight] index:value ... (CSV? set the"
                + " channel's ContentType to text/csv: without one it is libsvm)");
    }

    @Test
    void refusalsAreOneLineInTheFailureFileAndExitOne() throws Exception {
        assertRefused(new OptMl(tmp.resolve("recordio")).hyperparameters(HP)
                        .channel("train", "application/x-recordio-protobuf", DATA.resolve("train/train.csv")),
                "train/train.csv record 1: no RecordIO magic number at byte 0 (found 0x302d2c31, expected"
                        + " 0xced7230a)");
        assertRefused(new OptMl(tmp.resolve("label-size")).hyperparameters(HP)
                        .channel("train", "text/csv;label_size=2", DATA.resolve("train/train.csv")),
                "channel 'train' has ContentType 'text/csv;label_size=2': label_size must be 1 (XGBoost trains on"
                        + " one label column)");
        // hyperparameters are checked before any data is read: this train channel is not even CSV
        Path garbage = Files.writeString(tmp.resolve("garbage.csv"), "not,data\n");
        assertRefused(new OptMl(tmp.resolve("hp")).hyperparameters(Map.of("num_round", "5", "max_dpeth", "3"))
                        .channel("train", "text/csv", garbage),
                "hyperparameter 'max_dpeth' is not one SageMaker's XGBoost accepts (did you mean max_depth?);"
                        + " remove it or fix its name");
        Path weighted = Files.writeString(tmp.resolve("weighted.csv"), "1,1,0.5\n0,2,0.7\n1,-1,0.1\n");
        assertRefused(new OptMl(tmp.resolve("weight")).hyperparameters(Map.of("num_round", "2", "csv_weights", "1"))
                        .channel("train", "csv", weighted),
                "train/weighted.csv line 3: weight -1 is negative; instance weights must be 0 or more; expected"
                        + " label,weight,f1,f2,... without a header (csv_weights=1)");
    }

    @Test
    void checkpointsGoToTheCheckpointConfigsLocalPathAndTheKFoldEnsembleToTheModelServedAsOne() throws Exception {
        OptMl ml = new OptMl(tmp).hyperparameters(Map.of("num_round", "7", "objective", "binary:logistic",
                        "_kfold", "2", "_tuning_objective_metric", "validation:accuracy"))
                .channel("train", "text/csv", DATA.resolve("train/train.csv"))
                .channel("validation", "text/csv", DATA.resolve("validation/validation.csv"))
                .write("input/config/checkpointconfig.json", "{\"LocalPath\": \"/opt/ml/spot\"}");
        assertThat(ml.train()).as(String.valueOf(ml.failure())).isZero();
        assertThat(ml.root.resolve("spot/xgboost-checkpoint-0.6")).exists();
        assertThat(ml.root.resolve("spot/xgboost-checkpoint-1.6")).exists();
        assertThat(ml.root.resolve("output/data/predictions.csv")).exists();
        for (String name : new String[] {"xgboost-model-0", "xgboost-model-1"}) {
            Booster model = XGBoost.loadModel(Files.readAllBytes(ml.model(name)));
            try {
                assertThat(model.getNumBoostedRound()).isEqualTo(7);
            } finally {
                model.dispose();
            }
        }
        assertThat(ml.model("xgboost-model")).doesNotExist();
        String manifest = Files.readString(ml.model("skiff-model.json"));
        assertThat(manifest).contains("\"validation-accuracy\" : 0.");

        // the endpoint serves the folds as one ensemble: the mean of their probabilities
        float[] rows = {0.3f, -1, Float.NaN, 2, 0, 0, 1, -0.5f, 1, 1, 1, 1, 1, 1, 1, 1};
        float[][] first = predict(ml.model("xgboost-model-0"), rows);
        float[][] second = predict(ml.model("xgboost-model-1"), rows);
        try (Model ensemble = new XGBoostProvider().load(Fixtures.context(ml.root.resolve("model")))) {
            float[] served = ensemble.predict(Batch.dense(2, rows, 8)).scores();
            for (int r = 0; r < 2; r++) {
                assertThat(served[r]).isCloseTo((first[r][0] + second[r][0]) / 2, within(1e-6f));
            }
            assertThat(first[0][0]).isNotEqualTo(second[0][0]);
        }
    }

    private static float[][] predict(Path file, float[] rows) throws Exception {
        Booster model = XGBoost.loadModel(Files.readAllBytes(file));
        try {
            return model.inplace_predict(rows, rows.length / 8, 8, Float.NaN);
        } finally {
            model.dispose();
        }
    }

    private static void assertRefused(OptMl ml, String reason) {
        assertThat(ml.train()).isEqualTo(1);
        assertThat(ml.failure()).isEqualTo(reason);
    }
}
