package dev.skiff.samples.xgboost;

import dev.skiff.spi.Channel;
import dev.skiff.spi.Trainer;
import dev.skiff.spi.TrainingContext;
import dev.skiff.spi.TrainingException;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code skiff train} for XGBoost: SageMaker XGBoost's hyperparameters and channels ({@code train}, optional
 * {@code validation}), see {@link XGBoostTraining}. In a multi-host job every host trains on its own share of the
 * data through XGBoost's collective ({@link RabitCollective}), and the master alone writes the model. Each round is
 * logged as XGBoost's own line ({@code [12]\ttrain-auc:0.99\tvalidation-auc:0.95}, which the built-in algorithm's
 * metric regexes read) and reported through {@link TrainingContext#reportIteration} ({@code train-auc=0.99;}).
 */
public final class XGBoostTrainer implements Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(XGBoostTrainer.class);

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public void train(TrainingContext context) throws Exception {
        refuseExactAcrossHosts(context);
        Channel validation = context.channels().get("validation");
        RabitCollective collective = new RabitCollective(context.cluster());
        Boosting.Result result;
        try {
            result = XGBoostTraining.train(context.hyperparameters().asMap(), adapt(context.channel("train")),
                    validation == null ? null : adapt(validation), context.modelDir(),
                    (iteration, line, metrics) -> {
                        LOG.info("{}", line.trim());
                        Map<String, Double> values = new LinkedHashMap<>();
                        metrics.forEach(m -> values.put(m.data() + "-" + m.name(), m.value()));
                        context.reportIteration(iteration, values);
                    }, context::stopRequested, collective);
            collective.finish();
        } catch (IllegalArgumentException | XGBoostError e) {
            throw new TrainingException(oneLine(e.getMessage()), e);
        }
        if (result == null) {
            return; // no data on this host: it sat the training out
        }
        if (result.bestIteration() >= 0) {
            LOG.info("Early stopping: best round {} of {}, model cut to {} rounds", result.bestIteration(),
                    context.hyperparameters().string("num_round", "?"), result.rounds());
        }
        if (context.stopRequested()) {
            LOG.info("Stopped after {} rounds; saved the model so far", result.rounds());
        }
    }

    /** XGBoost cannot distribute {@code tree_method=exact}; say so before any host reads its data. */
    private static void refuseExactAcrossHosts(TrainingContext context) {
        String method = context.hyperparameters().string("tree_method", "auto").trim();
        if (context.cluster().multiHost() && method.equalsIgnoreCase("exact")) {
            throw new TrainingException("tree_method 'exact' cannot train across " + context.cluster().hosts().size()
                    + " hosts (XGBoost does not distribute it): use tree_method 'hist' or 'approx', or one instance");
        }
    }

    private static XGBoostTraining.Channel adapt(Channel channel) {
        return new XGBoostTraining.Channel() {
            @Override
            public String contentType() {
                return channel.contentType().filter(t -> !t.isBlank()).orElse("text/csv");
            }

            @Override
            public void forEachSource(XGBoostTraining.SourceReader reader) throws java.io.IOException {
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
