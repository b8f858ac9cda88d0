package dev.skiff.samples.xgboost;

import dev.skiff.samples.xgboost.HyperparameterRule.Interval;
import dev.skiff.spi.TrainingException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.skiff.samples.xgboost.HyperparameterRule.choice;
import static dev.skiff.samples.xgboost.HyperparameterRule.decimal;
import static dev.skiff.samples.xgboost.HyperparameterRule.integer;

/**
 * Validates a job's hyperparameters as SageMaker's XGBoost container does
 * ({@code algorithm_mode/hyperparameter_validation.py}), before any data is read: an unknown name, a value of the
 * wrong type or out of range, or a missing dependency fails with one line naming the key, the value and what is
 * allowed. Skiff's {@code skiff_*}, SageMaker's {@code sagemaker_*} and other {@code _}-prefixed keys pass (and
 * are not given to XGBoost); the container's own {@code _kfold}, {@code _num_cv_round} and
 * {@code _tuning_objective_metric} are checked.
 */
final class XGBoostHyperparameters {
    private static final Map<String, HyperparameterRule> RULES = rules();
    private static final Map<String, String> ALIASES = Map.of("learning_rate", "eta", "min_split_loss", "gamma",
            "reg_lambda", "lambda", "reg_alpha", "alpha");
    /** Read by the trainer itself, never passed to XGBoost. */
    private static final Set<String> CONTAINER_ONLY = Set.of("num_round", "csv_weights", "early_stopping_rounds",
            "eval_metric", "save_model_on_termination", "_kfold", "_num_cv_round", "_tuning_objective_metric",
            "use_dask_gpu_training");

    private XGBoostHyperparameters() {
    }

    static TrainingSettings validate(Map<String, String> given) {
        Map<String, String> hp = known(given);
        if (!hp.containsKey("num_round")) {
            throw new TrainingException("hyperparameter 'num_round' is required but not set: add it to the"
                    + " training job's HyperParameters");
        }
        hp.forEach((key, value) -> RULES.get(key).check(key, value));
        HyperparameterDependencies.check(hp);
        Map<String, Object> params = new LinkedHashMap<>();
        hp.forEach((key, value) -> {
            if (!CONTAINER_ONLY.contains(key)) {
                params.put(key, value.trim());
            }
        });
        // the container hands XGBoost the tuple Python made of it, so "1,-1" reaches XGBoost as "(1, -1)"
        params.computeIfPresent("monotone_constraints", (key, value) -> value.toString().matches("[(\\[].*")
                ? value : "(" + value + ")");
        return new TrainingSettings(intValue(hp, "num_round", 0), intValue(hp, "early_stopping_rounds", 0),
                list(hp.get("eval_metric")),
                Optional.ofNullable(hp.get("_tuning_objective_metric")).map(m -> m.trim().split(":", 2)[1]),
                intValue(hp, "csv_weights", 0) == 1, "true".equals(trimmed(hp, "save_model_on_termination")),
                intValue(hp, "_kfold", 0), intValue(hp, "_num_cv_round", 1), params);
    }

    /** The container's hyperparameters among {@code given}, aliases under their main name; unknown names fail. */
    private static Map<String, String> known(Map<String, String> given) {
        Map<String, String> hp = new LinkedHashMap<>();
        for (var entry : given.entrySet()) {
            String key = ALIASES.getOrDefault(entry.getKey(), entry.getKey());
            if (!RULES.containsKey(key)) {
                if (key.startsWith("skiff_") || key.startsWith("sagemaker_") || key.startsWith("_")) {
                    continue;
                }
                throw new TrainingException("hyperparameter '" + key + "' is not one SageMaker's XGBoost accepts"
                        + HyperparameterNames.suggestion(key, RULES.keySet()) + "; remove it or fix its name");
            }
            if (hp.put(key, entry.getValue()) != null) {
                throw new TrainingException("hyperparameter " + key + " is set twice, once under its alias: keep one"
                        + " of " + key + " and " + entry.getKey());
            }
        }
        return hp;
    }

    static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    out.add(item.trim());
                }
            }
        }
        return out;
    }

    private static int intValue(Map<String, String> hp, String key, int absent) {
        if (!hp.containsKey(key)) {
            return absent;
        }
        try {
            return Integer.parseInt(hp.get(key).trim());
        } catch (NumberFormatException e) {
            throw new TrainingException("hyperparameter " + key + "='" + hp.get(key) + "' is too large");
        }
    }

    private static String trimmed(Map<String, String> hp, String key) {
        return hp.containsKey(key) ? hp.get(key).trim() : null;
    }

    /** Every hyperparameter the container declares, with its type and range, in its order. */
    private static Map<String, HyperparameterRule> rules() {
        Map<String, HyperparameterRule> r = new LinkedHashMap<>();
        r.put("num_round", integer(Interval.atLeast(1)));
        r.put("csv_weights", integer(Interval.closed(0, 1)));
        r.put("early_stopping_rounds", integer(Interval.atLeast(1)));
        treeRules(r);
        learningRules(r);
        containerRules(r);
        return r;
    }

    private static void treeRules(Map<String, HyperparameterRule> r) {
        Interval zeroToOne = Interval.closed(0, 1);
        r.put("booster", choice("gbtree", "gblinear", "dart"));
        r.put("verbosity", integer(Interval.closed(0, 3)));
        r.put("nthread", integer(Interval.atLeast(1)));
        r.put("eta", decimal(zeroToOne));
        r.put("gamma", decimal(Interval.atLeast(0)));
        r.put("max_depth", integer(Interval.atLeast(0)));
        r.put("min_child_weight", decimal(Interval.atLeast(0)));
        r.put("max_delta_step", decimal(Interval.atLeast(0)));
        for (String sample : List.of("subsample", "colsample_bytree", "colsample_bylevel", "colsample_bynode")) {
            r.put(sample, decimal(new Interval(0d, true, 1d, false)));
        }
        r.put("lambda", decimal(Interval.atLeast(0)));
        r.put("alpha", decimal(Interval.atLeast(0)));
        r.put("tree_method", choice("auto", "exact", "approx", "hist", "gpu_hist"));
        r.put("sketch_eps", decimal(new Interval(0d, true, 1d, true)));
        r.put("scale_pos_weight", decimal(Interval.above(0)));
        List<String> updaters = List.of("grow_colmaker", "distcol", "grow_histmaker", "grow_skmaker", "sync",
                "refresh", "prune", "shotgun", "coord_descent");
        r.put("updater", HyperparameterRule.list(updaters, updaters::contains));
        r.put("dsplit", choice("row", "col"));
        r.put("refresh_leaf", integer(zeroToOne));
        r.put("process_type", choice("default", "update"));
        r.put("grow_policy", choice("depthwise", "lossguide"));
        r.put("max_leaves", integer(Interval.atLeast(0)));
        r.put("max_bin", integer(Interval.atLeast(0)));
        r.put("predictor", choice("auto", "cpu_predictor", "gpu_predictor"));
        r.put("monotone_constraints", HyperparameterRule.tuple("-1", "0", "1"));
        r.put("interaction_constraints", HyperparameterRule.nested(Interval.atLeast(1)));
        r.put("sample_type", choice("uniform", "weighted"));
        r.put("normalize_type", choice("tree", "forest"));
        r.put("rate_drop", decimal(zeroToOne));
        r.put("one_drop", integer(zeroToOne));
        r.put("skip_drop", decimal(zeroToOne));
        r.put("lambda_bias", decimal(zeroToOne));
    }

    private static void learningRules(Map<String, HyperparameterRule> r) {
        r.put("tweedie_variance_power", decimal(new Interval(1d, true, 2d, true)));
        r.put("objective", choice("aft_loss_distribution", "binary:logistic", "binary:logitraw", "binary:hinge",
                "count:poisson", "multi:softmax", "multi:softprob", "rank:pairwise", "rank:ndcg", "rank:map",
                "reg:linear", "reg:squarederror", "reg:logistic", "reg:gamma", "reg:pseudohubererror",
                "reg:squaredlogerror", "reg:absoluteerror", "reg:tweedie", "survival:aft", "survival:cox"));
        r.put("num_class", integer(Interval.atLeast(2)));
        r.put("base_score", decimal(Interval.atLeast(0)));
        List<String> metrics = new ArrayList<>(MetricNames.MAXIMIZE);
        metrics.addAll(MetricNames.MINIMIZE);
        metrics.addAll(List.of("error@t", "ndcg@n", "map@n"));
        r.put("eval_metric", HyperparameterRule.list(metrics, HyperparameterDependencies::evalMetric));
        r.put("seed", integer(new Interval(-2147483648d, true, 2147483647d, true)));
        r.put("num_parallel_tree", integer(Interval.atLeast(1)));
        r.put("aft_loss_distribution", choice("normal", "logistic", "extreme"));
        r.put("aft_loss_distribution_scale", decimal(Interval.atLeast(0)));
        r.put("deterministic_histogram", choice("true", "false"));
        r.put("sampling_method", choice("uniform", "gradient_based"));
        r.put("prob_buffer_row", integer(Interval.above(1)));
    }

    /** The container's own settings, which never reach XGBoost. */
    private static void containerRules(Map<String, HyperparameterRule> r) {
        r.put("_kfold", integer(Interval.atLeast(2)));
        r.put("_num_cv_round", integer(Interval.atLeast(1)));
        List<String> tuning = new ArrayList<>();
        MetricNames.MAXIMIZE.forEach(m -> tuning.add("validation:" + m));
        MetricNames.MINIMIZE.forEach(m -> tuning.add("validation:" + m));
        r.put("_tuning_objective_metric", choice(tuning));
        r.put("save_model_on_termination", choice("true", "false"));
        r.put("use_dask_gpu_training", choice("true", "false"));
    }
}
