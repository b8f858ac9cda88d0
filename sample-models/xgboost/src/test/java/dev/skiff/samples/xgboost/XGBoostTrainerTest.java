package dev.skiff.samples.xgboost;

import dev.skiff.spi.Cluster;
import dev.skiff.spi.Group;
import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

    /** Two hosts whose join must not be reached: what is refused across hosts is refused before reading data. */
    private static Cluster twoHostsNeverJoined() {
        return new Cluster() {
            @Override
            public List<String> hosts() {
                return List.of("algo-1", "algo-2");
            }

            @Override
            public String currentHost() {
                return "algo-1";
            }

            @Override
            public Group join(boolean hasData, Rendezvous rendezvous) {
                throw new AssertionError("joined although the job cannot train across hosts");
            }
        };
    }

    private static FakeJob acrossTwoHosts(Path ml, Map<String, String> hyperparameters) throws Exception {
        FakeJob job = new FakeJob(ml, hyperparameters).channel("train", Path.of("data/train/train.csv"));
        job.cluster = twoHostsNeverJoined();
        return job;
    }

    @Test
    void refusesTheExactTreeMethodAcrossHostsBeforeReadingData() throws Exception {
        FakeJob exact = acrossTwoHosts(ml, Map.of("num_round", "2", "tree_method", "exact"));
        assertThatThrownBy(() -> new XGBoostTrainer().train(exact)).isInstanceOf(TrainingException.class)
                .hasMessage("tree_method 'exact' cannot train across 2 hosts (XGBoost does not distribute it): use"
                        + " tree_method 'hist' or 'approx', or one instance");
    }

    @Test
    void refusesKFoldAndPerHostMetricsAcrossHosts() throws Exception {
        FakeJob kfold = acrossTwoHosts(ml.resolve("k"), Map.of("num_round", "2", "_kfold", "3"));
        assertThatThrownBy(() -> new XGBoostTrainer().train(kfold)).isInstanceOf(TrainingException.class)
                .hasMessage("_kfold cannot train across 2 hosts in Skiff yet: run the k-fold job on one instance");
        FakeJob f1 = acrossTwoHosts(ml.resolve("f"), Map.of("num_round", "2", "objective", "binary:logistic",
                "eval_metric", "f1"));
        assertThatThrownBy(() -> new XGBoostTrainer().train(f1)).isInstanceOf(TrainingException.class)
                .hasMessageStartingWith("metric 'f1' is computed from each host's own rows, so across hosts each"
                        + " would report (and stop early on) a different value");
    }

    @Test
    void acrossHostsRmseAndMaeAreXGBoostsOwnMetrics() {
        MetricPlan plan = MetricPlan.of(XGBoostHyperparameters.validate(Map.of("num_round", "2",
                "eval_metric", "rmse,mae,logloss")));
        assertThat(plan.containerMetrics()).containsExactly("rmse", "mae");
        MetricPlan across = plan.acrossHosts();
        assertThat(across.containerMetrics()).isEmpty();
        assertThat(across.xgboostMetrics()).containsExactly("logloss", "rmse", "mae");
    }

    @Test
    void trainsAloneWithTheExactTreeMethodOnOneHost() throws Exception {
        FakeJob job = new FakeJob(ml, Map.of("num_round", "2", "tree_method", "exact"))
                .channel("train", Path.of("data/train/train.csv"));
        new XGBoostTrainer().train(job);
        assertThat(ml.resolve("model/xgboost-model")).isRegularFile();
    }
}
