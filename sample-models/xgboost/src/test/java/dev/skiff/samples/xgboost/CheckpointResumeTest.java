package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Checkpoints every round (xgboost-checkpoint.N, newest five kept) and a resumed job equal to an uninterrupted one. */
class CheckpointResumeTest {
    static final Path DATA = Path.of("data");
    static final Map<String, String> CONFIG = Map.of("num_round", "40", "objective", "binary:logistic",
            "max_depth", "6", "eta", "0.5", "eval_metric", "logloss", "early_stopping_rounds", "4");

    @TempDir
    Path tmp;

    private final List<Evaluation> rounds = new ArrayList<>();

    private XGBoostTraining.Trained train(Path job, Map<String, String> hp, int stopAfter) throws Exception {
        int[] asked = {0};
        Checkpointing checkpoints = new Checkpointing(job.resolve("checkpoints"), new FakeJob(job, Map.of())
                ::saveCheckpoint, true);
        return XGBoostTraining.train(hp, XGBoostTrainingTest.channel("text/csv", DATA.resolve("train/train.csv")),
                XGBoostTrainingTest.channel("text/csv", DATA.resolve("validation/validation.csv")),
                new XGBoostTraining.Job(job.resolve("model"), job.resolve("output"), checkpoints, rounds::add,
                        () -> ++asked[0] > stopAfter)).get(0);
    }

    @Test
    void aResumedJobEndsWithTheModelOfAnUninterruptedOne() throws Exception {
        XGBoostTraining.Trained whole = train(tmp.resolve("whole"), CONFIG, Integer.MAX_VALUE);
        assertThat(whole.bestIteration()).as("early stopping ends this run before num_round").isBetween(5, 34);

        XGBoostTraining.Trained first = train(tmp.resolve("spot"), CONFIG, 5);
        assertThat(first.stopped()).isTrue();
        assertThat(first.rounds()).isEqualTo(5);
        assertThat(checkpoints(tmp.resolve("spot"))).containsExactly("xgboost-checkpoint.0", "xgboost-checkpoint.1",
                "xgboost-checkpoint.2", "xgboost-checkpoint.3", "xgboost-checkpoint.4");
        assertThat(tmp.resolve("spot/model/xgboost-model")).doesNotExist();

        rounds.clear();
        XGBoostTraining.Trained resumed = train(tmp.resolve("spot"), CONFIG, Integer.MAX_VALUE);
        assertThat(resumed.resumedFrom()).isEqualTo(5);
        assertThat(rounds.get(0).round()).isEqualTo(5);
        assertThat(resumed.bestIteration()).isEqualTo(whole.bestIteration());
        assertThat(resumed.rounds()).isEqualTo(whole.rounds());
        assertThat(predictions(tmp.resolve("spot"))).isDeepEqualTo(predictions(tmp.resolve("whole")));
        assertThat(Files.readAllBytes(tmp.resolve("spot/model/xgboost-model")))
                .isEqualTo(Files.readAllBytes(tmp.resolve("whole/model/xgboost-model")));
        int last = whole.bestIteration() + 4;
        assertThat(checkpoints(tmp.resolve("spot"))).hasSize(Checkpointing.KEEP)
                .last().isEqualTo("xgboost-checkpoint." + last);

        rounds.clear();
        XGBoostTraining.Trained again = train(tmp.resolve("spot"), CONFIG, Integer.MAX_VALUE);
        assertThat(rounds).as("an early-stopped job found again has nothing left to train").isEmpty();
        assertThat(again.rounds()).isEqualTo(whole.rounds());
    }

    @Test
    void withoutEarlyStoppingAResumedJobEndsWithExactlyNumRound() throws Exception {
        Map<String, String> hp = new HashMap<>(CONFIG);
        hp.remove("early_stopping_rounds");
        train(tmp, hp, 7);
        XGBoostTraining.Trained resumed = train(tmp, hp, Integer.MAX_VALUE);
        assertThat(resumed.resumedFrom()).isEqualTo(7);
        Booster model = XGBoost.loadModel(Files.readAllBytes(tmp.resolve("model/xgboost-model")));
        try {
            assertThat(model.getNumBoostedRound()).isEqualTo(40);
        } finally {
            model.dispose();
        }
    }

    @Test
    void anUnreadableNewestCheckpointFallsBackToTheOneBefore() throws Exception {
        Map<String, String> hp = new HashMap<>(CONFIG);
        hp.remove("early_stopping_rounds");
        train(tmp, hp, 6);
        Files.writeString(tmp.resolve("checkpoints/xgboost-checkpoint.6"), "half a model");
        XGBoostTraining.Trained resumed = train(tmp, hp, Integer.MAX_VALUE);
        assertThat(resumed.resumedFrom()).isEqualTo(6);
    }

    @Test
    void aCheckpointOfAnotherConfigurationOrWithMoreRoundsIsRefused() throws Exception {
        train(tmp, CONFIG, 6);
        Map<String, String> deeper = new HashMap<>(CONFIG);
        deeper.put("max_depth", "7");
        assertThatThrownBy(() -> train(tmp, deeper, Integer.MAX_VALUE)).isInstanceOf(TrainingException.class)
                .hasMessageContaining("xgboost-checkpoint.5 was trained with {eta=0.5, max_depth=6,")
                .hasMessageContaining("this job has {eta=0.5, max_depth=7,")
                .hasMessageEndingWith("remove the checkpoints to start over, or restore the job's hyperparameters");
        Map<String, String> shorter = new HashMap<>(CONFIG);
        shorter.put("num_round", "4");
        assertThatThrownBy(() -> train(tmp, shorter, Integer.MAX_VALUE))
                .hasMessageEndingWith("xgboost-checkpoint.5 holds 6 rounds, more than num_round=4: raise num_round"
                        + " or remove the checkpoints to start over");
    }

    @Test
    void pruningSparesAFileSageMakerIsStillUploadingAndOnlyTheWriterWrites() throws Exception {
        Path dir = tmp.resolve("checkpoints");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("xgboost-checkpoint.1.sagemaker-uploading"), "");
        DMatrix data = new DMatrix(new float[] {1, 2, 3, 4}, 4, 1, Float.NaN);
        data.setLabel(new float[] {0, 1, 0, 1});
        Booster booster = XGBoost.train(data, Map.of(), 1, Map.of(), null, null);
        try {
            Checkpointing checkpoints = new Checkpointing(dir, new FakeJob(tmp, Map.of())::saveCheckpoint, true);
            for (int round = 0; round < 9; round++) {
                checkpoints.save(booster, round);
            }
            assertThat(checkpoints(tmp)).containsExactly("xgboost-checkpoint.1", "xgboost-checkpoint.4",
                    "xgboost-checkpoint.5", "xgboost-checkpoint.6", "xgboost-checkpoint.7", "xgboost-checkpoint.8");
            Files.writeString(dir.resolve("xgboost-checkpoint.1.sagemaker-uploaded"), "");
            checkpoints.save(booster, 9);
            assertThat(checkpoints(tmp)).first().isEqualTo("xgboost-checkpoint.5");
            assertThat(checkpoints.fold(2).newestFirst()).isEmpty();

            Path other = tmp.resolve("other");
            new Checkpointing(other, new FakeJob(tmp, Map.of())::saveCheckpoint, false).save(booster, 0);
            assertThat(other).doesNotExist();
        } finally {
            booster.dispose();
            data.dispose();
        }
    }

    /** The checkpoint files (no markers), oldest first. */
    private static List<String> checkpoints(Path job) throws IOException {
        try (Stream<Path> files = Files.list(job.resolve("checkpoints"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("xgboost-checkpoint\\.\\d+"))
                    .sorted((a, b) -> Integer.compare(round(a), round(b))).toList();
        }
    }

    private static int round(String name) {
        return Integer.parseInt(name.substring(name.lastIndexOf('.') + 1));
    }

    private static float[][] predictions(Path job) throws Exception {
        Booster model = XGBoost.loadModel(Files.readAllBytes(job.resolve("model/xgboost-model")));
        TrainingData validation = TrainingData.read(XGBoostTrainingTest.channel("text/csv",
                DATA.resolve("validation/validation.csv")), ContentTypes.Format.CSV, false);
        DMatrix matrix = validation.toDMatrix(0, 8, "validation");
        try {
            return model.predict(matrix);
        } finally {
            model.dispose();
            matrix.dispose();
        }
    }
}
