package dev.skiff.samples.xgboost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.skiff.ServeMain;
import dev.skiff.config.SkiffConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MLflow-format XGBoost models over real HTTP: the Python-made fixtures' rows in every MLflow request shape and in CSV
 * are answered with what MLflow's pyfunc predicts for them (a Booster's probabilities to 1e-6, a classifier's labels
 * exactly), the serving input example works as it is, a wrong type is a 400 naming row and field, and a refused
 * model says why on /ping.
 */
class MlflowServeIT {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(?:\\.[0-9]+)?(?:E-?[0-9]+)?");

    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aBoosterAnswersAsPyfuncInEveryRequestShape() throws Exception {
        try (Served s = serve("booster", null)) {
            float[] expected = expected("booster");
            List<String> csv = Fixtures.text("mlflow/booster/rows.csv").lines().toList();
            Map<String, String> bodies = new HashMap<>();
            bodies.put("text/csv", Fixtures.text("mlflow/booster/rows.csv"));
            bodies.put("application/json", Fixtures.text("mlflow/booster/rows-records.json"));
            String split = "{\"dataframe_split\": {\"columns\": [\"income\", \"debt\", \"age\", \"years_employed\", "
                    + "\"owns_home\"], \"data\": [" + String.join(",", csv.stream().map(l -> "[" + jsonCells(l) + "]")
                    .toList()) + "]}}";
            for (Map.Entry<String, String> body : Map.of("csv", bodies.get("text/csv"), "records",
                    bodies.get("application/json"), "split", split,
                    "instances", split.replace("{\"dataframe_split\": {\"columns\"", "{\"x\": {\"columns\"")
                            .replaceAll("^.*\"data\": (\\[.*\\])}}$", "{\"instances\": $1}")).entrySet()) {
                String type = body.getKey().equals("csv") ? "text/csv" : "application/json";
                HttpResponse<String> r = s.post(type, "application/json", body.getValue());
                assertThat(r.statusCode()).as(body.getKey() + ": " + r.body()).isEqualTo(200);
                float[] got = numbers(r.body());
                assertThat(got).as(body.getKey()).hasSize(expected.length);
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).as(body.getKey() + " row " + (i + 1)).isCloseTo(expected[i], within(1e-6f));
                }
            }
        }
    }

    @Test
    void theServingInputExampleIsAnsweredAsItIs() throws Exception {
        for (String model : List.of("booster", "classifier")) {
            try (Served s = serve(model, null)) {
                HttpResponse<String> r = s.post("application/json", null,
                        Fixtures.text("mlflow/" + model + "/serving_input_example.json"));
                assertThat(r.statusCode()).as(model + ": " + r.body()).isEqualTo(200);
                assertThat(r.body()).as(model).startsWith("{\"predictions\":[");
            }
        }
    }

    @Test
    void aClassifierAnswersLabelsWithItsBestIteration() throws Exception {
        try (Served s = serve("classifier", null)) {
            String rows = Fixtures.text("mlflow/classifier/rows.csv");
            String inputs = "{\"inputs\": [" + String.join(",", rows.lines().map(l -> "[" + l + "]").toList()) + "]}";
            HttpResponse<String> r = s.post("application/json", "application/json", inputs);
            assertThat(r.statusCode()).isEqualTo(200);
            List<String> labels = Fixtures.text("mlflow/classifier/expected.csv").lines().toList();
            assertThat(r.body()).isEqualTo("{\"predictions\":[" + String.join(",", labels) + "]}");
            assertThat(s.post("text/csv", "text/csv", rows).body()).isEqualTo(String.join("\n", labels) + "\n");
        }
    }

    @Test
    void aWrongTypeIs400NamingRowAndField() throws Exception {
        try (Served s = serve("booster", null)) {
            HttpResponse<String> r = s.post("application/json", null, "{\"dataframe_records\": ["
                    + "{\"income\": 1, \"debt\": 2, \"age\": 30, \"years_employed\": 3, \"owns_home\": true},"
                    + "{\"income\": 1, \"debt\": 2, \"age\": 30.5, \"years_employed\": 3, \"owns_home\": false}]}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("\"code\":\"wrong_type\"").contains("row 2, column age: 30.5 is not a whole");
            r = s.post("text/csv", null, "1,2,30,3,True\n1,2,30,3,1\n");
            assertThat(r.body()).contains("\"code\":\"wrong_type\"").contains("row 2, column owns_home");
            r = s.post("application/json", null, "{\"dataframe_records\": [{\"income\": 1, \"debt\": 2}]}");
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("\"code\":\"missing_feature\"").contains("row 1, column age");
        }
    }

    @Test
    void aRefusedModelSaysWhyOnPing() throws Exception {
        try (Served s = serve("booster", mlmodel -> mlmodel.replace("\"name\": \"owns_home\"", "\"name\": \"age\""))) {
            HttpResponse<String> ping = s.get("/ping");
            assertThat(ping.statusCode()).isEqualTo(503);
            assertThat(ping.body()).contains("two of its columns have the same name");
        }
    }

    private static String jsonCells(String csvLine) {
        List<String> cells = new ArrayList<>();
        for (String c : csvLine.split(",", -1)) {
            cells.add(c.isEmpty() ? "null" : c.equals("True") || c.equals("False") ? c.toLowerCase() : c);
        }
        return String.join(",", cells);
    }

    private static float[] expected(String model) {
        return toFloats(Fixtures.text("mlflow/" + model + "/expected.csv"));
    }

    private static float[] numbers(String json) {
        return toFloats(json.substring(json.indexOf('[')));
    }

    private static float[] toFloats(String text) {
        Matcher m = NUMBER.matcher(text);
        List<Float> out = new ArrayList<>();
        while (m.find()) {
            out.add(Float.parseFloat(m.group()));
        }
        float[] f = new float[out.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = out.get(i);
        }
        return f;
    }

    /** Serves fixture {@code model} (its MLmodel rewritten by {@code edit}, if given); waits for /ping to settle. */
    private Served serve(String model, java.util.function.UnaryOperator<String> edit) throws Exception {
        Path ml = Files.createTempDirectory(tmp, model);
        Path dir = Files.createDirectories(ml.resolve("model"));
        for (String f : List.of("MLmodel", "input_example.json", "serving_input_example.json",
                model.equals("booster") ? "model.xgb" : "model.json")) {
            Fixtures.put(dir, "mlflow/" + model + "/" + f, f);
        }
        if (edit != null) {
            Files.writeString(dir.resolve("MLmodel"), edit.apply(Files.readString(dir.resolve("MLmodel"))));
        }
        Map<String, String> env = new HashMap<>(Map.of("SKIFF_PORT", "0", "SKIFF_ML_ROOT", ml.toString(),
                "SKIFF_PLUGINS_DIR", tmp.resolve("no-plugins").toString(), "SKIFF_WORKERS", "2",
                "SKIFF_IO_THREADS", "1", "SKIFF_BATCH_ROWS", "7"));
        Served s = new Served(ServeMain.start(SkiffConfig.fromEnvironment(env), env));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (s.get("/ping").body().contains("loading")) {
            assertThat(System.nanoTime()).as("model loaded within 60 s").isLessThan(deadline);
            Thread.sleep(20);
        }
        return s;
    }

    private final class Served implements AutoCloseable {
        private final ServeMain.Running running;

        Served(ServeMain.Running running) {
            this.running = running;
        }

        HttpResponse<String> post(String contentType, String accept, String body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri("/invocations")).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (accept != null) {
                b.header("Accept", accept);
            }
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
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
