package dev.skiff.samples.xgboost;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A training job with SageMaker XGBoost's hyperparameter names: {@code num_round} (required),
 * {@code early_stopping_rounds}, {@code eval_metric} (comma-separated) are read here; every other hyperparameter
 * ({@code objective}, {@code eta}, {@code max_depth}, {@code subsample}, {@code num_class}, ...) goes to XGBoost
 * as it is, so XGBoost itself reports a bad name or value. The model is saved as {@code xgboost-model} in UBJSON,
 * which XGBoost 1.7 and newer (Python, SageMaker's container, Skiff) all load.
 *
 * <p>Independent of the Trainer SPI so it can be tested without /opt/ml; {@code XGBoostTrainer} adapts it.
 */
final class XGBoostTraining {
    static final String MODEL_FILE = ModelFiles.SAGEMAKER_NAME;
    /** SageMaker container settings with no XGBoost meaning, dropped before XGBoost sees them. */
    private static final Set<String> CONTAINER_ONLY = Set.of("save_model_on_termination", "num_round",
            "early_stopping_rounds", "eval_metric", "csv_weights");

    /** A channel's data: its content type and its sources (files, or a FIFO), read one after another. */
    interface Channel {
        String contentType();

        void forEachSource(SourceReader reader) throws IOException;
    }

    interface SourceReader {
        void read(String name, InputStream in) throws IOException;
    }

    private XGBoostTraining() {
    }

    /** Trains on {@code train} (and {@code validation}, may be null), then writes {@code modelDir/xgboost-model}. */
    static Boosting.Result train(Map<String, String> hyperparameters, Channel train, Channel validation,
                                 Path modelDir, Boosting.RoundListener listener) throws Exception {
        return train(hyperparameters, train, validation, modelDir, listener, () -> false);
    }

    /** As above; {@code stop} is asked between rounds, and a stopped job saves the rounds it has. */
    static Boosting.Result train(Map<String, String> hyperparameters, Channel train, Channel validation,
                                 Path modelDir, Boosting.RoundListener listener, BooleanSupplier stop)
            throws Exception {
        return train(hyperparameters, train, validation, modelDir, listener, stop, Collective.LOCAL);
    }

    /**
     * As above, on this host's share of the data, with the other hosts of {@code collective}: only its master writes
     * the model.
     *
     * @return null when this host sits the training out (it has no data)
     */
    static Boosting.Result train(Map<String, String> hyperparameters, Channel train, Channel validation,
                                 Path modelDir, Boosting.RoundListener listener, BooleanSupplier stop,
                                 Collective collective) throws Exception {
        int numRound = positiveInt(hyperparameters, "num_round", -1);
        int earlyStopping = positiveInt(hyperparameters, "early_stopping_rounds", 0);
        if ("1".equals(hyperparameters.getOrDefault("csv_weights", "0").trim())) {
            throw new IllegalArgumentException("csv_weights=1 (a weight column after the label) is not supported");
        }
        List<String> evalMetrics = new ArrayList<>();
        for (String m : hyperparameters.getOrDefault("eval_metric", "").split(",")) {
            if (!m.isBlank()) {
                evalMetrics.add(m.trim());
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        hyperparameters.forEach((k, v) -> {
            if (!CONTAINER_ONLY.contains(k) && !k.startsWith("_") && !k.startsWith("sagemaker_")) {
                params.put(k, v.trim());
            }
        });

        TrainingData trainData = read(train);
        TrainingData validationData = validation == null ? null : read(validation);
        Optional<String> empty = trainData.rows() == 0 ? Optional.of("train")
                : validationData != null && validationData.rows() == 0 ? Optional.of("validation") : Optional.empty();
        if (!collective.join(empty)) {
            return null;
        }
        int base = collective.min(trainData.impliedBase());
        int width = trainData.width(base);
        if (validationData != null) {
            width = Math.max(width, validationData.width(base));
        }
        width = collective.max(width);
        DMatrix dtrain = trainData.toDMatrix(base, width, "train");
        DMatrix dvalidation = null;
        try {
            dvalidation = validationData == null ? null : validationData.toDMatrix(base, width, "validation");
            if (earlyStopping > 0 && dvalidation == null) {
                throw new IllegalArgumentException("early_stopping_rounds needs a validation channel");
            }
            Boosting.Result result = Boosting.run(params, evalMetrics, numRound, dtrain, dvalidation, earlyStopping,
                    listener, collective.stop(stop));
            try {
                if (collective.writesModel()) {
                    save(result.booster(), modelDir);
                }
            } finally {
                result.booster().dispose();
            }
            return result;
        } finally {
            dtrain.dispose();
            if (dvalidation != null) {
                dvalidation.dispose();
            }
        }
    }

    private static TrainingData read(Channel channel) throws IOException {
        TrainingData data = new TrainingData(TrainingData.formatOf(channel.contentType()));
        channel.forEachSource((source, in) -> data.read(in, source));
        return data;
    }

    /** Writes to a temporary name first, so a crash never leaves a half-written model behind. */
    private static void save(Booster booster, Path modelDir) throws IOException, XGBoostError {
        Files.createDirectories(modelDir);
        Path tmp = modelDir.resolve("." + MODEL_FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            booster.saveModel(out, "ubj");
        }
        Files.move(tmp, modelDir.resolve(MODEL_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private static int positiveInt(Map<String, String> hp, String key, int absent) {
        String v = hp.get(key);
        if (v == null || v.isBlank()) {
            if (absent < 0) {
                throw new IllegalArgumentException("hyperparameter " + key + " is required");
            }
            return absent;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("hyperparameter " + key + " must be a whole number >= 1, was '" + v + "'");
    }
}
