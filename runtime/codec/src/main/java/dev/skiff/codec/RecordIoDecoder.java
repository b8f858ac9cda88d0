package dev.skiff.codec;

import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.codec.recordio.Tensor;
import dev.skiff.codec.recordio.TrainingRecord;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.SkiffException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * {@code application/x-recordio-protobuf}: one row per RecordIO frame, each an {@code aialgs.data.Record} whose
 * {@code features["values"]} is the row (see {@link Tensor}); labels and other fields are ignored. A dense tensor is
 * the row as it is; a sparse one is a row of its shape's width (the model's width when it has no shape) where every
 * position without a key is missing, never 0.
 *
 * <p>Labelled (training data, {@link Formats#trainingDecoder}): each row is the record's label, then its features,
 * as {@link TrainingRecord} reads them; the schema's width then counts the label too.
 *
 * <p>Frames are decoded as bytes arrive; a record longer than {@code maxRowBytes} is refused, so memory is bounded.
 */
final class RecordIoDecoder implements RecordDecoder {
    private static final String WHERE = Tensor.FEATURES;

    private final RowCollector rows;
    private final boolean labelled;
    private final int schemaWidth;
    private final int maxRowBytes;
    private final RecordIoFrames frames;
    private float[] sparseRow = new float[0];
    private long[] setInRow = new long[0];

    /**
     * @param schemaWidth the model's features per row (label included when labelled), or {@link InputSchema#ANY}
     * @param labelled    whether each row starts with the record's label
     */
    RecordIoDecoder(RowCollector rows, int schemaWidth, int maxRowBytes, boolean labelled) {
        this.rows = rows;
        this.labelled = labelled;
        this.schemaWidth = labelled && schemaWidth != InputSchema.ANY ? schemaWidth - 1 : schemaWidth;
        this.maxRowBytes = maxRowBytes;
        this.frames = new RecordIoFrames(maxRowBytes, this::row);
    }

    @Override
    public void decode(ByteBuffer input) {
        frames.feed(input);
    }

    @Override
    public void finish() {
        frames.finish();
        rows.flush();
    }

    private void row(long index, ByteBuffer payload) {
        Tensor tensor;
        if (labelled) {
            TrainingRecord record = TrainingRecord.parse(index, payload);
            rows.number(record.label());
            tensor = record.features();
        } else {
            tensor = Tensor.features(index, Tensor.record(index, payload));
        }
        if (tensor.sparse()) {
            sparse(index, tensor);
        } else {
            for (int i = 0; i < tensor.count(); i++) {
                rows.number(tensor.value(i));
            }
        }
        rows.endRow();
    }

    private void sparse(long index, Tensor tensor) {
        int width = sparseWidth(index, tensor);
        if (sparseRow.length < width) {
            sparseRow = new float[width];
            setInRow = new long[width];
        }
        Arrays.fill(sparseRow, 0, width, Float.NaN);
        for (int i = 0; i < tensor.count(); i++) {
            long key = tensor.key(i);
            if (key >= width) {
                throw SkiffException.badRow(ErrorCode.WRONG_FEATURE_COUNT, index, null, WHERE + " has key " + key
                        + ", beyond the model's " + width + " features");
            }
            int c = (int) key;
            if (setInRow[c] == index) {
                throw SkiffException.badRow(ErrorCode.MALFORMED_RECORDIO, index, null,
                        WHERE + " has key " + key + " twice");
            }
            setInRow[c] = index;
            sparseRow[c] = (float) tensor.value(i);
        }
        for (int c = 0; c < width; c++) {
            if (Float.isNaN(sparseRow[c])) {
                rows.missing();
            } else {
                rows.number(sparseRow[c]);
            }
        }
    }

    /** The row's width: the shape's (which must be the model's), else the model's. */
    private int sparseWidth(long index, Tensor tensor) {
        long length = tensor.length();
        if (length < 0 && schemaWidth == InputSchema.ANY) {
            throw SkiffException.badRow(ErrorCode.MALFORMED_RECORDIO, index, null, "sparse " + WHERE
                    + " has no shape, and this model takes rows of any width: give the tensor its shape");
        }
        if (length >= 0 && schemaWidth != InputSchema.ANY && length != schemaWidth) {
            int label = labelled ? 1 : 0; // the caller counts columns, label included
            throw SkiffException.mismatch(ErrorCode.WRONG_FEATURE_COUNT, index, null, "sparse " + WHERE
                    + " of shape [" + length + "]; the model takes " + schemaWidth + " features",
                    String.valueOf(schemaWidth + label), String.valueOf(length + label));
        }
        long width = length >= 0 ? length : schemaWidth;
        if (width > maxRowBytes) {
            throw SkiffException.badRow(ErrorCode.ROW_TOO_LARGE, index, null, "sparse " + WHERE + " of shape ["
                    + width + "] is wider than the row limit of " + maxRowBytes + " (SKIFF_MAX_ROW_BYTES)");
        }
        return (int) width;
    }
}
