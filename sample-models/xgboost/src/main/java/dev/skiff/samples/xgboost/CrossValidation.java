package dev.skiff.samples.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The container's k-fold training ({@code _kfold}, {@code _num_cv_round}): train and validation rows together are
 * split {@code _kfold} ways ({@link FoldSplits}), {@code _num_cv_round} times; each fold trains a model on the
 * other folds' rows and predicts its own. As in the container, every fold is evaluated (and stopped early) on the
 * whole train and validation channels. The models are written as {@code xgboost-model-0}, {@code -1}, ... (the
 * ensemble serving combines), the out-of-fold predictions to {@code output/data/predictions.csv}, and after each
 * repetition the mean of each metric's last value over its folds as a summary line {@code [num_round]\t...}.
 */
final class CrossValidation {
    private static final Logger LOG = LoggerFactory.getLogger(CrossValidation.class);

    private CrossValidation() {
    }

    static List<XGBoostTraining.Trained> run(TrainingSettings settings, MetricPlan plan, DataSets data,
                                             XGBoostTraining.Job job) throws XGBoostError, IOException {
        float[] labels = data.all().getLabel();
        List<FoldSplits.Fold> folds = FoldSplits.of(labels, settings.kfold(), settings.numCvRound(),
                settings.classification(), settings.seed());
        LOG.info("{} round(s) of {}-fold cross-validation on {} rows", settings.numCvRound(), settings.kfold(),
                labels.length);
        FoldPredictions predictions = new FoldPredictions(labels, settings.numCvRound(), settings.classification(),
                settings.objective().equals("multi:softmax"));
        RoundEvaluator evaluator = data.evaluator(plan);
        List<Booster> models = new ArrayList<>();
        List<Evaluation> lasts = new ArrayList<>();
        List<XGBoostTraining.Trained> trained = new ArrayList<>();
        try {
            for (int i = 0; i < folds.size(); i++) {
                LOG.info("fold {} of {} (repetition {})", i % settings.kfold() + 1, settings.kfold(),
                        i / settings.kfold() + 1);
                Boosting.Result result = fold(settings, plan, data, folds.get(i), i, evaluator, job);
                trained.add(XGBoostTraining.Trained.of(result));
                if (result.stopped()) {
                    keepStopped(result, models);
                    break;
                }
                lasts.add(result.last() != null ? result.last()
                        : evaluator.evaluate(result.booster(), result.rounds() - 1));
                Booster model = Boosting.bestModel(result);
                models.add(model);
                predictions.record(folds.get(i).test(), predict(model, data.all(), folds.get(i).test()));
                if (lasts.size() % settings.kfold() == 0) {
                    job.listener().onSummary(summary(settings.numRound(),
                            lasts.subList(lasts.size() - settings.kfold(), lasts.size())));
                }
            }
            finish(settings, predictions, models, lasts, folds.size(), job);
        } finally {
            models.forEach(Booster::dispose);
        }
        return trained;
    }

    /** A fold a stop cut short is kept as it is, if it has any round (for save_model_on_termination). */
    private static void keepStopped(Boosting.Result result, List<Booster> models) {
        if (result.rounds() > 0) {
            models.add(result.booster());
        } else {
            result.booster().dispose();
        }
    }

    private static Boosting.Result fold(TrainingSettings settings, MetricPlan plan, DataSets data,
                                        FoldSplits.Fold fold, int index, RoundEvaluator evaluator,
                                        XGBoostTraining.Job job) throws XGBoostError, IOException {
        DMatrix rows = data.all().slice(fold.train());
        try {
            return new Boosting(settings.boosterParams(), settings.numRound(), rows, evaluator,
                    XGBoostTraining.earlyStopping(plan, settings, data),
                    job.checkpoints() == null ? null : job.checkpoints().fold(index), job.listener(), job.stop())
                    .run();
        } finally {
            rows.dispose();
        }
    }

    /** Writes the models (all of them; after a stop, those so far if save_model_on_termination) and predictions. */
    private static void finish(TrainingSettings settings, FoldPredictions predictions, List<Booster> models,
                               List<Evaluation> lasts, int folds, XGBoostTraining.Job job)
            throws IOException, XGBoostError {
        boolean complete = lasts.size() == folds;
        if (complete && settings.numCvRound() > 1) {
            job.listener().onSummary(summary(settings.numRound(), lasts));
        }
        if (complete || settings.saveModelOnTermination()) {
            for (int i = 0; i < models.size(); i++) {
                XGBoostTraining.save(models.get(i), job.modelDir(), XGBoostTraining.MODEL_FILE + "-" + i);
            }
        }
        if (complete) {
            predictions.save(job.outputDataDir());
        } else {
            LOG.info("stopped in fold {} of {}; {}", models.size(), folds, settings.saveModelOnTermination()
                    ? "the models so far are written" : "no model is written (set save_model_on_termination=true"
                    + " to write the models so far on a stop)");
        }
    }

    private static float[][] predict(Booster model, DMatrix all, int[] rows) throws XGBoostError {
        DMatrix held = all.slice(rows);
        try {
            return model.predict(held);
        } finally {
            held.dispose();
        }
    }

    /** The container's {@code print_cv_metric}: for each metric, for each data set, the mean over the folds. */
    static Evaluation summary(int numRound, List<Evaluation> folds) {
        Map<String, List<Evaluation.Metric>> byName = new LinkedHashMap<>();
        for (Evaluation.Metric m : folds.get(0).metrics()) {
            byName.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
        }
        List<Evaluation.Metric> means = new ArrayList<>();
        for (List<Evaluation.Metric> sameName : byName.values()) {
            for (Evaluation.Metric m : sameName) {
                double sum = 0;
                for (Evaluation fold : folds) {
                    sum += fold.value(m.data(), m.name()).orElse(Double.NaN);
                }
                means.add(new Evaluation.Metric(m.data(), m.name(), sum / folds.size()));
            }
        }
        return new Evaluation(numRound, means);
    }
}
