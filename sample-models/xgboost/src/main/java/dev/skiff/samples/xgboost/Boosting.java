package dev.skiff.samples.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The boosting loop, one round at a time, so that every round's metrics go out as they happen and early stopping
 * behaves as in Python's {@code xgb.train} with {@code EarlyStopping(save_best=True)} (SageMaker's XGBoost
 * container): the last evaluation metric on the validation data decides; after {@code early_stopping_rounds} rounds
 * without a strict improvement training stops and the model is cut back to its best round.
 */
final class Boosting {
    /** One evaluation result, e.g. {@code validation} / {@code auc} / 0.93. */
    record Metric(String data, String name, double value) {
    }

    /** Called after each round with XGBoost's own evaluation line and its parsed metrics. */
    interface RoundListener {
        void onRound(int iteration, String evalLine, List<Metric> metrics);
    }

    /** The trained booster; {@code bestIteration} is -1 without early stopping. */
    record Result(Booster booster, int rounds, int bestIteration, double bestScore) {
    }

    private Boosting() {
    }

    /**
     * @param params               XGBoost parameters (no {@code eval_metric}: those are {@code evalMetrics})
     * @param validation           may be null
     * @param earlyStoppingRounds  0 for none; needs {@code validation}
     * @param stop                 asked before each round: true ends training with the rounds done so far
     */
    static Result run(Map<String, Object> params, List<String> evalMetrics, int numRound, DMatrix train,
                      DMatrix validation, int earlyStoppingRounds, RoundListener listener, BooleanSupplier stop)
            throws XGBoostError, IOException {
        Booster booster = XGBoost.train(train, params, 0, Map.of(), null, null);
        try {
            for (String metric : evalMetrics) {
                booster.setParam("eval_metric", metric); // XGBoost appends: several metrics, in this order
            }
            DMatrix[] mats = validation == null ? new DMatrix[] {train} : new DMatrix[] {train, validation};
            String[] names = validation == null ? new String[] {"train"} : new String[] {"train", "validation"};
            int best = -1;
            double bestScore = Double.NaN;
            int round = 0;
            for (; round < numRound && !stop.getAsBoolean(); round++) {
                booster.update(train, round);
                String line = booster.evalSet(mats, names, round);
                List<Metric> metrics = parse(line, names);
                listener.onRound(round, line, metrics);
                if (earlyStoppingRounds <= 0 || validation == null) {
                    continue;
                }
                Metric decisive = lastOf(metrics, "validation");
                if (best < 0 || improves(decisive, bestScore)) {
                    best = round;
                    bestScore = decisive.value();
                } else if (round - best >= earlyStoppingRounds) {
                    round++;
                    break;
                }
            }
            if (best < 0) {
                return new Result(booster, round, -1, Double.NaN);
            }
            booster.setAttr("best_iteration", Integer.toString(best));
            booster.setAttr("best_score", Double.toString(bestScore));
            if (best + 1 == round) {
                return new Result(booster, round, best, bestScore);
            }
            Booster cut = XGBoost.loadModel(ModelCut.keepRounds(booster.toByteArray("json"), best + 1));
            booster.dispose();
            return new Result(cut, best + 1, best, bestScore);
        } catch (XGBoostError | IOException | RuntimeException e) {
            booster.dispose();
            throw e;
        }
    }

    /** {@code [3]\ttrain-auc:0.91\tvalidation-auc:0.88} as metrics, in order. */
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

    private static Metric lastOf(List<Metric> metrics, String data) {
        Metric last = null;
        for (Metric m : metrics) {
            if (m.data().equals(data)) {
                last = m;
            }
        }
        if (last == null) {
            throw new IllegalStateException("no " + data + " metric to stop early on");
        }
        return last;
    }

    private static boolean improves(Metric m, double best) {
        return maximize(m.name()) ? m.value() > best : m.value() < best;
    }

    /** The metrics where larger is better, as Python's EarlyStopping decides it. */
    static boolean maximize(String metric) {
        String base = metric.toLowerCase(Locale.ROOT);
        int at = base.indexOf('@');
        base = at < 0 ? base : base.substring(0, at);
        return switch (base) {
            case "auc", "aucpr", "map", "ndcg", "pre", "interval-regression-accuracy" -> true;
            default -> false;
        };
    }
}
