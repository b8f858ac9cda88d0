package dev.skiff.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.exec.InferenceService;
import dev.skiff.testmodel.GatedModel;
import dev.skiff.testmodel.RawHttp;
import dev.skiff.testmodel.TestServer;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /ping and /invocations while the model loads, after it fails to load (with SKIFF_KEEP_SERVING_ON_LOAD_FAILURE; see
 * FailFastIT for the default), when it is slow or saturated, and when every model thread is stuck.
 */
class ModelStatesIT {
    @TempDir
    Path tmp;

    @Test
    void pingIs503WhileLoadingThen200() throws Exception {
        Path gate = tmp.resolve("gate");
        try (TestServer server = TestServer.start(tmp, "features=3\ngate=" + gate + "\n", Map.of())) {
            given().get(server.url("/ping")).then().statusCode(503)
                    .body("error.code", equalTo("model_not_ready")).body("error.message", containsString("loading"));
            given().contentType("text/csv").body("1,2,3").post(server.url("/invocations"))
                    .then().statusCode(503).body("error.code", equalTo("model_not_ready"));
            Files.createFile(gate);
            server.awaitPing(200);
            given().contentType("text/csv").body("1,2,3").post(server.url("/invocations")).then().statusCode(200);
        }
    }

    @Test
    void failedLoadIs503WithTheReason() throws Exception {
        try (TestServer server = TestServer.start(tmp, "failLoad=weights file is truncated\n", Map.of())) {
            assertThat(server.awaitLoaded().state()).isEqualTo(InferenceService.State.FAILED);
            given().get(server.url("/ping")).then().statusCode(503)
                    .body("error.message", containsString("weights file is truncated"));
        }
    }

    @Test
    void noProviderForTheModelIs503NamingTheFolder() throws Exception {
        try (TestServer server = TestServer.start(tmp, "", Map.of("SKIFF_MODEL_PROVIDER", "xgboost"))) {
            assertThat(server.awaitLoaded().state()).isEqualTo(InferenceService.State.FAILED);
            given().get(server.url("/ping")).then().statusCode(503)
                    .body("error.message", containsString("SKIFF_MODEL_PROVIDER='xgboost'"));
        }
    }

    @Test
    void pingAnswersWithoutTheModelWhileEveryModelThreadIsBusy() throws Exception {
        try (TestServer server = TestServer.ready(tmp, "features=1\ndelayMs=20000\n", Map.of("SKIFF_WORKERS", "1"));
                Socket socket = new Socket("127.0.0.1", server.port())) {
            RawHttp.writeChunkedHead(socket.getOutputStream(), "/invocations", "text/csv");
            RawHttp.writeChunk(socket.getOutputStream(), "1\n".getBytes(StandardCharsets.US_ASCII), 2);
            RawHttp.writeLastChunk(socket.getOutputStream()); // the only model thread now sleeps 20 s on this row
            HttpResponse<String> ping = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(server.url("/ping"))).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()); // a ping that waited for the model would time out
            assertThat(ping.statusCode()).isEqualTo(200);
            assertThat(ping.body()).isEqualTo("{\"status\":\"ready\"}\n");
            assertThat(ping.headers().firstValue("Content-Type")).contains("application/json");
        }
    }

    @Test
    void slowPredictionIs504() throws Exception {
        try (TestServer server = TestServer.ready(tmp, "features=1\ndelayMs=3000\n",
                Map.of("SAGEMAKER_MODEL_SERVER_TIMEOUT", "1"))) {
            given().contentType("text/csv").body("1").post(server.url("/invocations"))
                    .then().statusCode(504).body("error.code", equalTo("prediction_timeout"));
        }
    }

    @Test
    void fullQueueIs503QueueFull() throws Exception {
        try (TestServer server = TestServer.ready(tmp, "features=1\ndelayMs=1500\n",
                Map.of("SKIFF_WORKERS", "1", "SKIFF_QUEUE_CAPACITY", "1", "SKIFF_BATCH_ROWS", "1",
                        "SKIFF_MAX_INFLIGHT_BATCHES", "4"))) {
            // one batch runs, one waits; the third and fourth rows of this request find the queue full
            given().contentType("text/csv").body("1\n2\n3\n4\n").post(server.url("/invocations"))
                    .then().statusCode(503).body("error.code", equalTo("queue_full"));
            // and the server recovers once the queue drains: a later request is answered in full
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status = 0;
            while (status != 200 && System.nanoTime() < deadline) {
                status = given().contentType("text/csv").body("5").post(server.url("/invocations")).statusCode();
            }
            assertThat(status).isEqualTo(200);
            server.awaitPing(200);
        }
    }

    @Test
    void pingIs503WhileEveryModelThreadIsStuckPastTheTimeoutAnd200AgainWhenOneReturns() throws Exception {
        GatedModel model = new GatedModel(false, context -> "");
        try (TestServer server = TestServer.serving(tmp, model, Map.of("SKIFF_WORKERS", "2",
                "SAGEMAKER_MODEL_SERVER_TIMEOUT", "1"))) {
            given().contentType("text/csv").body("1\n").post(server.url("/invocations")).then().statusCode(504);
            org.assertj.core.api.Assertions.assertThat(model.entered.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
            given().get(server.url("/ping")).then().statusCode(200); // one thread of two is stuck: still serving

            given().contentType("text/csv").body("2\n").post(server.url("/invocations")).then().statusCode(504);
            given().get(server.url("/ping")).then().statusCode(503).body("error.code", equalTo("model_stuck"))
                    .body("error.message", containsString("all 2 model threads are stuck"));

            model.gate.release(); // one prediction returns, late
            server.awaitPing(200);
            model.gate.release(Integer.MAX_VALUE / 2); // the other returns, and later predictions go through
            given().contentType("text/csv").body("3\n").post(server.url("/invocations")).then().statusCode(200);
        }
    }
}
