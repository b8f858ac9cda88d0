package dev.skiff.samples.xgboost;

import dev.skiff.spi.TrainingException;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;

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
     * @param validation may be null
     * @param combined   also build one matrix of train then validation rows (k-fold)
     */
    static DataSets read(XGBoostTraining.Channel train, XGBoostTraining.Channel validation, ContentTypes.Format format,
                         boolean csvWeights, boolean combined) throws IOException, XGBoostError {
        TrainingData trainData = TrainingData.read(train, "train", format, csvWeights);
        TrainingData validationData = validation == null ? null
                : TrainingData.read(validation, "validation", format, csvWeights);
        int base = trainData.impliedBase();
        if (format == ContentTypes.Format.RECORDIO_PROTOBUF && validationData != null
                && validationData.width(base) != trainData.width(base)) {
            throw new TrainingException("channel 'validation' has records of " + validationData.width(base)
                    + " features; the train channel's have " + trainData.width(base));
        }
        int width = Math.max(trainData.width(base), validationData == null ? 0 : validationData.width(base));
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
