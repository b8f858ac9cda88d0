package dev.skiff.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.codec.recordio.AialgsData.Bytes;
import dev.skiff.codec.recordio.AialgsData.Float32Tensor;
import dev.skiff.codec.recordio.AialgsData.Float64Tensor;
import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.codec.recordio.AialgsData.Value;
import dev.skiff.codec.recordio.RecordIoFixtures;
import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.spi.InputSchema;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code application/x-recordio-protobuf} requests: the SDK-written fixtures in every split, and every error. */
class RecordIoDecoderTest {
    private static final String TYPE = "application/x-recordio-protobuf";
    private static final InputSchema FIVE = InputSchema.numeric(5);

    @Test
    void sdkWrittenBodiesGiveTheirRowsInEverySplit() {
        for (String name : RecordIoFixtures.ALL) {
            Decoding.Result r = Splits.decodeEveryWay(TYPE, FIVE, Decoding.MAX_ROW_BYTES, RecordIoFixtures.body(name));
            assertThat(r.error()).as(name).isNull();
            List<List<Object>> expected = new ArrayList<>();
            for (float[] row : RecordIoFixtures.rows(name)) {
                expected.add(Decoding.floats(row));
            }
            assertThat(r.rows()).as(name).isEqualTo(expected);
        }
    }

    @Test
    void generalRowsKeepFloat64Exact() {
        Decoding.Result r = Decoding.whole(TYPE, InputSchema.named(List.of("a", "b"), false),
                body(record(f64(0.1, 1e-9))));
        assertThat(r.rows()).containsExactly(List.of(0.1, 1e-9));
    }

    @Test
    void anyWidthModelsTakeTheFirstRowsWidth() {
        InputSchema any = InputSchema.numeric(InputSchema.ANY);
        Decoding.Result r = Decoding.whole(TYPE, any, body(record(f32(1, 2)), record(sparse(3, new long[] {1}, 7))));
        assertThat(r.error()).isEqualTo("WRONG_FEATURE_COUNT 400 row 2: 3 features, expected 2 (the width of row 1)");
        assertThat(Decoding.whole(TYPE, any, body(record(sparse(-1, new long[] {1}, 7)))).error())
                .startsWith("MALFORMED_RECORDIO 400 row 1: sparse features[\"values\"] has no shape");
    }

    @Test
    void sparseWithoutShapeTakesTheModelsWidth() {
        Decoding.Result r = Decoding.whole(TYPE, InputSchema.numeric(3), body(record(sparse(-1, new long[] {2}, 7))));
        assertThat(r.rows()).containsExactly(Decoding.floats(Float.NaN, Float.NaN, 7));
    }

    @Test
    void everyErrorNamesTheRecord() {
        InputSchema three = InputSchema.numeric(3);
        assertThat(error(three, record(f32(1, 2, 3)), record(f32(1, 2))))
                .isEqualTo("WRONG_FEATURE_COUNT 400 row 2: 2 features, expected 3");
        assertThat(error(three, record(sparse(4, new long[] {0}, 1))))
                .isEqualTo("WRONG_FEATURE_COUNT 400 row 1: sparse features[\"values\"] of shape [4]; the model takes "
                        + "3 features");
        assertThat(error(three, record(sparse(-1, new long[] {5}, 1))))
                .isEqualTo("WRONG_FEATURE_COUNT 400 row 1: features[\"values\"] has key 5, beyond the model's 3 "
                        + "features");
        assertThat(error(three, record(Value.newBuilder().setFloat32Tensor(Float32Tensor.newBuilder()
                .addValues(1).addValues(2).addKeys(0).addShape(3)).build())))
                .isEqualTo("MALFORMED_RECORDIO 400 row 1: features[\"values\"] has 1 keys but 2 values");
        assertThat(error(three, record(sparse(3, new long[] {3}, 1))))
                .isEqualTo("MALFORMED_RECORDIO 400 row 1: features[\"values\"] has key 3, outside its shape [3]");
        assertThat(error(three, record(sparse(3, new long[] {1, 1}, 1, 2))))
                .isEqualTo("MALFORMED_RECORDIO 400 row 1: features[\"values\"] has key 1 twice");
        assertThat(error(three, record(Value.newBuilder().setFloat32Tensor(Float32Tensor.newBuilder()
                .addValues(1).addShape(1).addShape(3)).build())))
                .isEqualTo("MALFORMED_RECORDIO 400 row 1: features[\"values\"] has a shape of rank 2; a row is a "
                        + "vector (rank 1)");
        assertThat(error(three, record(Value.newBuilder().setFloat32Tensor(Float32Tensor.newBuilder()
                .addValues(1).addShape(3)).build())))
                .isEqualTo("MALFORMED_RECORDIO 400 row 1: features[\"values\"] is dense with 1 values but its shape "
                        + "says 3");
        assertThat(error(three, record(Value.newBuilder().setBytes(Bytes.getDefaultInstance()).build())))
                .isEqualTo("MALFORMED_RECORDIO 400 row 1: features[\"values\"] holds bytes; expected a Float32, "
                        + "Float64 or Int32 tensor");
        assertThat(error(three, Record.newBuilder().putFeatures("pixels", f32(1, 2, 3)).build().toByteArray()))
                .isEqualTo("MALFORMED_RECORDIO 400 row 1: the record has no features[\"values\"] (it has [pixels])");
        assertThat(error(three, new byte[] {8})).startsWith("MALFORMED_RECORDIO 400 row 1: not an aialgs.data.Record");
    }

    @Test
    void trainingRowsAreTheLabelThenTheFeaturesInEverySplit() {
        for (String name : List.of("dense-f32", "sparse-f32")) {
            Decoding.Result r = Splits.decodeEveryWay(TYPE, InputSchema.numeric(6), Decoding.MAX_ROW_BYTES,
                    RecordIoFixtures.body(name), true);
            assertThat(r.error()).as(name).isNull();
            List<List<Object>> expected = new ArrayList<>();
            List<float[]> rows = RecordIoFixtures.rows(name);
            for (int i = 0; i < rows.size(); i++) {
                List<Object> row = new ArrayList<>(Decoding.floats(RecordIoFixtures.labels(name).get(i).floatValue()));
                row.addAll(Decoding.floats(rows.get(i)));
                expected.add(row);
            }
            assertThat(r.rows()).as(name).isEqualTo(expected);
        }
    }

    @Test
    void trainingRowsNeedALabelAndCountItAsAColumn() {
        assertThat(Splits.decodeEveryWay(TYPE, InputSchema.numeric(6), Decoding.MAX_ROW_BYTES,
                RecordIoFixtures.body("dense-f64"), true).error())
                .isEqualTo("MALFORMED_RECORDIO 400 row 1: the record has no label[\"values\"], and training needs a"
                        + " label in every record");
        byte[] sparse = Record.newBuilder().putFeatures("values", sparse(4, new long[] {0}, 1))
                .putLabel("values", f32(1)).build().toByteArray();
        Decoding.Result r = Decoding.run(TYPE, InputSchema.numeric(4), Decoding.MAX_ROW_BYTES, body(sparse),
                new int[0], false, true);
        assertThat(r.error()).isEqualTo("WRONG_FEATURE_COUNT 400 row 1: sparse features[\"values\"] of shape [4];"
                + " the model takes 3 features");
    }

    @Test
    void aRecordPastTheRowLimitIsTooLarge() {
        byte[] big = record(f32(new float[300]));
        Decoding.Result r = Decoding.run(TYPE, InputSchema.numeric(300), 1000, body(big), new int[0], false);
        assertThat(r.error()).isEqualTo("ROW_TOO_LARGE 400 row 1: the record's " + big.length
                + " bytes are more than the limit of 1000");
    }

    private static String error(InputSchema schema, byte[]... records) {
        return Splits.decodeEveryWay(TYPE, schema, Decoding.MAX_ROW_BYTES, body(records)).error();
    }

    static byte[] record(Value values) {
        return Record.newBuilder().putFeatures("values", values).build().toByteArray();
    }

    static Value f32(float... values) {
        Float32Tensor.Builder t = Float32Tensor.newBuilder();
        for (float v : values) {
            t.addValues(v);
        }
        return Value.newBuilder().setFloat32Tensor(t).build();
    }

    private static Value f64(double... values) {
        Float64Tensor.Builder t = Float64Tensor.newBuilder();
        for (double v : values) {
            t.addValues(v);
        }
        return Value.newBuilder().setFloat64Tensor(t).build();
    }

    private static Value sparse(long shape, long[] keys, float... values) {
        Float32Tensor.Builder t = Float32Tensor.newBuilder();
        for (int i = 0; i < keys.length; i++) {
            t.addKeys(keys[i]);
        }
        for (float v : values) {
            t.addValues(v);
        }
        if (shape >= 0) {
            t.addShape(shape);
        }
        return Value.newBuilder().setFloat32Tensor(t).build();
    }

    static byte[] body(byte[]... records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] r : records) {
            out.writeBytes(RecordIoFrames.frame(r));
        }
        return out.toByteArray();
    }
}
