package dev.skiff.samples.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.OptionalDouble;

/**
 * Python XGBoost's {@code EarlyStopping} as SageMaker's container configures it: one metric on {@code validation}
 * decides; a round improves on the best only when strictly better; after {@code rounds} rounds without an
 * improvement training stops. Each improvement is written into the booster's attributes {@code best_iteration} and
 * {@code best_score} (as Python does), so a checkpoint carries the state and a resumed job continues it exactly.
 */
final class EarlyStopping {
    static final String DATA = "validation";

    private final String metric;
    private final int rounds;
    private final boolean maximize;
    private int best = -1;
    private double bestScore = Double.NaN;
    private int lastRound = -1;

    EarlyStopping(String metric, int rounds) {
        this.metric = metric;
        this.rounds = rounds;
        this.maximize = MetricNames.maximize(metric);
    }

    /** Takes up the state a checkpoint of round {@code lastRound} carries, if it carries any. */
    void restore(Booster booster, int lastRound) throws XGBoostError {
        String iteration = booster.getAttr("best_iteration");
        String score = booster.getAttr("best_score");
        if (iteration != null && score != null) {
            best = Integer.parseInt(iteration);
            bestScore = Double.parseDouble(score);
            this.lastRound = lastRound;
        }
    }

    /** True when the rounds already done have run out of patience: training is over before it resumes. */
    boolean exhausted() {
        return best >= 0 && lastRound - best >= rounds;
    }

    /** Records round {@code round}'s evaluation; true when training should stop. */
    boolean update(Booster booster, int round, Evaluation evaluation) throws XGBoostError {
        OptionalDouble found = evaluation.value(DATA, metric);
        if (found.isEmpty()) {
            throw new IllegalStateException("no " + DATA + "-" + metric + " to stop early on in " + evaluation.line());
        }
        double score = found.getAsDouble();
        lastRound = round;
        if (best < 0 || (maximize ? score > bestScore : score < bestScore)) {
            best = round;
            bestScore = score;
            booster.setAttr("best_iteration", Integer.toString(best));
            booster.setAttr("best_score", Double.toString(bestScore));
        }
        return exhausted();
    }

    String metric() {
        return metric;
    }

    /** The best round so far, -1 before the first. */
    int bestIteration() {
        return best;
    }

    double bestScore() {
        return bestScore;
    }
}
