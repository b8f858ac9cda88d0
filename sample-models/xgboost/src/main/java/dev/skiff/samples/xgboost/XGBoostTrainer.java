package dev.skiff.samples.xgboost;

import dev.skiff.spi.Channel;
import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingContext;
import dev.skiff.spi.TrainingException;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * {@code skiff train} for XGBoost, a drop-in for SageMaker's built-in algorithm: its hyperparameters, channels
 * ({@code train}, optional {@code validation}), content types, metrics and checkpoints; see
 * {@link XGBoostTraining}. In a multi-host job every host trains on its own share of the data through XGBoost's
 * collective ({@link RabitCollective}), and the master alone writes the model and checkpoints. Each round is
 * logged as the container logs it ({@code [12]\ttrain-auc:0.99000\t...}, which its tuning regexes read, on the
 * {@code skiff.metrics} logger that no log level hides) and reported through {@link TrainingContext#reportIteration}
 * ({@code train-auc=0.99;}).
 */
public final class XGBoostTrainer implements Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(XGBoostTrainer.class);
    private static final Logger METRICS = LoggerFactory.getLogger("skiff.metrics");

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public void train(TrainingContext context) throws Exception {
        refuseAcrossHosts(context);
        Channel validation = context.channels().get("validation");
        context.channels().keySet().stream().filter(name -> !List.of("train", "validation").contains(name))
                .forEach(name -> LOG.warn("channel '{}' is not read: XGBoost trains on 'train' and 'validation'",
                        name));
        // Only the group's master writes checkpoints (and every host reads them), as only the master does in the
        // container: SageMaker syncs every host's checkpoint folder to the one S3 location.
        RabitCollective collective = new RabitCollective(context.cluster());
        XGBoostTraining.Job job = new XGBoostTraining.Job(context.modelDir(), context.outputDataDir(),
                new Checkpointing(context.checkpointDir(), context::saveCheckpoint, collective::writesModel),
                new Reporter(context), context::stopRequested);
        try {
            XGBoostTraining.train(context.hyperparameters().asMap(), adapt(context.channel("train")),
                    validation == null ? null : adapt(validation), job, collective);
            collective.finish();
        } catch (IllegalArgumentException | XGBoostError e) {
            throw new TrainingException(oneLine(e.getMessage()), e);
        }
    }

    /**
     * What cannot train across hosts is refused before any host reads its data: XGBoost does not distribute
     * {@code tree_method=exact}, and the k-fold ensemble ({@code _kfold}) splits rows per host, which is not done yet.
     */
    private static void refuseAcrossHosts(TrainingContext context) {
        if (!context.cluster().multiHost()) {
            return;
        }
        int hosts = context.cluster().hosts().size();
        if (context.hyperparameters().string("tree_method", "auto").trim().equalsIgnoreCase("exact")) {
            throw new TrainingException("tree_method 'exact' cannot train across " + hosts + " hosts (XGBoost does"
                    + " not distribute it): use tree_method 'hist' or 'approx', or one instance");
        }
        if (!context.hyperparameters().string("_kfold", "").isBlank()) {
            throw new TrainingException("_kfold cannot train across " + hosts + " hosts in Skiff yet: run the k-fold"
                    + " job on one instance");
        }
    }

    /** Logs each round as the container does and reports its metrics to the job. */
    private static final class Reporter implements Boosting.RoundListener {
        private final TrainingContext context;

        Reporter(TrainingContext context) {
            this.context = context;
        }

        @Override
        public void onRound(Evaluation evaluation) {
            METRICS.info("{}", evaluation.line());
            context.reportIteration(evaluation.round(), evaluation.values());
        }

        @Override
        public void onSummary(Evaluation summary) {
            METRICS.info("{}", summary.line());
            summary.values().forEach(context::reportMetric);
        }
    }

    private static XGBoostTraining.Channel adapt(Channel channel) {
        return new XGBoostTraining.Channel() {
            @Override
            public Optional<String> contentType() {
                return channel.contentType();
            }

            @Override
            public void forEachSource(XGBoostTraining.SourceReader reader) throws IOException {
                channel.read(0, reader::read);
            }
        };
    }

    private static String oneLine(String message) {
        String m = message == null ? "XGBoost failed" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
