package dev.skiff.samples.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code _tuning_objective_metric}: evaluated on validation every round, logged on lines SageMaker's tuning regexes
 * read, and deciding early stopping, as in the container.
 */
class TuningTest {
    static final Path DATA = Path.of("data");

    @TempDir
    Path modelDir;

    private final List<Evaluation> rounds = new ArrayList<>();

    private XGBoostTraining.Trained train(Map<String, String> extra) throws Exception {
        Map<String, String> hp = new HashMap<>(Map.of("num_round", "60", "objective", "binary:logistic",
                "max_depth", "5", "eta", "0.5", "seed", "3"));
        hp.putAll(extra);
        return XGBoostTraining.train(hp, XGBoostTrainingTest.channel("text/csv", DATA.resolve("train/train.csv")),
                XGBoostTrainingTest.channel("text/csv", DATA.resolve("validation/validation.csv")),
                new XGBoostTraining.Job(modelDir, modelDir.resolve("output"), null, rounds::add, () -> false)).get(0);
    }

    @Test
    void theTuningMetricIsLoggedEveryRoundOnLinesTheContainersRegexReads() throws Exception {
        train(Map.of("_tuning_objective_metric", "validation:f1"));
        assertThat(rounds).hasSize(60);
        Pattern regex = Pattern.compile(String.format(MetricNames.TUNING_REGEX, "f1"));
        for (Evaluation round : rounds) {
            String cloudWatch = round.line().replace("\t", "#011"); // how CloudWatch shows the tab
            Matcher m = regex.matcher(cloudWatch);
            assertThat(m.matches()).as(cloudWatch).isTrue();
            assertThat(Double.parseDouble(m.group(1))).isEqualTo(round.value("validation", "f1").getAsDouble(),
                    org.assertj.core.api.Assertions.within(5e-6));
        }
        // no eval_metric: XGBoost's default for the objective, then the container's f1, per data set
        assertThat(rounds.get(0).line()).matches("\\[0]\ttrain-logloss:[0-9.]{7}\ttrain-f1:[0-9.]{7}"
                + "\tvalidation-logloss:[0-9.]{7}\tvalidation-f1:[0-9.]{7}");
    }

    @Test
    void theTuningMetricStopsEarlyKeepingItsBestRound() throws Exception {
        XGBoostTraining.Trained r = train(Map.of("_tuning_objective_metric", "validation:accuracy",
                "eval_metric", "logloss", "early_stopping_rounds", "4"));
        List<Double> accuracy = rounds.stream().map(e -> e.value("validation", "accuracy").getAsDouble()).toList();
        int best = 0;
        for (int i = 1; i < accuracy.size(); i++) {
            if (accuracy.get(i) > accuracy.get(best)) {
                best = i; // strictly better only: the first of equal scores stays best
            }
        }
        assertThat(r.bestIteration()).isEqualTo(best);
        assertThat(rounds).hasSize(best + 1 + 4).hasSizeLessThan(60);
        assertThat(r.rounds()).isEqualTo(best + 1);
        // the kept model scores what was logged for its best round, computed afresh from its margins
        Booster model = XGBoost.loadModel(Files.readAllBytes(modelDir.resolve("xgboost-model")));
        TrainingData validation = TrainingData.read(XGBoostTrainingTest.channel("text/csv",
                DATA.resolve("validation/validation.csv")), ContentTypes.Format.CSV, false);
        DMatrix matrix = validation.toDMatrix(0, 8, "validation");
        try {
            assertThat(model.getNumBoostedRound()).isEqualTo(best + 1);
            double accuracyNow = ContainerMetrics.compute("accuracy", "validation", matrix.getLabel(),
                    model.predict(matrix, true));
            assertThat(RoundEvaluator.asPrinted(accuracyNow)).isEqualTo(r.bestScore()).isEqualTo(accuracy.get(best));
        } finally {
            model.dispose();
            matrix.dispose();
        }
    }

    @Test
    void withEvalMetricTooTheMetricsAreTheSortedUnionAndTheTuningMetricDecides() {
        TrainingSettings s = XGBoostHyperparameters.validate(Map.of("num_round", "5", "objective",
                "binary:logistic", "eval_metric", "logloss,auc", "_tuning_objective_metric", "validation:error",
                "early_stopping_rounds", "3"));
        MetricPlan plan = MetricPlan.of(s);
        assertThat(plan.xgboostMetrics()).containsExactly("auc", "error", "logloss");
        assertThat(plan.stoppingMetric()).contains("error");
        TrainingSettings noTuning = XGBoostHyperparameters.validate(Map.of("num_round", "5", "eval_metric",
                "mse,rmse", "early_stopping_rounds", "3"));
        assertThat(MetricPlan.of(noTuning)).isEqualTo(new MetricPlan(List.of(), List.of("mse", "rmse"),
                java.util.Optional.of("rmse")));
        TrainingSettings neither = XGBoostHyperparameters.validate(Map.of("num_round", "5",
                "early_stopping_rounds", "3"));
        assertThat(MetricPlan.of(neither).stoppingMetric()).isEmpty();
    }

    @Test
    void earlyStoppingRoundsWithoutAMetricDoesNothingAsInTheContainer() throws Exception {
        XGBoostTraining.Trained r = train(Map.of("early_stopping_rounds", "2"));
        assertThat(rounds).hasSize(60);
        assertThat(r.bestIteration()).isEqualTo(-1);
    }

    @Test
    void theReadmeListsTheContainersMetricDefinitions() throws Exception {
        String readme = Files.readString(Path.of("../../README.md"));
        List<String> all = new ArrayList<>(MetricNames.MAXIMIZE);
        all.addAll(MetricNames.MINIMIZE);
        for (String metric : all) {
            String regex = String.format(MetricNames.TUNING_REGEX, metric).replace("\\", "\\\\");
            assertThat(readme).contains("{ \"Name\": \"validation:" + metric + "\", \"Regex\": \"" + regex + "\" }");
        }
    }

    @Test
    void valuesArePrintedAsPythonPrintsThem() {
        assertThat(Evaluation.fixed(0.123455, 5)).isEqualTo("0.12345"); // below the tie in binary
        assertThat(Evaluation.fixed(0.5, 0)).isEqualTo("0");
        assertThat(Evaluation.fixed(2.5, 0)).isEqualTo("2");
        assertThat(Evaluation.fixed(Double.NaN, 5)).isEqualTo("nan");
        assertThat(new Evaluation(7, List.of(new Evaluation.Metric("train", "rmse", 0.25),
                new Evaluation.Metric("validation", "f1", 1))).line())
                .isEqualTo("[7]\ttrain-rmse:0.25000\tvalidation-f1:1.00000");
    }
}
