package dev.skiff.samples.xgboost;

import dev.skiff.samples.xgboost.trees.TreeEvaluator;
import dev.skiff.samples.xgboost.trees.UnsupportedModelException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses who predicts a loaded model: the JVM tree evaluator wherever it can serve the model, else XGBoost4J.
 * {@value #ENV} forces either: {@code jvm} (a model the JVM evaluator cannot serve is then refused, naming why),
 * {@code xgboost4j}, or {@code auto} (the default).
 */
final class EvaluatorChoice {
    static final String ENV = "SKIFF_XGBOOST_EVALUATOR";

    enum Mode { AUTO, JVM, XGBOOST4J }

    private EvaluatorChoice() {
    }

    static Mode mode(Map<String, String> env) throws ModelRefusedException {
        String value = env.getOrDefault(ENV, "").trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "auto" -> Mode.AUTO;
            case "jvm" -> Mode.JVM;
            case "xgboost4j" -> Mode.XGBOOST4J;
            default -> throw new ModelRefusedException(ENV + " is '" + env.get(ENV)
                    + "'; it takes auto, jvm or xgboost4j");
        };
    }

    /**
     * The scorer for one model file that {@link MemberLoader} loaded, within the member's round limit. Takes the
     * booster over: it is disposed at once when the JVM evaluator serves (or the choice fails), else set to
     * {@code nthread} threads a call.
     */
    static Scorer choose(Mode mode, MemberLoader.Loaded loaded, int nthread)
            throws IOException, ModelRefusedException, XGBoostError {
        Booster booster = loaded.booster();
        try {
            return choose(mode, booster, loaded.member(), nthread);
        } catch (IOException | ModelRefusedException | XGBoostError | RuntimeException e) {
            booster.dispose();
            throw e;
        }
    }

    private static Scorer choose(Mode mode, Booster booster, Member member, int nthread)
            throws IOException, ModelRefusedException, XGBoostError {
        String why;
        if (mode == Mode.XGBOOST4J) {
            why = ENV + "=xgboost4j";
        } else {
            try {
                TreeEvaluator trees = TreeEvaluator.compile(booster.toByteArray("json"), member.roundLimit());
                booster.dispose();
                return new JvmScorer(trees);
            } catch (UnsupportedModelException e) {
                if (mode == Mode.JVM) {
                    throw new ModelRefusedException(ENV + "=jvm, but the JVM evaluator cannot serve " + member.file()
                            + ": it does not support " + e.getMessage());
                }
                why = "the JVM evaluator does not support " + e.getMessage();
            }
        }
        booster.setParam("nthread", nthread);
        return new BoosterScorer(booster, member.header().booster(), member.roundLimit(),
                "nthread " + nthread + "; " + why);
    }
}
