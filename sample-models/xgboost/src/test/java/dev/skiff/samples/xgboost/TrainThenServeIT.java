package dev.skiff.samples.xgboost;

import dev.skiff.ServeMain;
import dev.skiff.train.TrainMain;
import dev.skiff.config.SkiffConfig;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Trains on a fake /opt/ml with the bundled data, then serves the model with the real HTTP server (port 0) and
 * asks it in every format, good requests and bad.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainThenServeIT {
    private static final String ROWS_CSV = "0.3,-1,,2,0,0,1,-0.5\n1,1,1,1,1,1,1,1\n";
    private static final String ROWS_LIBSVM = "1:0.3 2:-1 4:2 5:0 6:0 7:1 8:-0.5\n1:1 2:1 3:1 4:1 5:1 6:1 7:1 8:1\n";

    @TempDir
    static Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();
    private ServeMain.Running server;
    private float[] expected;

    @BeforeAll
    void trainAndServe() throws Exception {
        Path ml = tmp.resolve("ml");
        Files.createDirectories(ml.resolve("input/data/train"));
        Files.createDirectories(ml.resolve("input/data/validation"));
        Files.copy(Path.of("data/train/train.csv"), ml.resolve("input/data/train/train.csv"));
        Files.copy(Path.of("data/validation/validation.csv"), ml.resolve("input/data/validation/validation.csv"));
        Files.createDirectories(ml.resolve("input/config"));
        Files.writeString(ml.resolve("input/config/inputdataconfig.json"),
                "{\"train\": {\"ContentType\": \"text/csv\"}," + " \"validation\": {\"ContentType\": \"text/csv\"}}");
        Files.writeString(ml.resolve("input/config/hyperparameters.json"), "{\"skiff_trainer\": \"xgboost\","
                + " \"num_round\": \"50\", \"objective\": \"binary:logistic\", \"max_depth\": \"4\","
                + " \"eval_metric\": \"auc\", \"early_stopping_rounds\": \"5\"}");
        // skiff train itself, in this JVM: the trainer is found through META-INF/services
        int exit = TrainMain.run(Map.of("SKIFF_ML_ROOT", ml.toString(),
                "SKIFF_PLUGINS_DIR", tmp.resolve("no-plugins").toString()));
        assertThat(exit).as("training failed: see " + ml.resolve("output/failure")).isZero();
        assertThat(ml.resolve("model/skiff-model.json")).exists();
        Files.writeString(ml.resolve("model/._xgboost-model"), "macOS resource fork, to be ignored");

        Booster booster = XGBoost.loadModel(Files.readAllBytes(ml.resolve("model/xgboost-model")));
        try {
            float[] rows = {0.3f, -1, Float.NaN, 2, 0, 0, 1, -0.5f, 1, 1, 1, 1, 1, 1, 1, 1};
            float[][] p = booster.inplace_predict(rows, 2, 8, Float.NaN);
            expected = new float[] {p[0][0], p[1][0]};
        } finally {
            booster.dispose();
        }
        server = start(ml, Map.of());
        awaitPing(server, "\"status\"", 200);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.stop(Duration.ofSeconds(5));
        }
    }

    private ServeMain.Running start(Path ml, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of(
                "SKIFF_PORT", "0",
                "SKIFF_ML_ROOT", ml.toString(),
                "SKIFF_PLUGINS_DIR", tmp.resolve("no-plugins").toString(),
                "SKIFF_WORKERS", "2",
                "SKIFF_IO_THREADS", "2"));
        env.putAll(extra);
        return ServeMain.start(SkiffConfig.fromEnvironment(env), env);
    }

    private HttpResponse<String> get(ServeMain.Running s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.server().port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Polls /ping (at most 60 s) until it answers {@code status} with {@code text} in its body. */
    private String awaitPing(ServeMain.Running s, String text, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = get(s, "/ping");
            if (last.statusCode() == status && last.body().contains(text)) {
                return last.body();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("/ping answered " + last.statusCode() + " " + last.body());
    }

    private HttpResponse<String> post(ServeMain.Running s, String contentType, String accept, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + s.server().port() + "/invocations"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertScores(List<String> values) {
        assertThat(values).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Float.parseFloat(values.get(i)))
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    @Test
    void csvInCsvOutOneLinePerRow() throws Exception {
        HttpResponse<String> r = post(server, "text/csv", null, ROWS_CSV);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(r.body()).endsWith("\n");
        assertScores(r.body().lines().toList());
    }

    @Test
    void jsonAndJsonLinesAnswersHoldAScorePerRow() throws Exception {
        HttpResponse<String> json = post(server, "text/csv", "application/json", ROWS_CSV);
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).startsWith("{\"predictions\":[{\"score\":");
        assertScores(List.of(json.body().replaceAll("[^0-9.,E-]", "").split(",")));

        HttpResponse<String> lines = post(server, "text/csv", "application/jsonlines", ROWS_CSV);
        assertThat(lines.body().lines()).allMatch(l -> l.startsWith("{\"score\":"));
        assertScores(lines.body().lines().map(l -> l.replaceAll("[^0-9.E-]", "")).toList());
    }

    @Test
    void libsvmGivesTheSameAnswerAsCsv() throws Exception {
        for (String type : new String[] {"text/libsvm", "text/x-libsvm"}) {
            HttpResponse<String> r = post(server, type, "text/csv", ROWS_LIBSVM);
            assertThat(r.statusCode()).as(type).isEqualTo(200);
            assertScores(r.body().lines().toList());
        }
    }

    @Test
    void anEmptyBodyIs204() throws Exception {
        HttpResponse<String> r = post(server, "text/csv", null, "");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void badInputsAnswerWithTheRightStatusAndCode() throws Exception {
        HttpResponse<String> width = post(server, "text/csv", null, "1,2,3\n");
        assertThat(width.statusCode()).isEqualTo(400);
        assertThat(width.body()).contains("wrong_feature_count").contains("row 1");

        HttpResponse<String> notNumber = post(server, "text/csv", null, "1,2,3,4,5,6,7,x\n");
        assertThat(notNumber.statusCode()).isEqualTo(400);

        HttpResponse<String> index = post(server, "text/libsvm", null, "1:1\n9:1\n");
        assertThat(index.statusCode()).isEqualTo(400);
        assertThat(index.body()).contains("wrong_feature_count").contains("row 2");

        HttpResponse<String> recordio = post(server, "application/x-recordio-protobuf", null, "x");
        assertThat(recordio.statusCode()).isEqualTo(400);
        assertThat(recordio.body()).contains("malformed_recordio").contains("row 1");
        assertThat(post(server, "text/csv", "text/html", ROWS_CSV).statusCode()).isEqualTo(406);
    }

    @Test
    void selectableOutputAndAPickleRefusal() throws Exception {
        // A list is one quoted cell, as the container writes it: 1,"[0.02905440330505371, 0.9709455966949463]"
        ServeMain.Running selectable = start(tmp.resolve("ml"),
                Map.of("SAGEMAKER_INFERENCE_OUTPUT", "predicted_label,probabilities"));
        try {
            awaitPing(selectable, "\"status\"", 200);
            HttpResponse<String> r = post(selectable, "text/csv", "application/json", ROWS_CSV);
            assertThat(r.body()).startsWith("{\"predictions\":[{\"predicted_label\":1,\"probabilities\":[");
            HttpResponse<String> csv = post(selectable, "text/csv", "text/csv", ROWS_CSV);
            assertThat(csv.body().lines().toList().get(0)).matches("1,\"\\[[0-9.e-]+, [0-9.e-]+\\]\"");
        } finally {
            selectable.stop(Duration.ofSeconds(5));
        }

        Path pickled = tmp.resolve("pickled");
        Files.createDirectories(pickled.resolve("model"));
        Fixtures.put(pickled.resolve("model"), "pickled/system.pkl", "xgboost-model");
        ServeMain.Running refused = start(pickled, Map.of());
        try {
            String body = awaitPing(refused, "pickle", 503);
            assertThat(body).contains("posix.system").contains("Nothing in it was run");
        } finally {
            refused.stop(Duration.ofSeconds(5));
        }
    }
}
