package dev.skiff.samples.xgboost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.codec.Formats;
import dev.skiff.spi.Batch;
import dev.skiff.spi.Model;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * RecordIO-protobuf training channels, File and Pipe mode, on fixtures the SageMaker SDK's own writer made
 * ({@code fixtures/make_recordio_training_fixtures.py}): a model trained on them predicts as Python's XGBoost trained
 * on the same numpy arrays and as Skiff trained on the same rows as CSV, and is served the same rows as sparse
 * RecordIO or as CSV of the width it was trained on.
 *
 * <p>Tolerance 1e-6 on probabilities, as in {@link WeightsTest}: the configuration (exact trees, fixed base score, one
 * thread) is deterministic in XGBoost 1.7 and 3.0, so what remains is float32 rounding in the two builds' sums.
 */
class RecordIoTrainingTest {
    static final Path RECORDIO = Path.of("src/test/resources/training/recordio");
    static final String TYPE = "application/x-recordio-protobuf";
    static final Map<String, String> HP = withTrainer(WeightsTest.CONFIG);

    @TempDir
    Path tmp;

    @Test
    void denseAndSparseRecordsTrainAsPythonsXGBoostTrainsOnTheArrays() throws Exception {
        for (String kind : List.of("dense", "sparse")) {
            OptMl ml = fileJob(tmp.resolve(kind), kind);
            assertThat(ml.train()).as(kind + ": " + ml.failure()).isZero();
            assertClose(predict(ml.model("xgboost-model"), rows(kind)), kind);
            // hashed in the pass that read them
            JsonNode input = new ObjectMapper().readTree(ml.model("skiff-model.json").toFile()).at("/inputs/1");
            assertThat(input.get("source").asText()).isEqualTo("train/train-2.pbr");
            assertThat(input.get("sha256").asText()).isEqualTo(HexFormat.of().formatHex(MessageDigest
                    .getInstance("SHA-256").digest(Files.readAllBytes(RECORDIO.resolve(kind + "/train-2.pbr")))));
        }
    }

    @Test
    void aRecordIoModelIsTheModelOfTheSameRowsAsCsv() throws Exception {
        for (String kind : List.of("dense", "sparse")) {
            OptMl records = fileJob(tmp.resolve(kind + "-recordio"), kind);
            OptMl csv = new OptMl(tmp.resolve(kind + "-csv")).hyperparameters(HP)
                    .channel("train", "text/csv", RECORDIO.resolve(kind + "/train.csv"))
                    .channel("validation", "text/csv", RECORDIO.resolve(kind + "/validation.csv"));
            assertThat(records.train()).as(records.failure()).isZero();
            assertThat(csv.train()).as(csv.failure()).isZero();
            assertThat(Files.readAllBytes(records.model("xgboost-model"))).as(kind)
                    .isEqualTo(Files.readAllBytes(csv.model("xgboost-model")));
        }
    }

    @Test
    void aModelTrainedOnSparseRecordsIsServedTheSameRecordsAndCsvOfItsWidth() throws Exception {
        OptMl ml = fileJob(tmp, "sparse");
        assertThat(ml.train()).as(ml.failure()).isZero();
        try (Model model = new XGBoostProvider().load(Fixtures.context(ml.root.resolve("model")))) {
            // the 7th feature is never set in training: only the records' shape makes the model 7 wide
            assertThat(model.inputSchema().featureCount()).isEqualTo(7);
            byte[] records = Files.readAllBytes(RECORDIO.resolve("sparse/rows.pbr"));
            byte[] csv = Files.readAllBytes(RECORDIO.resolve("sparse/rows.csv"));
            assertClose(served(model, TYPE, records), "sparse");
            assertClose(served(model, "text/csv", csv), "sparse");
        }
    }

    @Test
    void pipeModeTrainsTheSameModelAsFileMode() throws Exception {
        OptMl files = fileJob(tmp.resolve("file"), "sparse");
        OptMl pipes = new OptMl(tmp.resolve("pipe")).hyperparameters(HP)
                .pipe("train", TYPE, false, concat(RECORDIO.resolve("sparse/train-1.pbr"),
                        RECORDIO.resolve("sparse/train-2.pbr")))
                .pipe("validation", TYPE, false, Files.readAllBytes(RECORDIO.resolve("sparse/validation.pbr")));
        assertThat(files.train()).as(files.failure()).isZero();
        assertThat(pipes.train()).as(pipes.failure()).isZero();
        assertThat(Files.readAllBytes(pipes.model("xgboost-model")))
                .isEqualTo(Files.readAllBytes(files.model("xgboost-model")));
        assertThat(Files.readString(pipes.model("skiff-model.json"))).contains("\"source\" : \"train_0\"");
    }

    @Test
    void aRecordIoWrappedCsvPipeTrainsTheModelOfTheCsvFiles() throws Exception {
        OptMl files = new OptMl(tmp.resolve("file")).hyperparameters(HP)
                .channel("train", "text/csv", RECORDIO.resolve("dense/train.csv"))
                .channel("validation", "text/csv", RECORDIO.resolve("dense/validation.csv"));
        // two S3 objects, each one frame; the first's last line has no newline
        String train = Files.readString(RECORDIO.resolve("dense/train.csv"));
        int cut = train.indexOf('\n', train.length() / 2);
        byte[] wrapped = frames(train.substring(0, cut), train.substring(cut + 1));
        OptMl pipes = new OptMl(tmp.resolve("pipe")).hyperparameters(HP)
                .pipe("train", "text/csv", true, wrapped)
                .pipe("validation", "text/csv", true, frames(Files.readString(RECORDIO.resolve(
                        "dense/validation.csv"))));
        assertThat(files.train()).as(files.failure()).isZero();
        assertThat(pipes.train()).as(pipes.failure()).isZero();
        assertThat(Files.readAllBytes(pipes.model("xgboost-model")))
                .isEqualTo(Files.readAllBytes(files.model("xgboost-model")));
        assertThat(Files.readString(pipes.model("skiff-model.json"))).contains("\"record_wrapper\" : \"RecordIO\"")
                .contains("\"rows\" : 160");
    }

    static OptMl fileJob(Path root, String kind) throws Exception {
        return new OptMl(root).hyperparameters(HP)
                .channel("train", TYPE, RECORDIO.resolve(kind + "/train-1.pbr"),
                        RECORDIO.resolve(kind + "/train-2.pbr"))
                .channel("validation", TYPE, RECORDIO.resolve(kind + "/validation.pbr"));
    }

    private static Map<String, String> withTrainer(Map<String, String> config) {
        Map<String, String> hp = new HashMap<>(config);
        hp.put("skiff_trainer", "xgboost");
        return Map.copyOf(hp);
    }

    /** rows.csv of a fixture kind as one dense batch (empty cell = NaN). */
    private static Batch rows(String kind) throws Exception {
        return Fixtures.batch(Files.readString(RECORDIO.resolve(kind + "/rows.csv")));
    }

    private static float[] predict(Path modelFile, Batch rows) throws Exception {
        Booster booster = XGBoost.loadModel(Files.readAllBytes(modelFile));
        try {
            float[][] p = booster.inplace_predict(rows.dense(), rows.size(), rows.width(), Float.NaN);
            float[] out = new float[p.length];
            for (int r = 0; r < p.length; r++) {
                out[r] = p[r][0];
            }
            return out;
        } finally {
            booster.dispose();
        }
    }

    /** The scores the model gives a request body of this type, decoded by the serving codecs. */
    private static float[] served(Model model, String type, byte[] body) throws Exception {
        List<Batch> batches = new ArrayList<>();
        var decoder = Formats.decoder(type, model.inputSchema(), 100, 1 << 20, batches::add);
        decoder.decode(ByteBuffer.wrap(body));
        decoder.finish();
        assertThat(batches).hasSize(1);
        return model.predict(batches.get(0)).scores();
    }

    private static void assertClose(float[] actual, String kind) {
        try {
            List<String> expected = Files.readAllLines(RECORDIO.resolve(kind + "/expected.csv"));
            assertThat(actual).hasSize(expected.size());
            for (int r = 0; r < actual.length; r++) {
                assertThat(actual[r]).as(kind + " row " + r).isCloseTo(Float.parseFloat(expected.get(r)),
                        within(1e-6f));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] concat(Path... files) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Path f : files) {
            out.write(Files.readAllBytes(f));
        }
        return out.toByteArray();
    }

    static byte[] frames(String... payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : payloads) {
            out.writeBytes(dev.skiff.codec.recordio.RecordIoFrames.frame(p.getBytes(StandardCharsets.UTF_8)));
        }
        return out.toByteArray();
    }
}
