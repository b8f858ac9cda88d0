package dev.skiff.codec.recordio;

import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.codec.recordio.AialgsData.Value;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * A record of training data: its row, {@code features["values"]}, and its label, the one value of
 * {@code label["values"]}, as the SageMaker SDK writes labelled records ({@code write_numpy_to_dense_tensor(file,
 * array, labels)}, {@code write_spmatrix_to_sparse_tensor}). Refused, so that nothing is trained on less than the
 * record holds or on a guess: a record without that label, a label that is not exactly one finite value, and keys
 * beside {@code "values"} in {@code features} or {@code label} (SageMaker's XGBoost ignores them silently).
 *
 * @param features the row, checked as {@link Tensor#of} checks it
 * @param label    the label, narrowed to float as XGBoost holds labels
 */
public record TrainingRecord(Tensor features, float label) {
    private static final String LABEL = "label[\"values\"]";

    /**
     * Parses one frame's payload and checks it.
     *
     * @param index the 1-based record number, for errors
     * @throws SkiffException {@link ErrorCode#MALFORMED_RECORDIO} naming {@code index} and what is wrong
     */
    public static TrainingRecord parse(long index, ByteBuffer payload) {
        Record record = Tensor.record(index, payload);
        Tensor features = Tensor.features(index, record);
        onlyValues(index, "features", record.getFeaturesMap().keySet());
        Value value = record.getLabelOrDefault(Tensor.VALUES, null);
        if (value == null) {
            throw malformed(index, "the record has no " + LABEL + ", and training needs a label in every record"
                    + (record.getLabelCount() == 0 ? "" : " (its label has " + record.getLabelMap().keySet() + ")"));
        }
        onlyValues(index, "label", record.getLabelMap().keySet());
        Tensor label = Tensor.of(index, LABEL, value);
        if (label.sparse() || label.count() != 1) {
            throw malformed(index, LABEL + (label.sparse() ? " is a sparse tensor" : " holds " + label.count()
                    + " values") + "; a record has exactly one label, a dense tensor of one value");
        }
        double v = label.value(0);
        if (!Double.isFinite(v)) {
            throw malformed(index, LABEL + " is " + v + "; a label is a finite number");
        }
        return new TrainingRecord(features, (float) v);
    }

    private static void onlyValues(long index, String map, Set<String> keys) {
        if (keys.size() > 1) {
            throw malformed(index, "the record's " + map + " has the keys " + keys + "; training reads "
                    + map + "[\"values\"] only and drops nothing silently: write the other keys' data elsewhere");
        }
    }

    private static SkiffException malformed(long index, String message) {
        return SkiffException.badRow(ErrorCode.MALFORMED_RECORDIO, index, null, message);
    }
}
