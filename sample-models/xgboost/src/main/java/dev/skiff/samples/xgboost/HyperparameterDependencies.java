package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of SageMaker's XGBoost container that look at more than one hyperparameter (its
 * {@code dependencies_validator}s), and its rule for one {@code eval_metric} entry. Run after every value has
 * parsed and is in range.
 */
final class HyperparameterDependencies {
    private static final Set<String> TREE_UPDATERS = Set.of("grow_colmaker", "distcol", "grow_histmaker",
            "grow_skmaker", "sync", "refresh", "prune");
    private static final Set<String> TREE_GROWERS = Set.of("grow_colmaker", "distcol", "grow_histmaker");
    private static final Set<String> LINEAR_UPDATERS = Set.of("shotgun", "coord_descent");

    private HyperparameterDependencies() {
    }

    static void check(Map<String, String> hp) {
        String objective = hp.getOrDefault("objective", "reg:squarederror").trim();
        if (objective.startsWith("multi:") && !hp.containsKey("num_class")) {
            throw new TrainingException("hyperparameter objective='" + objective + "' needs num_class (the number"
                    + " of classes)");
        }
        List<String> metrics = XGBoostHyperparameters.list(hp.get("eval_metric"));
        if (metrics.contains("auc") && !objective.startsWith("binary:") && !objective.startsWith("rank:")) {
            throw new TrainingException("hyperparameter eval_metric='" + hp.get("eval_metric") + "': auc needs a"
                    + " binary: or rank: objective, not " + objective);
        }
        if (metrics.contains("aft-nloglik") && !objective.equals("survival:aft")) {
            throw new TrainingException("hyperparameter eval_metric='" + hp.get("eval_metric") + "': aft-nloglik"
                    + " needs objective survival:aft, not " + objective);
        }
        String treeMethod = hp.getOrDefault("tree_method", "").trim();
        if (hp.containsKey("monotone_constraints") && !Set.of("exact", "hist").contains(treeMethod)) {
            throw new TrainingException("hyperparameter monotone_constraints needs tree_method exact or hist"
                    + (treeMethod.isEmpty() ? " to be set" : ", not " + treeMethod));
        }
        if (hp.containsKey("interaction_constraints") && !Set.of("exact", "hist", "approx").contains(treeMethod)) {
            throw new TrainingException("hyperparameter interaction_constraints needs tree_method exact, hist or"
                    + " approx" + (treeMethod.isEmpty() ? " to be set" : ", not " + treeMethod));
        }
        if (hp.containsKey("updater")) {
            updater(hp);
        }
    }

    private static void updater(Map<String, String> hp) {
        List<String> updaters = XGBoostHyperparameters.list(hp.get("updater"));
        String value = "hyperparameter updater='" + hp.get("updater") + "': ";
        if ("gblinear".equals(hp.getOrDefault("booster", "").trim())) {
            if (updaters.size() != 1 || !LINEAR_UPDATERS.contains(updaters.get(0))) {
                throw new TrainingException(value + "booster gblinear takes one updater, shotgun or coord_descent");
            }
        } else if ("update".equals(hp.getOrDefault("process_type", "").trim())) {
            if (!Set.of("refresh", "prune").containsAll(updaters)) {
                throw new TrainingException(value + "process_type update takes only refresh and prune");
            }
        } else {
            if (!TREE_UPDATERS.containsAll(updaters)) {
                throw new TrainingException(value + "a tree booster takes grow_colmaker, distcol, grow_histmaker,"
                        + " grow_skmaker, sync, refresh or prune");
            }
            if (updaters.stream().filter(TREE_GROWERS::contains).count() > 1) {
                throw new TrainingException(value + "choose one tree grower of grow_colmaker, distcol and"
                        + " grow_histmaker");
            }
        }
    }

    /**
     * One {@code eval_metric} entry: a metric the container knows, or {@code error@t}, {@code ndcg@n},
     * {@code map@n} with a numeric threshold. Fails itself where the container gives a specific reason.
     */
    static boolean evalMetric(String metric) {
        if (metric.contains("<function")) {
            throw new TrainingException("hyperparameter eval_metric: a user-defined metric (" + metric
                    + ") is not supported");
        }
        int at = metric.indexOf('@');
        if (at < 0) {
            return MetricNames.known(metric);
        }
        String name = metric.substring(0, at).trim();
        if (!Set.of("error", "ndcg", "map").contains(name)) {
            throw new TrainingException("hyperparameter eval_metric: '" + metric + "' is not supported; a threshold"
                    + " (@) goes only with error, ndcg or map");
        }
        try {
            Double.parseDouble(metric.substring(at + 1).trim());
        } catch (NumberFormatException e) {
            throw new TrainingException("hyperparameter eval_metric: the threshold of '" + metric
                    + "' is not a number");
        }
        return true;
    }
}
