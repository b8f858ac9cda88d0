package dev.skiff.samples.xgboost;

import dev.skiff.samples.xgboost.Evaluation.Metric;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a booster after a round on the job's evaluation sets ({@code train}, then {@code validation}): XGBoost's
 * own metrics through {@code evalSet}, then the container's ({@link ContainerMetrics}) from the raw margins, each
 * rounded to six decimals as the container's {@code "%f"} hands them on. Metrics are grouped by data set, XGBoost's
 * first, as the container's log line lists them.
 */
final class RoundEvaluator {
    private static final int CONTAINER_DECIMALS = 6;

    private final MetricPlan plan;
    private final DMatrix[] sets;
    private final String[] names;
    private final float[][] labels;

    /** @param sets the evaluation sets, named by {@code names} ({@code train}, {@code validation}) */
    RoundEvaluator(MetricPlan plan, DMatrix[] sets, String[] names) throws XGBoostError {
        this.plan = plan;
        this.sets = sets.clone();
        this.names = names.clone();
        this.labels = new float[sets.length][];
        for (int i = 0; i < sets.length; i++) {
            labels[i] = plan.containerMetrics().isEmpty() ? null : sets[i].getLabel();
        }
    }

    /** Tells {@code booster} which of its own metrics to evaluate (none: the objective's default). */
    void configure(Booster booster) throws XGBoostError {
        for (String metric : plan.xgboostMetrics()) {
            booster.setParam("eval_metric", metric); // XGBoost appends: several metrics, in this order
        }
    }

    Evaluation evaluate(Booster booster, int round) throws XGBoostError {
        List<Metric> xgboost = parse(booster.evalSet(sets, names, round), names);
        List<Metric> ordered = new ArrayList<>();
        for (int i = 0; i < sets.length; i++) {
            String data = names[i];
            xgboost.stream().filter(m -> m.data().equals(data)).forEach(ordered::add);
            if (!plan.containerMetrics().isEmpty()) {
                float[][] margins = booster.predict(sets[i], true);
                for (String metric : plan.containerMetrics()) {
                    double value = ContainerMetrics.compute(metric, data, labels[i], margins);
                    ordered.add(new Metric(data, metric, asPrinted(value)));
                }
            }
        }
        return new Evaluation(round, ordered);
    }

    /** {@code value} as the container's {@code "%f"} leaves it: six decimals. */
    static double asPrinted(double value) {
        return Double.isFinite(value) ? Double.parseDouble(Evaluation.fixed(value, CONTAINER_DECIMALS)) : value;
    }

    /** XGBoost's {@code [3]\ttrain-auc:0.91\tvalidation-auc:0.88} as metrics, in its order. */
    static List<Metric> parse(String line, String[] dataNames) {
        List<Metric> out = new ArrayList<>();
        for (String item : line.trim().split("\t")) {
            int colon = item.lastIndexOf(':');
            if (colon < 0) {
                continue; // the [round] prefix
            }
            for (String data : dataNames) {
                if (item.startsWith(data + "-")) {
                    out.add(new Metric(data, item.substring(data.length() + 1, colon),
                            Double.parseDouble(item.substring(colon + 1))));
                }
            }
        }
        return out;
    }
}
