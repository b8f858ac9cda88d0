package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which metrics a job evaluates every round and which one stops it early, decided as SageMaker's XGBoost container
 * decides ({@code train_utils.get_eval_metrics_and_feval}, {@code train_job}): the metrics are {@code eval_metric}
 * and the {@code _tuning_objective_metric} (sorted, when both are set); those the container computes itself
 * ({@link ContainerMetrics}) are computed here, the rest by XGBoost. With {@code early_stopping_rounds}, the last
 * tuning metric decides, else the last {@code eval_metric}; with neither there is no early stopping.
 *
 * @param xgboostMetrics   XGBoost's own, in order (empty: XGBoost evaluates the objective's default metric)
 * @param containerMetrics computed by {@link ContainerMetrics}, in order
 * @param stoppingMetric   the metric early stopping watches on {@code validation}
 */
record MetricPlan(List<String> xgboostMetrics, List<String> containerMetrics, Optional<String> stoppingMetric) {
    /** Container metrics that XGBoost also computes, under the same name and meaning. */
    private static final Set<String> XGBOOST_TOO = Set.of("rmse", "mae");

    MetricPlan {
        xgboostMetrics = List.copyOf(xgboostMetrics);
        containerMetrics = List.copyOf(containerMetrics);
    }

    static MetricPlan of(TrainingSettings settings) {
        List<String> eval = settings.evalMetrics();
        List<String> tuning = settings.tuningMetric().map(List::of).orElse(List.of());
        List<String> all;
        if (!eval.isEmpty() && !tuning.isEmpty()) {
            TreeSet<String> union = new TreeSet<>(eval);
            union.addAll(tuning);
            all = new ArrayList<>(union);
        } else {
            all = eval.isEmpty() ? tuning : eval;
        }
        List<String> xgboost = new ArrayList<>();
        List<String> container = new ArrayList<>();
        for (String metric : all) {
            (ContainerMetrics.computes(metric) ? container : xgboost).add(metric);
        }
        Optional<String> stopping = Optional.empty();
        if (settings.earlyStoppingRounds() > 0) {
            List<String> decides = tuning.isEmpty() ? eval : tuning;
            stopping = decides.isEmpty() ? Optional.empty() : Optional.of(decides.get(decides.size() - 1));
        }
        return new MetricPlan(xgboost, container, stopping);
    }

    /**
     * The plan for a job across hosts. XGBoost computes its own metrics over every host's rows, but the container's
     * are computed from this host's rows alone, so each host would report, and stop early on, a different value:
     * {@code rmse} and {@code mae}, which XGBoost has too, are left to XGBoost; the others are refused.
     */
    MetricPlan acrossHosts() {
        List<String> xgboost = new ArrayList<>(xgboostMetrics);
        for (String metric : containerMetrics) {
            if (!XGBOOST_TOO.contains(metric)) {
                throw new TrainingException("metric '" + metric + "' is computed from each host's own rows, so across"
                        + " hosts each would report (and stop early on) a different value: use XGBoost's own metrics"
                        + " (rmse, mae, logloss, error, merror, mlogloss, auc, aucpr, ...) or one instance");
            }
            xgboost.add(metric);
        }
        return new MetricPlan(xgboost, List.of(), stoppingMetric);
    }
}
