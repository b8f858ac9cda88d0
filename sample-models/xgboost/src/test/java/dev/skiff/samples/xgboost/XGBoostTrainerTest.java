package dev.skiff.samples.xgboost;

import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class XGBoostTrainerTest {
    @TempDir
    Path ml;

    @Test
    void isFoundThroughServiceLoaderAsXgboost() {
        assertThat(ServiceLoader.load(Trainer.class).stream().map(p -> p.get().name())).contains("xgboost");
    }

    @Test
    void trainsFromTheChannelsAndReportsEveryRoundsMetrics() throws Exception {
        FakeJob job = new FakeJob(ml, Map.of("num_round", "40", "objective", "binary:logistic", "max_depth", "3",
                "eval_metric", "auc,logloss", "early_stopping_rounds", "4"))
                .channel("train", Path.of("data/train/train.csv"))
                .channel("validation", Path.of("data/validation/validation.csv"));
        new XGBoostTrainer().train(job);
        assertThat(Files.exists(ml.resolve("model/xgboost-model"))).isTrue();
        assertThat(job.iterations).isNotEmpty();
        assertThat(job.iterations.get(0).keySet())
                .containsExactly("train-auc", "train-logloss", "validation-auc", "validation-logloss");
    }

    @Test
    void trainsFromLibsvmChannels() throws Exception {
        FakeJob job = new FakeJob(ml, Map.of("num_round", "3"))
                .channel("train", Path.of("data/train-libsvm/train.libsvm"));
        new XGBoostTrainer().train(job);
        assertThat(Files.exists(ml.resolve("model/xgboost-model"))).isTrue();
    }

    @Test
    void failsWithOneReadableLine() throws Exception {
        FakeJob noRounds = new FakeJob(ml, Map.of()).channel("train", Path.of("data/train/train.csv"));
        assertThatThrownBy(() -> new XGBoostTrainer().train(noRounds))
                .isInstanceOf(TrainingException.class).hasMessage("hyperparameter 'num_round' is required but not set:"
                        + " add it to the training job's HyperParameters");
        FakeJob badParam = new FakeJob(ml.resolve("b"), Map.of("num_round", "2", "max_depth", "deep"))
                .channel("train", Path.of("data/train/train.csv"));
        assertThatThrownBy(() -> new XGBoostTrainer().train(badParam))
                .isInstanceOf(TrainingException.class).hasMessageContaining("max_depth").hasMessageNotContaining("\n");
        FakeJob noTrain = new FakeJob(ml.resolve("c"), Map.of("num_round", "2"));
        assertThatThrownBy(() -> new XGBoostTrainer().train(noTrain)).hasMessageContaining("'train'");
    }
}
