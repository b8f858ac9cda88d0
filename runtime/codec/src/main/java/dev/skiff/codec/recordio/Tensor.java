package dev.skiff.codec.recordio;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.skiff.codec.recordio.AialgsData.Float32Tensor;
import dev.skiff.codec.recordio.AialgsData.Float64Tensor;
import dev.skiff.codec.recordio.AialgsData.Int32Tensor;
import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.codec.recordio.AialgsData.Value;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One numeric vector of an {@code aialgs.data.Record} ({@code features["values"]}, {@code label["values"]}), checked
 * and read without boxing: a Float32, Float64 or Int32 tensor, dense ({@code values} only) or sparse ({@code keys}
 * give each value's position; {@code shape} its length), as the SageMaker SDK writes them
 * ({@code write_numpy_to_dense_tensor}, {@code write_spmatrix_to_sparse_tensor}).
 *
 * <p>A tensor with neither keys nor values but with a shape is a sparse vector with nothing set (the SDK writes an
 * empty CSR row that way). Only vectors are accepted (a shape of rank 1 at most).
 */
public final class Tensor {
    /** The key of the row in a record's {@code features} map (and of the label in its {@code label} map). */
    public static final String VALUES = "values";
    /** How messages name the row. */
    public static final String FEATURES = "features[\"values\"]";

    private final Float32Tensor f32;
    private final Float64Tensor f64;
    private final Int32Tensor i32;
    private final int count;
    private final boolean sparse;
    private final long length;

    private Tensor(Float32Tensor f32, Float64Tensor f64, Int32Tensor i32, int count, int keys, long length) {
        this.f32 = f32;
        this.f64 = f64;
        this.i32 = i32;
        this.count = count;
        this.sparse = keys > 0 || (count == 0 && length >= 0);
        this.length = length;
    }

    /**
     * Parses one frame's payload as an {@code aialgs.data.Record}.
     *
     * @throws SkiffException {@link ErrorCode#MALFORMED_RECORDIO} naming {@code index} when protobuf cannot parse it
     */
    public static Record record(long index, ByteBuffer payload) {
        boolean framed = payload.remaining() >= 4 && RecordIoFrames.MAGIC
                == payload.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(payload.position());
        try {
            return Record.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw SkiffException.badRow(ErrorCode.MALFORMED_RECORDIO, index, null,
                    "not an aialgs.data.Record protobuf message: " + e.getMessage() + (framed ? " (it starts with"
                    + " RecordIO's magic number: RecordIO inside RecordIO, as when data that is RecordIO already is"
                    + " wrapped again by RecordWrapperType RecordIO)" : ""));
        }
    }

    /**
     * The row of {@code record}, {@code features["values"]}, checked as {@link #of} checks it.
     *
     * @throws SkiffException {@link ErrorCode#MALFORMED_RECORDIO} naming {@code index} when the record has none
     */
    public static Tensor features(long index, Record record) {
        Value value = record.getFeaturesOrDefault(VALUES, null);
        if (value == null) {
            throw malformed(index, "the record has no " + FEATURES
                    + (record.getFeaturesCount() == 0 ? "" : " (it has " + record.getFeaturesMap().keySet() + ")"));
        }
        return of(index, FEATURES, value);
    }

    /**
     * The tensor in {@code value}, checked: sparse keys and values pair up, every key lies inside the shape, a
     * dense tensor's shape (when given) is its length.
     *
     * @param index the 1-based record number, for errors
     * @param where what the value is, for errors (e.g. {@code features["values"]})
     * @throws SkiffException {@link ErrorCode#MALFORMED_RECORDIO} naming the record and {@code where}
     */
    public static Tensor of(long index, String where, Value value) {
        Tensor t = switch (value.getValueCase()) {
            case FLOAT32_TENSOR -> {
                Float32Tensor v = value.getFloat32Tensor();
                yield new Tensor(v, null, null, v.getValuesCount(), v.getKeysCount(), length(index, where,
                        v.getShapeCount(), v.getShapeCount() == 1 ? v.getShape(0) : -1));
            }
            case FLOAT64_TENSOR -> {
                Float64Tensor v = value.getFloat64Tensor();
                yield new Tensor(null, v, null, v.getValuesCount(), v.getKeysCount(), length(index, where,
                        v.getShapeCount(), v.getShapeCount() == 1 ? v.getShape(0) : -1));
            }
            case INT32_TENSOR -> {
                Int32Tensor v = value.getInt32Tensor();
                yield new Tensor(null, null, v, v.getValuesCount(), v.getKeysCount(), length(index, where,
                        v.getShapeCount(), v.getShapeCount() == 1 ? v.getShape(0) : -1));
            }
            default -> throw malformed(index, where + " holds " + describe(value)
                    + "; expected a Float32, Float64 or Int32 tensor");
        };
        t.check(index, where);
        return t;
    }

    /** Sparse: {@link #key} gives each value's position. Dense: value {@code i} is at position {@code i}. */
    public boolean sparse() {
        return sparse;
    }

    /** Values held (for a dense tensor, its length). */
    public int count() {
        return count;
    }

    /** The length the shape declares, or -1 when the tensor has no shape. */
    public long length() {
        return length;
    }

    /** Value {@code i}, widened to double (exact for all three types). */
    public double value(int i) {
        if (f32 != null) {
            return f32.getValues(i);
        }
        return f64 != null ? f64.getValues(i) : i32.getValues(i);
    }

    /** The position of value {@code i} of a sparse tensor (0-based; below {@link #length()} when it is known). */
    public long key(int i) {
        if (f32 != null) {
            return f32.getKeys(i);
        }
        return f64 != null ? f64.getKeys(i) : i32.getKeys(i);
    }

    private int keyCount() {
        if (f32 != null) {
            return f32.getKeysCount();
        }
        return f64 != null ? f64.getKeysCount() : i32.getKeysCount();
    }

    private void check(long index, String where) {
        int keys = keyCount();
        if (keys > 0 && keys != count) {
            throw malformed(index, where + " has " + keys + " keys but " + count + " values");
        }
        if (!sparse && length >= 0 && length != count) {
            throw malformed(index, where + " is dense with " + count + " values but its shape says " + length);
        }
        for (int i = 0; i < keys; i++) {
            long k = key(i);
            if (k < 0 || (length >= 0 && k >= length)) {
                throw malformed(index, where + " has key " + Long.toUnsignedString(k) + ", outside its shape ["
                        + length + "]");
            }
        }
    }

    private static long length(long index, String where, int rank, long first) {
        if (rank > 1) {
            throw malformed(index, where + " has a shape of rank " + rank + "; a row is a vector (rank 1)");
        }
        if (rank == 1 && first < 0) {
            throw malformed(index, where + " has shape [" + Long.toUnsignedString(first) + "], too long a vector");
        }
        return first;
    }

    private static String describe(Value value) {
        return value.getValueCase() == Value.ValueCase.BYTES ? "bytes" : "no tensor";
    }

    private static SkiffException malformed(long index, String message) {
        return SkiffException.badRow(ErrorCode.MALFORMED_RECORDIO, index, null, message);
    }
}
