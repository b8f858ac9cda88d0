package dev.skiff.samples.xgboost;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A training job's hyperparameters once {@link XGBoostHyperparameters} has validated them.
 *
 * @param numRound               rounds of boosting ({@code num_round})
 * @param earlyStoppingRounds    {@code early_stopping_rounds}, 0 for none
 * @param evalMetrics            {@code eval_metric} as listed (may be empty)
 * @param tuningMetric           the metric of {@code _tuning_objective_metric} ({@code validation:f1} gives f1)
 * @param csvWeights             {@code csv_weights=1}: the CSV column after the label is the instance weight
 * @param saveModelOnTermination {@code save_model_on_termination=true}: a stopped job writes the model so far
 * @param kfold                  {@code _kfold}: folds of cross-validation, 0 for plain training
 * @param numCvRound             {@code _num_cv_round}: how often the k-fold split is repeated
 * @param boosterParams          what goes to XGBoost: every other hyperparameter, aliases under their main name
 */
record TrainingSettings(int numRound, int earlyStoppingRounds, List<String> evalMetrics,
                        Optional<String> tuningMetric, boolean csvWeights, boolean saveModelOnTermination, int kfold,
                        int numCvRound, Map<String, Object> boosterParams) {
    TrainingSettings {
        evalMetrics = List.copyOf(evalMetrics);
        boosterParams = Map.copyOf(boosterParams);
    }

    /** The objective, XGBoost's default when none is set. */
    String objective() {
        return String.valueOf(boosterParams.getOrDefault("objective", "reg:squarederror"));
    }

    /** The container's test for a classification (stratified folds, class predictions): num_class or binary:*. */
    boolean classification() {
        return boosterParams.containsKey("num_class") || objective().startsWith("binary:");
    }

    /** The {@code seed} hyperparameter, 0 when unset (XGBoost's default). */
    long seed() {
        return Long.parseLong(String.valueOf(boosterParams.getOrDefault("seed", "0")).trim());
    }
}
