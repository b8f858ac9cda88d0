package dev.skiff.samples.xgboost;

import dev.skiff.codec.recordio.AialgsData.Float32Tensor;
import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.codec.recordio.AialgsData.Value;
import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.spi.TrainingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

import static dev.skiff.samples.xgboost.RecordIoTrainingTest.HP;
import static dev.skiff.samples.xgboost.RecordIoTrainingTest.RECORDIO;
import static dev.skiff.samples.xgboost.RecordIoTrainingTest.TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RecordIO training data that cannot be trained on as given: {@code skiff train} exits 1 with one line in
 * {@code output/failure} naming the channel's source and the record, File and Pipe mode alike.
 */
class RecordIoRefusalsTest {
    @TempDir
    Path tmp;

    @Test
    void brokenFramingAndUnreadableRecordsNameTheFileAndRecord() throws Exception {
        byte[] train = Files.readAllBytes(RECORDIO.resolve("dense/train-1.pbr"));
        List<byte[]> payloads = payloads(train);
        int third = frameLength(payloads.get(0)) + frameLength(payloads.get(1));
        byte[] badMagic = train.clone();
        badMagic[third] = 0x0b;
        assertRefused(file("magic", badMagic), "train/train.pbr record 3: no RecordIO magic number at byte "
                + third + " (found 0xced7230b, expected 0xced7230a)");
        assertRefused(file("truncated", Arrays.copyOf(train, train.length - 10)), "train/train.pbr record 100: the"
                + " input ends inside the record (");
        assertRefused(file("garbage", join(payloads.get(0), new byte[] {(byte) 0xff, 1, 2})), "train/train.pbr"
                + " record 2: not an aialgs.data.Record protobuf message: ");
        assertRefused(file("unlabelled", Files.readAllBytes(RECORDIO.resolve("sparse/rows.pbr"))),
                "train/train.pbr record 1: the record has no label[\"values\"], and training needs a label in every"
                        + " record");
        Record mismatched = Record.parseFrom(payloads.get(1)).toBuilder().putFeatures("values",
                Value.newBuilder().setFloat32Tensor(Float32Tensor.newBuilder().addKeys(0).addKeys(1).addValues(1)
                        .addShape(6)).build()).build();
        assertRefused(file("keys", join(payloads.get(0), mismatched.toByteArray())),
                "train/train.pbr record 2: features[\"values\"] has 2 keys but 1 values");
    }

    @Test
    void everyRecordOfAJobHasTheSameWidth() throws Exception {
        OptMl acrossFiles = new OptMl(tmp.resolve("files")).hyperparameters(HP).channel("train", TYPE,
                RECORDIO.resolve("dense/train-1.pbr"), RECORDIO.resolve("sparse/train-2.pbr"));
        assertRefused(acrossFiles, "train/train-2.pbr record 1: features[\"values\"] has 7 features but the channel's"
                + " earlier records have 6; every record of a channel has the same width");
        OptMl validation = new OptMl(tmp.resolve("validation")).hyperparameters(HP)
                .channel("train", TYPE, RECORDIO.resolve("dense/train-1.pbr"))
                .channel("validation", TYPE, RECORDIO.resolve("sparse/validation.pbr"));
        assertRefused(validation, "channel 'validation' has records of 7 features; the train channel's have 6");
    }

    @Test
    void hostsWhoseRecordsDifferInWidthAllFailNamingBoth() {
        // the other host read 7-wide records: what the collective's min and max then give this 6-wide host
        Collective twoHosts = new Collective() {
            @Override
            public boolean join(Optional<String> emptyChannel) {
                return true;
            }

            @Override
            public boolean multiHost() {
                return true;
            }

            @Override
            public int min(int value) {
                return Math.min(value, 7);
            }

            @Override
            public int max(int value) {
                return Math.max(value, 7);
            }

            @Override
            public void requireSameStart(int round) {
            }

            @Override
            public BooleanSupplier stop(BooleanSupplier local) {
                return local;
            }

            @Override
            public boolean writesModel() {
                return true;
            }
        };
        assertThatThrownBy(() -> DataSets.read(XGBoostTrainingTest.channel(TYPE, RECORDIO.resolve("dense/train-1.pbr")),
                null, ContentTypes.Format.RECORDIO_PROTOBUF, false, false, twoHosts))
                .isInstanceOf(TrainingException.class)
                .hasMessage("this host's records have 6 features, another host's 7; every record of a job has the"
                        + " same width");
    }

    @Test
    void csvWeightsAreRefusedForRecordsThatHoldNone() throws Exception {
        Map<String, String> hp = new HashMap<>(HP);
        hp.put("csv_weights", "1");
        OptMl ml = RecordIoTrainingTest.fileJob(tmp, "dense").hyperparameters(hp);
        assertRefused(ml, "csv_weights=1 takes each row's weight from the CSV column after the label, but channel"
                + " 'train' is RecordIO-protobuf, whose records hold no weight (SageMaker's XGBoost reads none from"
                + " them and would train unweighted): remove csv_weights, or give the data as CSV");
    }

    @Test
    void aBrokenRecordInAPipeNamesTheEpochAndRecord() throws Exception {
        byte[] train = Files.readAllBytes(RECORDIO.resolve("sparse/train-1.pbr"));
        OptMl ml = new OptMl(tmp).hyperparameters(HP).pipe("train", TYPE, false,
                join(payloads(train).get(0), payloads(train).get(1), new byte[] {8}));
        assertRefused(ml, "train_0 record 3: not an aialgs.data.Record protobuf message: ");
    }

    @Test
    void sparseKeysInAnyOrderTrainTheSameModelAndAKeyGivenTwiceIsRefused() throws Exception {
        UnaryOperator<Record> reversed = r -> {
            Float32Tensor t = r.getFeaturesOrThrow("values").getFloat32Tensor();
            Float32Tensor.Builder b = Float32Tensor.newBuilder().addAllShape(t.getShapeList());
            for (int i = t.getKeysCount() - 1; i >= 0; i--) {
                b.addKeys(t.getKeys(i)).addValues(t.getValues(i));
            }
            return r.toBuilder().putFeatures("values", Value.newBuilder().setFloat32Tensor(b).build()).build();
        };
        OptMl sorted = new OptMl(tmp.resolve("sorted")).hyperparameters(HP)
                .channel("train", TYPE, RECORDIO.resolve("sparse/train-1.pbr"));
        Path dir = Files.createDirectories(tmp.resolve("data"));
        Path unsorted = Files.write(dir.resolve("train-1.pbr"), rewrite(RECORDIO.resolve("sparse/train-1.pbr"),
                reversed));
        OptMl any = new OptMl(tmp.resolve("any")).hyperparameters(HP).channel("train", TYPE, unsorted);
        assertThat(sorted.train()).as(sorted.failure()).isZero();
        assertThat(any.train()).as(any.failure()).isZero();
        assertThat(Files.readAllBytes(any.model("xgboost-model")))
                .isEqualTo(Files.readAllBytes(sorted.model("xgboost-model")));

        Record twice = Record.newBuilder().putLabel("values", Value.newBuilder().setFloat32Tensor(
                        Float32Tensor.newBuilder().addValues(1)).build())
                .putFeatures("values", Value.newBuilder().setFloat32Tensor(Float32Tensor.newBuilder()
                        .addKeys(4).addKeys(1).addKeys(4).addValues(1).addValues(2).addValues(3).addShape(7)).build())
                .build();
        assertRefused(file("twice", join(twice.toByteArray())), "train/train.pbr record 1: features[\"values\"]"
                + " has key 4 twice");
    }

    /** A File-mode job whose train channel is one file, {@code train.pbr}. */
    private OptMl file(String name, byte[] content) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name + "-data"));
        return new OptMl(tmp.resolve(name)).hyperparameters(HP)
                .channel("train", TYPE, Files.write(dir.resolve("train.pbr"), content));
    }

    private static void assertRefused(OptMl ml, String failure) {
        assertThat(ml.train()).isEqualTo(1);
        assertThat(ml.failure()).startsWith(failure).doesNotContain("\n");
        assertThat(ml.model("xgboost-model")).doesNotExist();
    }

    private static List<byte[]> payloads(byte[] body) {
        List<byte[]> out = new ArrayList<>();
        RecordIoFrames frames = new RecordIoFrames(1 << 20, (index, payload) -> {
            byte[] b = new byte[payload.remaining()];
            payload.get(b);
            out.add(b);
        });
        frames.feed(ByteBuffer.wrap(body));
        frames.finish();
        return out;
    }

    private static int frameLength(byte[] payload) {
        return RecordIoFrames.frame(payload).length;
    }

    private static byte[] join(byte[]... payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : payloads) {
            out.writeBytes(RecordIoFrames.frame(p));
        }
        return out.toByteArray();
    }

    private static byte[] rewrite(Path file, UnaryOperator<Record> change) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : payloads(Files.readAllBytes(file))) {
            out.writeBytes(RecordIoFrames.frame(change.apply(Record.parseFrom(p)).toByteArray()));
        }
        return out.toByteArray();
    }
}
