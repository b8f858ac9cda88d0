package dev.skiff.samples.xgboost;

import dev.skiff.ServeMain;
import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.codec.recordio.Tensor;
import dev.skiff.config.SkiffConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user of SageMaker's built-in XGBoost sends, over real HTTP against the real server: the Python fixtures'
 * rows in every request format (CSV, JSON, JSON Lines, libsvm, RecordIO dense and sparse as the SageMaker SDK writes
 * them) answered in every Accept equal Python's predictions to 1e-6; selectable output's CSV byte for byte as the
 * container writes it; batch transform's one record per line; broken RecordIO refused naming the record.
 */
class DropInServeIT {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+\\.[0-9]+(?:E-?[0-9]+)?");
    private static final List<String> ACCEPTS = List.of("text/csv", "application/json", "application/jsonlines",
            "application/x-recordio-protobuf");

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyFormatAndAcceptEqualsPython() throws Exception {
        for (String model : List.of("binary", "multiclass")) {
            try (Served s = serve(model, Map.of("SKIFF_BATCH_ROWS", "7"))) { // several batches per answer
                float[][] expected = Fixtures.expected(model);
                for (Map.Entry<String, byte[]> body : bodies(model).entrySet()) {
                    for (String accept : ACCEPTS) {
                        HttpResponse<byte[]> r = s.post(body.getKey().split(" ")[0], accept, body.getValue());
                        String how = model + ": " + body.getKey() + " -> " + accept;
                        assertThat(r.statusCode()).as(how).isEqualTo(200);
                        assertThat(r.headers().firstValue("Content-Type")).as(how)
                                .hasValueSatisfying(t -> assertThat(t).startsWith(accept));
                        assertClose(scores(accept, r.body()), expected, how);
                    }
                }
            }
        }
    }

    @Test
    void selectableCsvIsTheContainersBytes() throws Exception {
        for (String model : List.of("binary", "multiclass")) {
            try (Served s = serve(model, Map.of("SAGEMAKER_INFERENCE_OUTPUT",
                    "predicted_label,probabilities,labels,raw_scores"))) {
                HttpResponse<byte[]> r = s.post("text/csv", "text/csv", Fixtures.bytes(model + "/rows.csv"));
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).as(model)
                        .isEqualTo(Fixtures.text("selectable/" + model + "-csv.txt"));
            }
        }
    }

    @Test
    void batchTransformAnswersOneRecordPerLine() throws Exception {
        try (Served s = serve("multiclass", Map.of("SAGEMAKER_BATCH", "true"))) {
            byte[] rows = Fixtures.bytes("multiclass/rows.csv");
            String json = new String(s.post("text/csv", "application/json", rows).body(), StandardCharsets.UTF_8);
            List<String> lines = json.lines().toList();
            assertThat(json).endsWith("\n");
            assertThat(lines).hasSize(Fixtures.expected("multiclass").length)
                    .allMatch(l -> l.startsWith("{\"score\":[") && l.endsWith("]}"));
            assertClose(numbers(json), Fixtures.expected("multiclass"), "batch JSON");
            String csv = new String(s.post("text/csv", "text/csv", rows).body(), StandardCharsets.UTF_8);
            assertThat(csv.lines()).hasSize(lines.size()).allMatch(l -> l.split(",").length == 3);
        }
    }

    @Test
    void brokenRecordIoIsA400NamingTheRecordAndTheServerCarriesOn() throws Exception {
        try (Served s = serve("binary", Map.of())) {
            byte[] good = Fixtures.bytes("binary/rows-dense.pbr");
            byte[] cut = java.util.Arrays.copyOf(good, good.length - 10); // into the last record's payload
            HttpResponse<byte[]> r = s.post("application/x-recordio-protobuf", "text/csv", cut);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"code\":\"malformed_recordio\"")
                    .contains("row 25: the input ends inside the record");
            byte[] bad = good.clone();
            bad[0] = 0;
            assertThat(new String(s.post("application/x-recordio-protobuf", null, bad).body(),
                    StandardCharsets.UTF_8)).contains("row 1: no RecordIO magic number at byte 0");
            HttpResponse<byte[]> next = s.post("application/x-recordio-protobuf", null, good);
            assertThat(next.statusCode()).isEqualTo(200);
            assertThat(next.headers().firstValue("Content-Type")) // no Accept: CSV, as from the container
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        }
    }

    /** The fixture's rows in every request format, keyed by content type (and a label for the variant). */
    private static Map<String, byte[]> bodies(String model) {
        String csv = Fixtures.text(model + "/rows.csv");
        StringBuilder json = new StringBuilder("{\"instances\":[");
        StringBuilder lines = new StringBuilder();
        StringBuilder libsvm = new StringBuilder();
        for (String row : csv.split("\n")) {
            String[] cells = row.split(",", -1);
            List<String> values = new ArrayList<>();
            List<String> pairs = new ArrayList<>();
            for (int c = 0; c < cells.length; c++) {
                values.add(cells[c].isEmpty() ? "null" : cells[c]);
                if (!cells[c].isEmpty()) {
                    pairs.add((c + 1) + ":" + cells[c]);
                }
            }
            String array = "[" + String.join(",", values) + "]";
            json.append(json.charAt(json.length() - 1) == '[' ? "" : ",").append(array);
            lines.append(array).append('\n');
            libsvm.append("0 ").append(String.join(" ", pairs)).append('\n');
        }
        Map<String, byte[]> out = new java.util.LinkedHashMap<>();
        out.put("text/csv", csv.getBytes(StandardCharsets.UTF_8));
        out.put("application/json", json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        out.put("application/jsonlines", lines.toString().getBytes(StandardCharsets.UTF_8));
        out.put("text/libsvm", libsvm.toString().getBytes(StandardCharsets.UTF_8));
        out.put("application/x-recordio-protobuf dense", Fixtures.bytes(model + "/rows-dense.pbr"));
        out.put("application/x-recordio-protobuf sparse", Fixtures.bytes(model + "/rows-sparse.pbr"));
        return out;
    }

    /** Every score of an answer, in order: numbers of a text answer, label["score"] values of a RecordIO one. */
    private static List<Float> scores(String accept, byte[] body) {
        if (!accept.equals("application/x-recordio-protobuf")) {
            return numbers(new String(body, StandardCharsets.UTF_8));
        }
        List<Float> out = new ArrayList<>();
        RecordIoFrames frames = new RecordIoFrames(1 << 20, (index, payload) -> {
            Record record = Tensor.record(index, payload);
            assertThat(record.getLabelMap()).containsOnlyKeys("score");
            Tensor t = Tensor.of(index, "score", record.getLabelOrThrow("score"));
            for (int i = 0; i < t.count(); i++) {
                out.add((float) t.value(i));
            }
        });
        frames.feed(ByteBuffer.wrap(body));
        frames.finish();
        return out;
    }

    private static List<Float> numbers(String text) {
        List<Float> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            out.add(Float.parseFloat(m.group()));
        }
        return out;
    }

    private static void assertClose(List<Float> actual, float[][] expected, String how) {
        List<Float> flat = new ArrayList<>();
        for (float[] row : expected) {
            for (float v : row) {
                flat.add(v);
            }
        }
        assertThat(actual).as(how).hasSameSizeAs(flat);
        for (int i = 0; i < flat.size(); i++) {
            assertThat((double) actual.get(i)).as(how + ", value " + (i + 1))
                    .isCloseTo(flat.get(i), org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    private Served serve(String model, Map<String, String> extra) throws Exception {
        Path ml = Files.createTempDirectory(tmp, model);
        Files.createDirectories(ml.resolve("model"));
        Fixtures.put(ml.resolve("model"), model + "/xgboost-model", "xgboost-model");
        Map<String, String> env = new HashMap<>(Map.of("SKIFF_PORT", "0", "SKIFF_ML_ROOT", ml.toString(),
                "SKIFF_PLUGINS_DIR", tmp.resolve("no-plugins").toString(), "SKIFF_WORKERS", "2",
                "SKIFF_IO_THREADS", "1"));
        env.putAll(extra);
        Served s = new Served(ServeMain.start(SkiffConfig.fromEnvironment(env), env));
        s.awaitReady();
        return s;
    }

    private final class Served implements AutoCloseable {
        private final ServeMain.Running running;

        Served(ServeMain.Running running) {
            this.running = running;
        }

        HttpResponse<byte[]> post(String contentType, String accept, byte[] body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri("/invocations")).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (accept != null) {
                b.header("Accept", accept);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        }

        /** Polls /ping (at most 60 s) until the model is ready. */
        void awaitReady() throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (http.send(HttpRequest.newBuilder(uri("/ping")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() != 200) {
                assertThat(System.nanoTime()).as("model ready within 60 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + running.server().port() + path);
        }

        @Override
        public void close() {
            running.stop(Duration.ofSeconds(5));
        }
    }
}
