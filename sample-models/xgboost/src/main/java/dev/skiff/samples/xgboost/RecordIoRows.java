package dev.skiff.samples.xgboost;

import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.codec.recordio.Tensor;
import dev.skiff.codec.recordio.TrainingRecord;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.TrainingException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A RecordIO-protobuf source ({@code application/x-recordio-protobuf}, File or Pipe mode) into {@link TrainingData},
 * read with the runtime's own reader: {@link RecordIoFrames} frames the bytes as they arrive, {@link TrainingRecord}
 * checks each record's row and label. A dense row is its values (NaN = missing); a sparse row holds its keys
 * (0-based) and is as wide as its shape, an absent key being missing (as in libsvm, never 0). Every record of a
 * channel has the same width, which the model then takes: it is served the same records, dense or sparse, or CSV
 * rows of that width. Records carry no instance weight (SageMaker's XGBoost reads none from them either).
 *
 * <p>Errors name the source and the record: {@code train/part-1.pbr record 12: ...}.
 */
final class RecordIoRows {
    /** The longest record accepted: a row of millions of features, yet a corrupt length fails before it allocates. */
    static final int MAX_RECORD_BYTES = 64 << 20;
    private static final String FEATURES = Tensor.FEATURES;

    private final TrainingData data;
    private long[] packed = new long[0];

    RecordIoRows(TrainingData data) {
        this.data = data;
    }

    /** Adds every record of {@code in}; {@code source} names it in errors. */
    void read(InputStream in, String source) throws IOException {
        RecordIoFrames frames = new RecordIoFrames(MAX_RECORD_BYTES, this::row);
        byte[] buffer = new byte[1 << 16];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                frames.feed(ByteBuffer.wrap(buffer, 0, n));
            }
            frames.finish();
        } catch (SkiffException e) {
            throw new TrainingException(source + " record " + e.row() + ": " + e.problem(), e);
        }
    }

    private void row(long index, ByteBuffer payload) {
        TrainingRecord record = TrainingRecord.parse(index, payload);
        Tensor features = record.features();
        checkWidth(index, features);
        data.label(record.label());
        if (features.sparse()) {
            sparse(index, features);
        } else {
            for (int i = 0; i < features.count(); i++) {
                add(i, features.value(i));
            }
        }
        data.endRow();
    }

    private void checkWidth(long index, Tensor features) {
        long width = features.sparse() ? features.length() : features.count();
        if (width < 0) {
            throw refused(ErrorCode.MALFORMED_RECORDIO, index, "sparse " + FEATURES + " has no shape; a training"
                    + " record says how many features it has (the SageMaker SDK's writer always does)");
        }
        if (width == 0 || width > Integer.MAX_VALUE - 8) {
            throw refused(ErrorCode.MALFORMED_RECORDIO, index, FEATURES + " has " + width + " features");
        }
        int before = data.declaredWidth();
        if (before >= 0 && before != width) {
            throw refused(ErrorCode.WRONG_FEATURE_COUNT, index, FEATURES + " has " + width + " features but the"
                    + " channel's earlier records have " + before + "; every record of a channel has the same width");
        }
        data.declareWidth((int) width);
    }

    /** A sparse row in key order (as XGBoost's CSR input wants it); a key given twice is refused. */
    private void sparse(long index, Tensor features) {
        int n = features.count();
        boolean ascending = true;
        for (int i = 1; i < n && ascending; i++) {
            ascending = features.key(i) > features.key(i - 1);
        }
        if (ascending) {
            for (int i = 0; i < n; i++) {
                add((int) features.key(i), features.value(i));
            }
            return;
        }
        if (packed.length < n) {
            packed = new long[n];
        }
        for (int i = 0; i < n; i++) { // key (below 2^31) in the high half, the float's bits in the low
            packed[i] = features.key(i) << 32 | Float.floatToRawIntBits((float) features.value(i)) & 0xffffffffL;
        }
        Arrays.sort(packed, 0, n);
        for (int i = 0; i < n; i++) {
            long key = packed[i] >>> 32;
            if (i > 0 && key == packed[i - 1] >>> 32) {
                throw refused(ErrorCode.MALFORMED_RECORDIO, index, FEATURES + " has key " + key + " twice");
            }
            add((int) key, Float.intBitsToFloat((int) packed[i]));
        }
    }

    private void add(int column, double value) {
        float v = (float) value;
        if (!Float.isNaN(v)) {
            data.add(column, v);
        }
    }

    private static SkiffException refused(ErrorCode code, long index, String problem) {
        return SkiffException.badRow(code, index, null, problem);
    }
}
