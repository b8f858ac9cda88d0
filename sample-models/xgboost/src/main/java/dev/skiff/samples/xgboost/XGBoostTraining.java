package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A training job as SageMaker's XGBoost container runs it: hyperparameters validated first
 * ({@link XGBoostHyperparameters}), then the channels' content types ({@link ContentTypes}), then the data read
 * ({@code train}, optional {@code validation}, with instance weights), then boosting ({@link Boosting}) or the
 * k-fold ensemble ({@link CrossValidation}). The model is saved as {@code xgboost-model} in UBJSON, which XGBoost
 * 1.7 and newer (Python, SageMaker's container, Skiff) all load.
 *
 * <p>Independent of the Trainer SPI so it can be tested without /opt/ml; {@code XGBoostTrainer} adapts it.
 */
final class XGBoostTraining {
    static final String MODEL_FILE = ModelFiles.SAGEMAKER_NAME;
    private static final Logger LOG = LoggerFactory.getLogger(XGBoostTraining.class);

    /** A channel's data: its declared content type and its sources (files, or a FIFO), read one after another. */
    interface Channel {
        Optional<String> contentType();

        void forEachSource(SourceReader reader) throws IOException;
    }

    interface SourceReader {
        void read(String name, InputStream in) throws IOException;
    }

    /**
     * Where a job writes, how it reports, when it stops.
     *
     * @param checkpoints null to neither resume nor checkpoint
     * @param stop        asked before each round: true ends training with the rounds done so far
     */
    record Job(Path modelDir, Path outputDataDir, Checkpointing checkpoints, Boosting.RoundListener listener,
               BooleanSupplier stop) {
    }

    /**
     * One model trained: the rounds it keeps (cut back to the best with early stopping), its best round (-1
     * without early stopping), whether a stop cut training short, and the round it (re)started at.
     */
    record Trained(int rounds, int bestIteration, double bestScore, boolean stopped, int resumedFrom) {
        static Trained of(Boosting.Result r) {
            int kept = !r.stopped() && r.bestIteration() >= 0 ? r.bestIteration() + 1 : r.rounds();
            return new Trained(kept, r.bestIteration(), r.stopping() == null ? Double.NaN : r.stopping().bestScore(),
                    r.stopped(), r.resumedFrom());
        }
    }

    private XGBoostTraining() {
    }

    /** Trains on {@code train} (and {@code validation}, may be null); returns each model trained (k-fold: several). */
    static List<Trained> train(Map<String, String> hyperparameters, Channel train, Channel validation, Job job)
            throws Exception {
        return train(hyperparameters, train, validation, job, Collective.LOCAL);
    }

    /**
     * As above, on this host's share of the data, with the other hosts of {@code collective}: only its master writes
     * the model. Returns no models when this host sits the training out (it has no data).
     */
    static List<Trained> train(Map<String, String> hyperparameters, Channel train, Channel validation, Job job,
                               Collective collective) throws Exception {
        TrainingSettings settings = XGBoostHyperparameters.validate(hyperparameters);
        ContentTypes.Format format = ContentTypes.resolve("train", train.contentType());
        if (settings.csvWeights() && format == ContentTypes.Format.RECORDIO_PROTOBUF) {
            throw new TrainingException("csv_weights=1 takes each row's weight from the CSV column after the label,"
                    + " but channel 'train' is RecordIO-protobuf, whose records hold no weight (SageMaker's XGBoost"
                    + " reads none from them and would train unweighted): remove csv_weights, or give the data as CSV");
        }
        if (validation != null) {
            ContentTypes.Format declared = ContentTypes.recognise("validation", validation.contentType());
            if (declared != format && validation.contentType().isPresent()) {
                LOG.warn("channel 'validation' declares {} but is read as {}, the train channel's type, as SageMaker's"
                        + " XGBoost reads it", validation.contentType().get(), format);
            }
        }
        MetricPlan plan = collective.multiHost() ? MetricPlan.of(settings).acrossHosts() : MetricPlan.of(settings);
        warnAboutIneffective(settings, plan, validation != null);
        try (DataSets data = DataSets.read(train, validation, format, settings.csvWeights(), settings.kfold() > 0,
                collective)) {
            if (data == null) {
                return List.of();
            }
            if (settings.kfold() > 0) {
                return CrossValidation.run(settings, plan, data, job);
            }
            return List.of(single(settings, plan, data, job, collective));
        }
    }

    private static Trained single(TrainingSettings settings, MetricPlan plan, DataSets data, Job job,
                                  Collective collective) throws XGBoostError, IOException {
        Boosting.Result result = new Boosting(settings.boosterParams(), settings.numRound(), data.train(),
                data.evaluator(plan), earlyStopping(plan, settings, data), job.checkpoints(), job.listener(),
                collective.stop(job.stop())).startingAlike(collective::requireSameStart).run();
        Booster model = result.stopped() ? result.booster() : Boosting.bestModel(result);
        try {
            if (collective.writesModel() && (!result.stopped() || settings.saveModelOnTermination())) {
                save(model, job.modelDir(), MODEL_FILE);
            }
        } finally {
            model.dispose();
        }
        logOutcome(settings, result, MODEL_FILE);
        return Trained.of(result);
    }

    /** Early stopping when a metric decides it and there is validation data to watch; else none. */
    static EarlyStopping earlyStopping(MetricPlan plan, TrainingSettings settings, DataSets data) {
        if (plan.stoppingMetric().isEmpty() || data.validation() == null) {
            return null;
        }
        return new EarlyStopping(plan.stoppingMetric().get(), settings.earlyStoppingRounds());
    }

    static void logOutcome(TrainingSettings settings, Boosting.Result result, String file) {
        if (result.stopped()) {
            LOG.info(settings.saveModelOnTermination() ? "stopped after {} rounds; {} holds them"
                    : "stopped after {} rounds; the checkpoint holds them, and {} is not written (set"
                    + " save_model_on_termination=true to write the model so far on a stop)", result.rounds(), file);
        } else if (result.bestIteration() >= 0 && result.bestIteration() + 1 < result.rounds()) {
            LOG.info("early stopping on validation-{}: best round {} of {}, {} cut to {} rounds",
                    result.stopping().metric(), result.bestIteration(), result.rounds(), file,
                    result.bestIteration() + 1);
        }
    }

    /** Settings the container accepts but ignores in this job: said once, so nobody wonders. */
    private static void warnAboutIneffective(TrainingSettings settings, MetricPlan plan, boolean validation) {
        if (settings.earlyStoppingRounds() > 0 && plan.stoppingMetric().isEmpty()) {
            LOG.warn("early_stopping_rounds has no effect without eval_metric or _tuning_objective_metric (as in"
                    + " SageMaker's XGBoost)");
        } else if (settings.earlyStoppingRounds() > 0 && !validation) {
            LOG.warn("early_stopping_rounds has no effect without a validation channel (as in SageMaker's XGBoost)");
        }
        if (settings.tuningMetric().isPresent() && !validation) {
            LOG.warn("_tuning_objective_metric validation:{} is never logged without a validation channel",
                    settings.tuningMetric().get());
        }
    }

    /** Writes to a temporary name first, so a crash never leaves a half-written model behind. */
    static void save(Booster booster, Path modelDir, String name) throws IOException, XGBoostError {
        Files.createDirectories(modelDir);
        Path tmp = modelDir.resolve("." + name + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            booster.saveModel(out, "ubj");
        }
        Files.move(tmp, modelDir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
