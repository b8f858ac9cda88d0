package dev.skiff.codec.recordio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.codec.recordio.AialgsData.Float32Tensor;
import dev.skiff.codec.recordio.AialgsData.Float64Tensor;
import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.codec.recordio.AialgsData.Value;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Labelled records as training reads them: the SDK's labelled fixtures, and every refusal naming the record. */
class TrainingRecordTest {
    private static final Value ROW = f32(1, 2);

    @Test
    void sdkWrittenLabelledRecordsGiveTheirLabelsAndRows() {
        for (String name : List.of("dense-f32", "sparse-f32")) {
            List<Float> labels = new ArrayList<>();
            List<Integer> counts = new ArrayList<>();
            RecordIoFrames frames = new RecordIoFrames(1 << 16, (index, payload) -> {
                TrainingRecord r = TrainingRecord.parse(index, payload);
                labels.add(r.label());
                counts.add(r.features().count());
            });
            frames.feed(ByteBuffer.wrap(RecordIoFixtures.body(name)));
            frames.finish();
            assertThat(labels).as(name).isEqualTo(RecordIoFixtures.labels(name).stream()
                    .map(Double::floatValue).toList());
            List<Integer> set = RecordIoFixtures.rows(name).stream().map(row -> {
                int n = 0;
                for (float v : row) {
                    n += Float.isNaN(v) ? 0 : 1;
                }
                return name.startsWith("dense") ? row.length : n;
            }).toList();
            assertThat(counts).as(name).isEqualTo(set);
        }
    }

    @Test
    void aFloat64LabelIsNarrowedToFloat() {
        Record r = Record.newBuilder().putFeatures("values", ROW)
                .putLabel("values", Value.newBuilder().setFloat64Tensor(Float64Tensor.newBuilder().addValues(0.1))
                        .build()).build();
        assertThat(parse(r).label()).isEqualTo(0.1f);
    }

    @Test
    void everyRefusalNamesTheRecord() {
        assertThat(error(Record.newBuilder().putFeatures("values", ROW).build()))
                .isEqualTo("row 3: the record has no label[\"values\"], and training needs a label in every record");
        assertThat(error(Record.newBuilder().putFeatures("values", ROW).putLabel("target", f32(1)).build()))
                .isEqualTo("row 3: the record has no label[\"values\"], and training needs a label in every record"
                        + " (its label has [target])");
        assertThat(error(labelled(f32(1, 0))))
                .isEqualTo("row 3: label[\"values\"] holds 2 values; a record has exactly one label, a dense tensor"
                        + " of one value");
        assertThat(error(labelled(Value.newBuilder().setFloat32Tensor(Float32Tensor.newBuilder().addKeys(0)
                .addValues(1).addShape(1)).build())))
                .startsWith("row 3: label[\"values\"] is a sparse tensor;");
        assertThat(error(labelled(f32(Float.NaN)))).isEqualTo("row 3: label[\"values\"] is NaN; a label is a finite"
                + " number");
        assertThat(error(labelled(f32(1)).toBuilder().putFeatures("weights", f32(2)).build()))
                .startsWith("row 3: the record's features has the keys [");
        assertThat(error(labelled(f32(1)).toBuilder().putLabel("weight", f32(2)).build()))
                .contains("training reads label[\"values\"] only and drops nothing silently");
        assertThat(error(Record.newBuilder().putLabel("values", f32(1)).build()))
                .isEqualTo("row 3: the record has no features[\"values\"]");
    }

    @Test
    void recordIoInsideRecordIoIsNamedAsSuch() {
        byte[] wrappedTwice = RecordIoFrames.frame(labelled(f32(1)).toByteArray());
        assertThatThrownBy(() -> TrainingRecord.parse(1, ByteBuffer.wrap(wrappedTwice)))
                .hasMessageContaining("it starts with RecordIO's magic number: RecordIO inside RecordIO");
    }

    private static TrainingRecord parse(Record r) {
        return TrainingRecord.parse(3, ByteBuffer.wrap(r.toByteArray()));
    }

    private static String error(Record r) {
        try {
            parse(r);
            return null;
        } catch (SkiffException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_RECORDIO);
            return e.getMessage();
        }
    }

    private static Record labelled(Value label) {
        return Record.newBuilder().putFeatures("values", ROW).putLabel("values", label).build();
    }

    private static Value f32(float... values) {
        Float32Tensor.Builder t = Float32Tensor.newBuilder();
        for (float v : values) {
            t.addValues(v);
        }
        return Value.newBuilder().setFloat32Tensor(t).build();
    }
}
