package dev.skiff.samples.xgboost;

import java.util.List;
import java.util.Locale;

/**
 * The evaluation metrics SageMaker's XGBoost container accepts ({@code constants/xgb_constants.py}), split as it
 * splits them into those where larger is better and those where smaller is. Its tuning job metrics are
 * {@code validation:<name>} for each, read by {@link #TUNING_REGEX}.
 */
final class MetricNames {
    static final List<String> MAXIMIZE = List.of("accuracy", "auc", "aucpr", "balanced_accuracy", "f1", "f1_binary",
            "f1_macro", "map", "ndcg", "precision", "r2", "recall", "precision_macro", "precision_micro",
            "recall_macro", "recall_micro");
    static final List<String> MINIMIZE = List.of("aft-nloglik", "cox-nloglik", "error", "gamma-deviance",
            "gamma-nloglik", "interval-regression-accuracy", "logloss", "mae", "mape", "merror", "mlogloss", "mphe",
            "mse", "poisson-nloglik", "rmse", "rmsle", "tweedie-nloglik");
    /** The container's MetricDefinition regex for {@code validation:<name>} (CloudWatch shows a tab as #011). */
    static final String TUNING_REGEX = ".*\\[[0-9]+\\].*#011validation-%s:(\\S+)";

    private MetricNames() {
    }

    static boolean known(String name) {
        return MAXIMIZE.contains(name) || MINIMIZE.contains(name);
    }

    /**
     * Whether early stopping on {@code metric} keeps the largest value. The container's list decides, and
     * {@code ndcg@n}/{@code map@n} count as {@code ndcg}/{@code map} (the container minimises them, by mistake).
     */
    static boolean maximize(String metric) {
        String name = metric.toLowerCase(Locale.ROOT);
        int at = name.indexOf('@');
        if (at > 0 && (name.startsWith("ndcg@") || name.startsWith("map@"))) {
            name = name.substring(0, at);
        }
        return MAXIMIZE.contains(name);
    }
}
