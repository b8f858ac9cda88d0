package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * The boosting loop, one round at a time: update, evaluate ({@link RoundEvaluator}), report, early stopping
 * ({@link EarlyStopping}), checkpoint ({@link Checkpointing}). A job that finds a checkpoint continues from the
 * round after it with the booster it holds, so it ends with exactly {@code num_round} rounds, and a deterministic
 * configuration gives the model an uninterrupted run gives. The stop flag is asked before each round.
 */
final class Boosting {
    /** Booster attribute recording the configuration a checkpoint was trained with. */
    static final String CONFIGURATION = "skiff_configuration";
    private static final Logger LOG = LoggerFactory.getLogger(Boosting.class);

    /** Hears each round's evaluation, and the summaries of a k-fold job. */
    interface RoundListener {
        void onRound(Evaluation evaluation);

        /** The mean of each metric's last value over the folds of one repetition (or all of them). */
        default void onSummary(Evaluation summary) {
        }
    }

    /**
     * The outcome of a run.
     *
     * @param rounds      rounds the booster holds
     * @param last        the evaluation of the last round trained here (null when none was)
     * @param stopped     true when the stop flag ended training before num_round and early stopping did
     * @param resumedFrom the round training (re)started at: 0, or one after the checkpoint it resumed from
     */
    record Result(Booster booster, int rounds, EarlyStopping stopping, Evaluation last, boolean stopped,
                  int resumedFrom) {
        int bestIteration() {
            return stopping == null ? -1 : stopping.bestIteration();
        }
    }

    private final Map<String, Object> params;
    private final int numRound;
    private final DMatrix train;
    private final RoundEvaluator evaluator;
    private final EarlyStopping stopping;
    private final Checkpointing checkpoints;
    private final RoundListener listener;
    private final BooleanSupplier stop;
    private IntConsumer sameStart = round -> { };

    /**
     * @param stopping    null without early stopping
     * @param checkpoints null to neither resume nor checkpoint
     */
    Boosting(Map<String, Object> params, int numRound, DMatrix train, RoundEvaluator evaluator,
             EarlyStopping stopping, Checkpointing checkpoints, RoundListener listener, BooleanSupplier stop) {
        this.params = params;
        this.numRound = numRound;
        this.train = train;
        this.evaluator = evaluator;
        this.stopping = stopping;
        this.checkpoints = checkpoints;
        this.listener = listener;
        this.stop = stop;
    }

    /** With several hosts: {@code check} confirms (or refuses) the round every host resumes at. */
    Boosting startingAlike(IntConsumer check) {
        this.sameStart = check;
        return this;
    }

    Result run() throws XGBoostError, IOException {
        String configuration = configuration();
        int start = 0;
        Booster booster = resume(configuration);
        if (booster == null) {
            booster = XGBoost.train(train, params, 0, Map.of(), null, null);
            booster.setAttr(CONFIGURATION, configuration);
        } else {
            start = booster.getNumBoostedRound();
        }
        try {
            sameStart.accept(start);
            evaluator.configure(booster);
            if (stopping != null) {
                stopping.restore(booster, start - 1);
            }
            boolean halted = stopping != null && stopping.exhausted();
            if (halted) {
                LOG.info("early stopping ended this training at round {} (best round {}): nothing is left to train",
                        start - 1, stopping.bestIteration());
            }
            Evaluation last = null;
            int round = start;
            for (; round < numRound && !halted && !stop.getAsBoolean(); round++) {
                booster.update(train, round);
                last = evaluator.evaluate(booster, round);
                listener.onRound(last);
                halted = stopping != null && stopping.update(booster, round, last);
                if (checkpoints != null) {
                    checkpoints.save(booster, round);
                }
            }
            return new Result(booster, round, stopping, last, !halted && round < numRound, start);
        } catch (XGBoostError | IOException | RuntimeException e) {
            booster.dispose();
            throw e;
        }
    }

    /**
     * The model to keep: with early stopping, cut back to its best round as the container's
     * {@code EarlyStopping(save_best=True)} does (the result's booster is then disposed); else the booster itself.
     */
    static Booster bestModel(Result result) throws XGBoostError, IOException {
        int best = result.bestIteration();
        if (best < 0 || best + 1 == result.rounds()) {
            return result.booster();
        }
        Booster cut = XGBoost.loadModel(ModelCut.keepRounds(result.booster().toByteArray("json"), best + 1));
        result.booster().dispose();
        return cut;
    }

    /** The booster of the newest checkpoint that loads, set up to continue; null when there is none. */
    private Booster resume(String configuration) throws IOException, XGBoostError {
        if (checkpoints == null) {
            return null;
        }
        for (Checkpointing.Checkpoint checkpoint : checkpoints.newestFirst()) {
            Booster booster;
            try {
                booster = XGBoost.loadModel(Files.readAllBytes(checkpoint.file()));
            } catch (XGBoostError e) {
                LOG.warn("checkpoint {} does not load ({}); trying an older one", checkpoint.file(),
                        e.getMessage().lines().findFirst().orElse(""));
                continue;
            }
            try {
                check(checkpoint, booster, configuration);
                booster.setParams(params);
            } catch (XGBoostError | RuntimeException e) {
                booster.dispose();
                throw e;
            }
            int next = checkpoint.round() + 1;
            LOG.info("resuming from checkpoint {}: rounds 0-{} are done, {}", checkpoint.file(), checkpoint.round(),
                    next < numRound ? "training rounds " + next + "-" + (numRound - 1) : "nothing is left to train");
            return booster;
        }
        return null;
    }

    /** A checkpoint of another configuration or with more rounds than asked is refused. */
    private void check(Checkpointing.Checkpoint checkpoint, Booster booster, String configuration)
            throws XGBoostError {
        int rounds = booster.getNumBoostedRound();
        if (rounds != checkpoint.round() + 1) {
            throw new TrainingException("checkpoint " + checkpoint.file() + " holds " + rounds + " rounds, not "
                    + (checkpoint.round() + 1) + " as its name says: remove the checkpoints to start over");
        }
        if (rounds > numRound) {
            throw new TrainingException("checkpoint " + checkpoint.file() + " holds " + rounds + " rounds, more than"
                    + " num_round=" + numRound + ": raise num_round or remove the checkpoints to start over");
        }
        String saved = booster.getAttr(CONFIGURATION);
        if (saved != null && !saved.equals(configuration)) {
            throw new TrainingException("checkpoint " + checkpoint.file() + " was trained with " + saved
                    + ", this job has " + configuration + ": remove the checkpoints to start over, or restore"
                    + " the job's hyperparameters");
        }
    }

    /**
     * What must not change between a stopped run and its resumption: XGBoost's parameters, but the thread count and
     * verbosity (a restarted spot job may run on another instance type). Not the data: in a multi-host job every
     * host resumes from the one checkpoint with its own share of the rows.
     */
    private String configuration() {
        Map<String, Object> sorted = new TreeMap<>(params);
        sorted.remove("nthread");
        sorted.remove("verbosity");
        return sorted.toString();
    }
}
