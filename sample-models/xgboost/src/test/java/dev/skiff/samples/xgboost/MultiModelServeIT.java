package dev.skiff.samples.xgboost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testmodel.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XGBoost models behind a multi-model endpoint, over real HTTP: several loaded side by side each answer Python's
 * predictions (1e-6) for their own rows, a pickle that is not a Booster is a 400 naming what it refers to (and nothing
 * in it is run), and the footprint of a model served by the JVM evaluator is its trees, on the heap.
 */
class MultiModelServeIT {
    @TempDir
    Path tmp;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(TestServer server, String path, String contentType, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url(path))).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Puts a fixture file as {@code models/<name>/model/xgboost-model}; answers the url to load it from. */
    private static String model(TestServer server, String name, String fixture) throws Exception {
        Path dir = Files.createDirectories(server.root().resolve("models").resolve(name).resolve("model"));
        Fixtures.put(dir, fixture, "xgboost-model");
        return dir.toString();
    }

    private HttpResponse<String> load(TestServer server, String name, String url) throws Exception {
        return post(server, "/models", "application/json", TestServer.loadBody(name, url));
    }

    @Test
    void modelsSideBySideEachAnswerPythonsPredictions() throws Exception {
        try (TestServer server = TestServer.multiModel(tmp, Map.of())) {
            Map<String, String> models = Map.of("binary", "binary/xgboost-model", "regression",
                    "regression/xgboost-model", "multiclass", "multiclass/xgboost-model", "pickled",
                    "pickled/protocol-3.pkl");
            for (Map.Entry<String, String> m : models.entrySet()) {
                HttpResponse<String> loaded = load(server, m.getKey(), model(server, m.getKey(), m.getValue()));
                assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(200);
                assertThat(loaded.body()).contains("\"provider\":\"xgboost\"");
            }
            for (String name : models.keySet()) {
                String rows = Fixtures.text((name.equals("pickled") ? "binary" : name) + "/rows.csv");
                HttpResponse<String> answer = post(server, "/models/" + name + "/invoke", "text/csv", rows);
                assertThat(answer.statusCode()).as(name).isEqualTo(200);
                float[][] expected = Fixtures.expected(name);
                String[] lines = answer.body().split("\n");
                assertThat(lines).as(name).hasSize(expected.length);
                for (int r = 0; r < lines.length; r++) {
                    String[] cells = lines[r].split(",");
                    assertThat(cells).as("%s row %d", name, r + 1).hasSize(expected[r].length);
                    for (int c = 0; c < cells.length; c++) {
                        assertThat(Float.parseFloat(cells[c])).as("%s row %d", name, r + 1)
                                .isCloseTo(expected[r][c], org.assertj.core.data.Offset.offset(1e-6f));
                    }
                }
            }
        }
    }

    @Test
    void aPickleThatIsNotABoosterIsA400AndTheServerLoadsTheNext() throws Exception {
        try (TestServer server = TestServer.multiModel(tmp, Map.of())) {
            HttpResponse<String> refused = load(server, "bad", model(server, "bad", "pickled/system.pkl"));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("\"code\":\"model_load_failed\"")
                    .contains("a Python pickle Skiff will not serve").contains("posix.system");
            HttpResponse<String> good = load(server, "good", model(server, "good", "binary/xgboost-model"));
            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(good.body()).contains("\"heapBytes\":").doesNotContain("\"heapBytes\":0,");
        }
    }
}
