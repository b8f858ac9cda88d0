package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.Optional;

/**
 * A job's data as XGBoost matrices, disposed together: {@code train}, {@code validation} (if the job has it) and,
 * for a k-fold job, both in one matrix. The validation channel numbers its libsvm features as the train channel
 * does, and both are as wide as the wider (RecordIO records, which say their width, must be as wide).
 */
final class DataSets implements AutoCloseable {
    private final DMatrix train;
    private final DMatrix validation;
    private final DMatrix all;

    private DataSets(DMatrix train, DMatrix validation, DMatrix all) {
        this.train = train;
        this.validation = validation;
        this.all = all;
    }

    /**
     * With several hosts ({@code collective}), this host's share: the hosts agree on the libsvm index base and the
     * width before any matrix exists (building one is itself collective).
     *
     * @param validation may be null
     * @param combined   also build one matrix of train then validation rows (k-fold)
     * @return null when this host sits the training out (it has no rows)
     */
    static DataSets read(XGBoostTraining.Channel train, XGBoostTraining.Channel validation, ContentTypes.Format format,
                         boolean csvWeights, boolean combined, Collective collective) throws Exception {
        TrainingData trainData = TrainingData.read(train, format, csvWeights);
        TrainingData validationData = validation == null ? null
                : TrainingData.read(validation, format, csvWeights);
        Optional<String> empty = trainData.rows() == 0 ? Optional.of("train")
                : validationData != null && validationData.rows() == 0 ? Optional.of("validation") : Optional.empty();
        if (!collective.join(empty)) {
            return null;
        }
        int base = collective.min(trainData.impliedBase());
        int width = collective.max(Math.max(trainData.width(base),
                validationData == null ? 0 : validationData.width(base)));
        if (format == ContentTypes.Format.RECORDIO_PROTOBUF) {
            requireOneWidth(trainData.width(base), validationData == null ? -1 : validationData.width(base), width,
                    collective);
        }
        DMatrix dtrain = trainData.toDMatrix(base, width, "train");
        DMatrix dvalidation = null;
        try {
            dvalidation = validationData == null ? null : validationData.toDMatrix(base, width, "validation");
            DMatrix dall = !combined ? null : validationData == null ? dtrain
                    : trainData.concat(validationData).toDMatrix(base, width, "train");
            return new DataSets(dtrain, dvalidation, dall);
        } catch (XGBoostError | RuntimeException e) {
            dtrain.dispose();
            if (dvalidation != null) {
                dvalidation.dispose();
            }
            throw e;
        }
    }

    /**
     * RecordIO records say their width: every record of a job, on every host, has the same one. Each host takes the
     * same decision from the same collective values, so all fail together or none does.
     */
    private static void requireOneWidth(int train, int validation, int widest, Collective collective) {
        int narrowest = collective.min(validation < 0 ? train : Math.min(train, validation));
        if (narrowest == widest) {
            return;
        }
        if (validation >= 0 && validation != train) {
            throw new TrainingException("channel 'validation' has records of " + validation
                    + " features; the train channel's have " + train);
        }
        throw new TrainingException("this host's records have " + train + " features, another host's "
                + (narrowest == train ? widest : narrowest) + "; every record of a job has the same width");
    }

    DMatrix train() {
        return train;
    }

    /** Null without a validation channel. */
    DMatrix validation() {
        return validation;
    }

    /** Train then validation rows in one matrix (k-fold jobs only). */
    DMatrix all() {
        return all;
    }

    /** An evaluator for the container's evaluation sets: train, and validation when there is one. */
    RoundEvaluator evaluator(MetricPlan plan) throws XGBoostError {
        return validation == null
                ? new RoundEvaluator(plan, new DMatrix[] {train}, new String[] {"train"})
                : new RoundEvaluator(plan, new DMatrix[] {train, validation},
                        new String[] {"train", EarlyStopping.DATA});
    }

    @Override
    public void close() {
        train.dispose();
        if (validation != null) {
            validation.dispose();
        }
        if (all != null && all != train) {
            all.dispose();
        }
    }
}
