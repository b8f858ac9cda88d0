package dev.skiff.train;

import dev.skiff.codec.recordio.AialgsData.Float32Tensor;
import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.codec.recordio.AialgsData.Value;
import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.spi.Batch;
import dev.skiff.spi.Channel;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.TrainingException;
import dev.skiff.train.TrainingEnvironment.ChannelSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Record reading through the serving codecs: rows, row counts, and errors that name the file and line. */
class ChannelRecordsTest {
    private static final InputSchema ANY_NUMERIC = InputSchema.numeric(InputSchema.ANY);

    @TempDir
    Path root;

    private FileChannel channel(MlTree tree, String contentType) throws Exception {
        ChannelSpec spec = new ChannelSpec("train", Optional.ofNullable(contentType), Channel.Mode.FILE);
        return FileChannel.open(spec, tree.layout, new ChannelRecords(1024 * 1024));
    }

    @Test
    void csvRowsKeepTheLabelFirstAcrossFilesAndGzip() throws Exception {
        MlTree tree = new MlTree(root).data("train", "a.csv", "1,0.5,0.25\n\n0,0.1,0.2\n")
                .gzipData("train", "b.csv.gz", "1,0.3,0.4");
        List<Batch> batches = new ArrayList<>();
        long rows = channel(tree, "text/csv").readRecords(0, ANY_NUMERIC, 2, batches::add);
        assertThat(rows).isEqualTo(3);
        assertThat(batches).extracting(Batch::size).containsExactly(2, 1);
        assertThat(batches.get(0).width()).isEqualTo(3);
        assertThat(batches.get(0).number(1, 0)).isEqualTo(0.0); // the label
        assertThat(batches.get(1).number(0, 2)).isEqualTo(0.4f);
    }

    @Test
    void aChannelWithoutContentTypeReadsAsCsv() throws Exception {
        MlTree tree = new MlTree(root).data("train", "a.csv", "1,2\n3,4\n");
        assertThat(channel(tree, null).readRecords(0, ANY_NUMERIC, 10, b -> { })).isEqualTo(2);
    }

    @Test
    void aShortRowNamesFileAndLineNotRow() throws Exception {
        MlTree tree = new MlTree(root).data("train", "ok.csv", "1,2,3\n").data("train", "train.csv",
                "1,2,3\n\n4,5,6\n7,8\n");
        assertThatThrownBy(() -> channel(tree, "text/csv").readRecords(0, InputSchema.numeric(3), 10, b -> { }))
                .isInstanceOf(TrainingException.class)
                .hasMessage("train/train.csv line 4: 2 columns, expected 3");
    }

    @Test
    void aBadCellNamesItsColumn() throws Exception {
        MlTree tree = new MlTree(root).data("train", "train.csv", "1,2,3\r\n1,abc,3\r\n");
        assertThatThrownBy(() -> channel(tree, "text/csv").readRecords(0, ANY_NUMERIC, 10, b -> { }))
                .hasMessageStartingWith("train/train.csv line 2: column 2").hasMessageContaining("'abc'");
    }

    @Test
    void lineNumbersHoldAcrossReadBuffers() throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 30_000; i++) {
            csv.append(i).append(",0.5,0.25\n");
        }
        csv.append("1,2\n");
        MlTree tree = new MlTree(root).gzipData("train", "big.csv", csv.toString());
        assertThatThrownBy(() -> channel(tree, "text/csv").readRecords(0, ANY_NUMERIC, 1000, b -> { }))
                .hasMessage("train/big.csv line 30001: 2 columns, expected 3");
    }

    @Test
    void jsonLinesAndJson() throws Exception {
        MlTree lines = new MlTree(root).data("train", "a.jsonl", "[1, 2]\n{\"features\": [3, 4]}\n");
        assertThat(channel(lines, "application/jsonlines").readRecords(0, ANY_NUMERIC, 10, b -> { })).isEqualTo(2);
        MlTree json = new MlTree(root).data("train", "a.jsonl", "{\"instances\": [[1, 2], [3, 4], [5, 6]]}");
        assertThat(channel(json, "application/json").readRecords(0, ANY_NUMERIC, 10, b -> { })).isEqualTo(3);
        MlTree bad = new MlTree(root).data("train", "a.jsonl", "[[1, 2], [3]]");
        assertThatThrownBy(() -> channel(bad, "application/json").readRecords(0, ANY_NUMERIC, 10, b -> { }))
                .hasMessageStartingWith("train/a.jsonl row 2: ");
    }

    @Test
    void anUnreadableContentTypeSaysWhatToDo() throws Exception {
        MlTree tree = new MlTree(root).data("train", "a.libsvm", "1 1:0.5\n");
        assertThatThrownBy(() -> channel(tree, "text/libsvm").readRecords(0, ANY_NUMERIC, 10, b -> { }))
                .hasMessage("train/a.libsvm: content type 'text/libsvm' cannot be read as records; declare text/csv,"
                        + " application/json, application/jsonlines or application/x-recordio-protobuf, or read the"
                        + " bytes with Channel.read");
    }

    @Test
    void recordIoRowsAreTheLabelThenTheFeaturesAndErrorsNameTheRecord() throws Exception {
        byte[] body = ChannelsTest.concat(labelled(1, dense(0.5f, 0.25f)), labelled(0, sparse(2, 1, 7)));
        MlTree tree = new MlTree(root).bytes("train", "a.pbr", body);
        List<Batch> batches = new ArrayList<>();
        FileChannel channel = channel(tree, "application/x-recordio-protobuf");
        assertThat(channel.readRecords(0, InputSchema.numeric(3), 10, batches::add)).isEqualTo(2);
        assertThat(batches).singleElement().satisfies(b -> assertThat(b.dense())
                .containsExactly(1, 0.5f, 0.25f, 0, Float.NaN, 7));

        MlTree unlabelled = new MlTree(root.resolve("b")).bytes("train", "b.pbr", ChannelsTest.concat(
                labelled(1, dense(1, 2)), RecordIoFrames.frame(Record.newBuilder()
                        .putFeatures("values", dense(3, 4)).build().toByteArray())));
        assertThatThrownBy(() -> channel(unlabelled, "application/x-recordio-protobuf")
                .readRecords(0, InputSchema.numeric(3), 10, b -> { }))
                .hasMessage("train/b.pbr record 2: the record has no label[\"values\"], and training needs a label"
                        + " in every record");
    }

    private static byte[] labelled(float label, Value features) {
        return RecordIoFrames.frame(Record.newBuilder().putFeatures("values", features)
                .putLabel("values", dense(label)).build().toByteArray());
    }

    private static Value dense(float... values) {
        Float32Tensor.Builder t = Float32Tensor.newBuilder();
        for (float v : values) {
            t.addValues(v);
        }
        return Value.newBuilder().setFloat32Tensor(t).build();
    }

    private static Value sparse(long shape, long key, float value) {
        return Value.newBuilder().setFloat32Tensor(Float32Tensor.newBuilder().addKeys(key).addValues(value)
                .addShape(shape)).build();
    }

    @Test
    void rememberedRowCountsFeedTheManifest() throws Exception {
        ChannelRecords records = new ChannelRecords(1024);
        MlTree tree = new MlTree(root).data("train", "a.csv", "1,2\n3,4\n5,6\n");
        ChannelSpec spec = new ChannelSpec("train", Optional.of("text/csv"), Channel.Mode.FILE);
        FileChannel channel = FileChannel.open(spec, tree.layout, records);
        channel.readRecords(0, ANY_NUMERIC, 10, b -> { });
        assertThat(records.rowsOf("train/a.csv")).contains(3L);
        assertThat(records.rowsOf("train/other.csv")).isEmpty();
    }
}
