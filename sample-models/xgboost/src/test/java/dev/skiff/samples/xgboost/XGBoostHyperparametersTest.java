package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hyperparameters checked as SageMaker's XGBoost checks them (algorithm_mode/hyperparameter_validation.py). */
class XGBoostHyperparametersTest {
    private static TrainingSettings validate(String... keysAndValues) {
        Map<String, String> hp = new HashMap<>();
        hp.put("num_round", "10");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            hp.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return XGBoostHyperparameters.validate(hp);
    }

    @Test
    void readsTheContainersOwnSettingsAndPassesTheRestToXGBoost() {
        TrainingSettings s = validate("eval_metric", "auc, logloss", "objective", "binary:logistic",
                "early_stopping_rounds", "5", "csv_weights", "1", "save_model_on_termination", "true",
                "_tuning_objective_metric", "validation:f1", "_kfold", "3", "_num_cv_round", "2",
                "learning_rate", "0.1", "max_depth", "4", "skiff_trainer", "xgboost", "sagemaker_job", "x",
                "_anything", "y");
        assertThat(s.numRound()).isEqualTo(10);
        assertThat(s.earlyStoppingRounds()).isEqualTo(5);
        assertThat(s.evalMetrics()).containsExactly("auc", "logloss");
        assertThat(s.tuningMetric()).contains("f1");
        assertThat(s.csvWeights()).isTrue();
        assertThat(s.saveModelOnTermination()).isTrue();
        assertThat(s.kfold()).isEqualTo(3);
        assertThat(s.numCvRound()).isEqualTo(2);
        assertThat(s.boosterParams()).containsOnly(Map.entry("objective", "binary:logistic"),
                Map.entry("eta", "0.1"), Map.entry("max_depth", "4"));
        assertThat(s.classification()).isTrue();
        assertThat(validate().tuningMetric()).isEqualTo(Optional.empty());
        assertThat(validate().objective()).isEqualTo("reg:squarederror");
    }

    @Test
    void anUnknownNameFailsWithTheClosestKnownOne() {
        assertThatThrownBy(() -> validate("max_dpeth", "3")).isInstanceOf(TrainingException.class)
                .hasMessage("hyperparameter 'max_dpeth' is not one SageMaker's XGBoost accepts (did you mean"
                        + " max_depth?); remove it or fix its name");
        assertThatThrownBy(() -> validate("device", "cuda"))
                .hasMessage("hyperparameter 'device' is not one SageMaker's XGBoost accepts; remove it or fix its"
                        + " name");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "max_depth|abc|hyperparameter max_depth='abc' is not an integer",
            "max_depth|3.0|hyperparameter max_depth='3.0' is not an integer",
            "max_depth|-1|hyperparameter max_depth='-1' is out of range: it must be in [0, +inf)",
            "eta|fast|hyperparameter eta='fast' is not a number",
            "eta|1.5|hyperparameter eta='1.5' is out of range: it must be in [0, 1]",
            "subsample|0|hyperparameter subsample='0' is out of range: it must be in (0, 1]",
            "sketch_eps|1|hyperparameter sketch_eps='1' is out of range: it must be in (0, 1)",
            "tweedie_variance_power|2|hyperparameter tweedie_variance_power='2' is out of range: it must be in (1, 2)",
            "num_class|1|hyperparameter num_class='1' is out of range: it must be in [2, +inf)",
            "seed|2147483647|hyperparameter seed='2147483647' is out of range: it must be in (-2147483648, 2147483647)",
            "_kfold|1|hyperparameter _kfold='1' is out of range: it must be in [2, +inf)",
            "booster|gbtre|hyperparameter booster='gbtre' is not one of gbtree, gblinear, dart",
            "save_model_on_termination|yes|hyperparameter save_model_on_termination='yes' is not one of true, false",
            "monotone_constraints|(1,2)|hyperparameter monotone_constraints='(1,2)': 2 is not one of -1, 0, 1",
            "interaction_constraints|[[0,1]]|hyperparameter interaction_constraints='[[0,1]]' is out of range:"
                + " it must be in [1, +inf)",
            "updater|grow_quantile_histmaker|hyperparameter updater='grow_quantile_histmaker':"
                + " 'grow_quantile_histmaker' is not one of grow_colmaker, distcol, grow_histmaker, grow_skmaker, sync,"
                + " refresh, prune, shotgun, coord_descent"})
    void aWrongTypeOrRangeFailsNamingKeyValueAndRange(String key, String value, String message) {
        Map<String, String> hp = new HashMap<>(Map.of("num_round", "10", key, value));
        if (key.endsWith("_constraints")) {
            hp.put("tree_method", "hist");
        }
        assertThatThrownBy(() -> XGBoostHyperparameters.validate(hp)).isInstanceOf(TrainingException.class)
                .hasMessage(message);
    }

    @Test
    void theTuningObjectiveIsOneOfTheContainersValidationMetrics() {
        assertThat(validate("_tuning_objective_metric", "validation:rmse").tuningMetric()).contains("rmse");
        assertThatThrownBy(() -> validate("_tuning_objective_metric", "train:auc"))
                .hasMessageStartingWith("hyperparameter _tuning_objective_metric='train:auc' is not one of"
                        + " validation:accuracy, validation:auc,");
    }

    @Test
    void evalMetricEntriesAreTheContainersOrThresholdsOfErrorNdcgMap() {
        assertThat(validate("eval_metric", "error@0.7,ndcg@5,map@3,accuracy,rmse").evalMetrics())
                .containsExactly("error@0.7", "ndcg@5", "map@3", "accuracy", "rmse");
        assertThatThrownBy(() -> validate("eval_metric", "rmse,pre"))
                .hasMessageStartingWith("hyperparameter eval_metric='rmse,pre': 'pre' is not one of accuracy, auc");
        assertThatThrownBy(() -> validate("eval_metric", "auc@3"))
                .hasMessage("hyperparameter eval_metric: 'auc@3' is not supported; a threshold (@) goes only with"
                        + " error, ndcg or map");
        assertThatThrownBy(() -> validate("eval_metric", "ndcg@top"))
                .hasMessage("hyperparameter eval_metric: the threshold of 'ndcg@top' is not a number");
    }

    @Test
    void dependenciesAreCheckedAsTheContainerChecksThem() {
        assertThatThrownBy(() -> validate("objective", "multi:softprob"))
                .hasMessage("hyperparameter objective='multi:softprob' needs num_class (the number of classes)");
        assertThatThrownBy(() -> validate("eval_metric", "auc", "objective", "reg:squarederror"))
                .hasMessage("hyperparameter eval_metric='auc': auc needs a binary: or rank: objective, not"
                        + " reg:squarederror");
        assertThatThrownBy(() -> validate("eval_metric", "auc"))
                .hasMessageEndingWith("not reg:squarederror");
        assertThatThrownBy(() -> validate("eval_metric", "aft-nloglik"))
                .hasMessageContaining("aft-nloglik needs objective survival:aft");
        assertThatThrownBy(() -> validate("monotone_constraints", "(1,-1)"))
                .hasMessage("hyperparameter monotone_constraints needs tree_method exact or hist to be set");
        assertThatThrownBy(() -> validate("interaction_constraints", "[[1,2]]", "tree_method", "auto"))
                .hasMessage("hyperparameter interaction_constraints needs tree_method exact, hist or approx, not auto");
        assertThatThrownBy(() -> validate("updater", "grow_colmaker,grow_histmaker"))
                .hasMessageEndingWith("choose one tree grower of grow_colmaker, distcol and grow_histmaker");
        assertThatThrownBy(() -> validate("booster", "gblinear", "updater", "prune"))
                .hasMessageEndingWith("booster gblinear takes one updater, shotgun or coord_descent");
        assertThat(validate("monotone_constraints", "(1,0,-1)", "tree_method", "hist").boosterParams())
                .containsEntry("monotone_constraints", "(1,0,-1)");
        assertThat(validate("monotone_constraints", "1,-1", "tree_method", "exact").boosterParams())
                .containsEntry("monotone_constraints", "(1,-1)");
    }

    @Test
    void numRoundIsRequiredAndAnAliasCannotRepeatItsName() {
        assertThatThrownBy(() -> XGBoostHyperparameters.validate(Map.of("eta", "0.1")))
                .hasMessage("hyperparameter 'num_round' is required but not set: add it to the training job's"
                        + " HyperParameters");
        assertThatThrownBy(() -> validate("eta", "0.1", "learning_rate", "0.2"))
                .hasMessageStartingWith("hyperparameter eta is set twice, once under its alias");
    }

    @Test
    void namesAreComparedWithTranspositionsCountingOne() {
        assertThat(HyperparameterNames.distance("max_dpeth", "max_depth")).isEqualTo(1);
        assertThat(HyperparameterNames.suggestion("etta", List.of("eta", "gamma"))).isEqualTo(" (did you mean eta?)");
    }
}
