package dev.skiff.http;

import static dev.skiff.testmodel.TestServer.loadBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.skiff.testmodel.RawHttp;
import dev.skiff.testmodel.TestServer;
import io.restassured.response.Response;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * SageMaker's multi-model contract over real HTTP: load, list (paged), describe, invoke and unload, with the statuses
 * the contract names (409, 404) and everything {@code /invocations} does on {@code /models/{name}/invoke}. Memory
 * (507) is {@code MultiModelMemoryIT}'s, concurrency {@code MultiModelLoadIT}'s, bad loads {@code ModelLoadErrorsIT}'s.
 */
class MultiModelIT {
    private static final String TARGET = "X-Amzn-SageMaker-Target-Model";

    @TempDir
    Path tmp;
    @RegisterExtension
    final AccessLogCapture accessLog = new AccessLogCapture();

    static Response load(TestServer server, String name, String url) {
        return given().contentType("application/json").body(loadBody(name, url)).post(server.url("/models"));
    }

    @Test
    void loadsListsDescribesInvokesAndUnloads() throws Exception {
        try (TestServer server = TestServer.multiModel(tmp, Map.of())) {
            given().get(server.url("/ping")).then().statusCode(200); // healthy with no model
            String a = server.model("a", "features=3\nweight=1\n");
            load(server, "a", a).then().statusCode(200).contentType("application/json")
                    .body("modelName", equalTo("a")).body("modelUrl", equalTo(a)).body("provider", equalTo("sum"))
                    .body("state", equalTo("ready")).body("memory.fileBytes", equalTo(20)); // the model file's bytes
            load(server, "b", server.model("b", "features=3\nweight=10\n")).then().statusCode(200);

            given().get(server.url("/models")).then().statusCode(200)
                    .body("models.modelName", equalTo(List.of("a", "b")))
                    .body("models[0].modelUrl", equalTo(a)).body("nextPageToken", nullValue());
            given().get(server.url("/models/b")).then().statusCode(200).body("modelName", equalTo("b"))
                    .body("memory.heapBytes", greaterThan(0));

            invoke(server, "a", "1,2,3\n").then().statusCode(200).body(equalTo("6.0\n"));
            invoke(server, "b", "1,2,3\n").then().statusCode(200).body(equalTo("60.0\n"));
            given().contentType("text/csv").accept("application/json").body("1,2,3\n4,5,6\n")
                    .post(server.url("/models/b/invoke")).then().statusCode(200)
                    .body(equalTo("{\"predictions\":[60.0,150.0]}"));

            given().delete(server.url("/models/a")).then().statusCode(200).body("modelName", equalTo("a"))
                    .body("state", equalTo("unloaded"));
            given().get(server.url("/models/a")).then().statusCode(404).body("error.code", equalTo("model_not_loaded"))
                    .body("error.message", containsString("no model named 'a' is loaded"));
            invoke(server, "a", "1,2,3\n").then().statusCode(404).body("error.code", equalTo("model_not_loaded"));
            given().delete(server.url("/models/a")).then().statusCode(404)
                    .body("error.code", equalTo("model_not_loaded"));
            given().get(server.url("/models")).then().body("models.modelName", equalTo(List.of("b")));
            invoke(server, "b", "1,1,1\n").then().statusCode(200).body(equalTo("30.0\n"));

            load(server, "a", a).then().statusCode(200); // the same name again, once unloaded
            invoke(server, "a", "1,1,1\n").then().statusCode(200).body(equalTo("3.0\n"));
        }
    }

    @Test
    void aNameAlreadyLoadedIs409AndTheLoadedModelStays() throws Exception {
        try (TestServer server = TestServer.multiModel(tmp, Map.of())) {
            String a = server.model("a", "features=1\nweight=2\n");
            load(server, "a", a).then().statusCode(200);
            load(server, "a", server.model("other", "features=1\nweight=7\n")).then().statusCode(409)
                    .body("error.code", equalTo("model_already_loaded"))
                    .body("error.message", containsString("model 'a' is already loaded from " + a));
            invoke(server, "a", "1\n").then().statusCode(200).body(equalTo("2.0\n"));
        }
    }

    @Test
    void invokeAnswersAsInvocationsDoes() throws Exception {
        try (TestServer server = TestServer.multiModel(tmp, Map.of("SKIFF_BATCH_ROWS", "2",
                "SKIFF_MAX_PAYLOAD_MB", "1"))) {
            load(server, "m", server.model("m", "features=2\nweight=1\n")).then().statusCode(200);
            String url = server.url("/models/m/invoke");
            given().contentType("application/jsonlines")
                    .body("[1,2]\n{\"features\":[3,4]}\n".getBytes(StandardCharsets.UTF_8)).post(url)
                    .then().statusCode(200).contentType("application/jsonlines").body(equalTo("3.0\n7.0\n"));
            given().contentType("text/plain").body("1,2").post(url).then().statusCode(415)
                    .body("error.code", equalTo("unsupported_content_type"));
            given().contentType("text/csv").accept("image/png").body("1,2").post(url).then().statusCode(406)
                    .body("error.code", equalTo("unsupported_accept"));
            given().contentType("text/csv").body("1,2\n1,2,3\n").post(url).then().statusCode(400)
                    .body("error.code", equalTo("wrong_feature_count")).body("error.message", containsString("row 2"));
            given().contentType("text/csv").body("").post(url).then().statusCode(204);
            given().get(url).then().statusCode(405).body("error.code", equalTo("method_not_allowed"));

            try (Socket socket = new Socket("127.0.0.1", server.port())) { // over the limit: refused from the head
                socket.getOutputStream().write(("POST /models/m/invoke HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv"
                        + "\r\nContent-Length: 2097152\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                RawHttp.Head head = RawHttp.readHead(socket.getInputStream());
                assertThat(head.status()).isEqualTo(413);
                assertThat(new String(socket.getInputStream().readNBytes(Integer.parseInt(
                        head.headers().get("content-length"))), StandardCharsets.UTF_8)).contains("payload_too_large");
            }
            try (Socket socket = new Socket("127.0.0.1", server.port())) { // a streamed body, a chunked answer
                RawHttp.writeChunkedHead(socket.getOutputStream(), "/models/m/invoke", "text/csv");
                for (int i = 1; i <= 5; i++) {
                    byte[] row = (i + "," + i + "\n").getBytes(StandardCharsets.US_ASCII);
                    RawHttp.writeChunk(socket.getOutputStream(), row, row.length);
                }
                RawHttp.writeLastChunk(socket.getOutputStream());
                InputStream in = socket.getInputStream();
                RawHttp.Head head = RawHttp.readHead(in);
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.chunked()).isTrue();
                assertThat(new String(RawHttp.chunkedBody(in).readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("2.0\n4.0\n6.0\n8.0\n10.0\n");
            }
        }
    }

    @Test
    void invocationsNeedsATargetModelAndRoutesByIt() throws Exception {
        try (TestServer server = TestServer.multiModel(tmp, Map.of())) {
            load(server, "b", server.model("b", "features=1\nweight=10\n")).then().statusCode(200);
            given().contentType("text/csv").body("1\n").post(server.url("/invocations")).then().statusCode(400)
                    .body("error.code", equalTo("model_required"))
                    .body("error.message", containsString("POST /models/{name}/invoke"));
            given().contentType("text/csv").header(TARGET, "b").body("2\n").post(server.url("/invocations"))
                    .then().statusCode(200).body(equalTo("20.0\n"));
            given().contentType("text/csv").header(TARGET, "b").body("3\n")
                    .post(server.url("/invocations-response-stream")).then().statusCode(200)
                    .header("Transfer-Encoding", "chunked").body(equalTo("30.0\n"));
            given().contentType("text/csv").header(TARGET, "models/b.tar.gz").body("1\n")
                    .post(server.url("/invocations")).then().statusCode(404)
                    .body("error.code", equalTo("model_not_loaded"));
        }
    }

    @Test
    void listingPagesByNameWithTokensThatSurviveChanges() throws Exception {
        try (TestServer server = TestServer.multiModel(tmp, Map.of())) {
            for (String name : List.of("m3", "m1", "m5", "m2", "m4")) {
                load(server, name, server.model(name, "features=1\n")).then().statusCode(200);
            }
            Response first = given().queryParam("limit", 2).get(server.url("/models"));
            first.then().statusCode(200).body("models.modelName", equalTo(List.of("m1", "m2")))
                    .body("nextPageToken", equalTo("m2"));
            given().delete(server.url("/models/m1")).then().statusCode(200); // before the token: changes nothing
            Response second = given().queryParam("limit", 2).queryParam("next_page_token", "m2")
                    .get(server.url("/models"));
            second.then().body("models.modelName", equalTo(List.of("m3", "m4"))).body("nextPageToken", equalTo("m4"));
            given().queryParam("limit", 2).queryParam("next_page_token", "m4").get(server.url("/models"))
                    .then().body("models.modelName", equalTo(List.of("m5"))).body("nextPageToken", nullValue());
            given().get(server.url("/models")).then().body("models", hasSize(4));

            given().queryParam("limit", 0).get(server.url("/models")).then().statusCode(400)
                    .body("error.message", containsString("limit '0' is not a number from 1 to 1000"));
            given().queryParam("limit", "x").get(server.url("/models")).then().statusCode(400);
            given().queryParam("next_page_token", "../m2").get(server.url("/models")).then().statusCode(400)
                    .body("error.message", containsString("next_page_token"));
        }
    }

    @Test
    void wrongMethodsAndPathsAreClearErrors() throws Exception {
        try (TestServer server = TestServer.multiModel(tmp, Map.of())) {
            given().put(server.url("/models")).then().statusCode(405)
                    .body("error.message", containsString("GET, POST"));
            given().post(server.url("/models/a")).then().statusCode(405)
                    .body("error.message", containsString("GET, DELETE"));
            given().get(server.url("/models/a/b")).then().statusCode(404).body("error.code", equalTo("not_found"));
            given().get(server.url("/models/..")).then().statusCode(400)
                    .body("error.code", equalTo("invalid_model_name"));
            given().contentType("text/csv").body("1").post(server.url("/models/a%2Fb/invoke")).then().statusCode(400)
                    .body("error.code", equalTo("invalid_model_name"));
            given().contentType("text/csv").body("1").post(server.url("/models/nothing/invoke")).then().statusCode(404)
                    .body("error.code", equalTo("model_not_loaded"));
        }
    }

    @Test
    void theModelRoutesNeedAnApiKeyWhenKeysAreRequired() throws Exception {
        Path keys = tmp.resolve("keys.txt");
        TestServer.write(keys, "k-123\n");
        try (TestServer server = TestServer.multiModel(tmp, Map.of("SKIFF_API_KEYS_FILE", keys.toString()))) {
            String a = server.model("a", "features=1\n");
            load(server, "a", a).then().statusCode(401).body("error.code", equalTo("unauthorized"));
            given().get(server.url("/models")).then().statusCode(401);
            given().header("X-Api-Key", "k-123").contentType("application/json").body(loadBody("a", a))
                    .post(server.url("/models")).then().statusCode(200);
            given().contentType("text/csv").body("1\n").post(server.url("/models/a/invoke")).then().statusCode(401);
            given().header("X-Api-Key", "k-123").contentType("text/csv").body("1\n")
                    .post(server.url("/models/a/invoke")).then().statusCode(200);
            given().get(server.url("/ping")).then().statusCode(200);
        }
    }

    @Test
    void singleModelModeHasNoModelRoutes() throws Exception {
        try (TestServer server = TestServer.ready(tmp, "features=1\n", Map.of())) {
            given().get(server.url("/models")).then().statusCode(404)
                    .body("error.message", containsString("SAGEMAKER_MULTI_MODEL=true"));
            given().contentType("text/csv").header(TARGET, "anything").body("4\n").post(server.url("/invocations"))
                    .then().statusCode(200).body(equalTo("4.0\n"));
        }
    }

    @Test
    void everyRouteWithABodyAnswersExpectContinue() throws Exception {
        try (TestServer server = TestServer.multiModel(tmp, Map.of())) {
            String url = server.model("a", "features=1\n");
            byte[] load = loadBody("a", url).getBytes(StandardCharsets.UTF_8);
            assertThat(afterContinue(server, "/models", "application/json", load)).contains("\"modelName\":\"a\"");
            assertThat(afterContinue(server, "/models/a/invoke", "text/csv", "2\n".getBytes(StandardCharsets.US_ASCII)))
                    .isEqualTo("2.0\n");
        }
    }

    /**
     * Sends the head with {@code Expect: 100-continue} and no body, requires {@code 100 Continue} (a server that
     * waits for the body instead fails on the socket's timeout), then sends the body and returns the 200 answer's.
     */
    private static String afterContinue(TestServer server, String path, String contentType, byte[] body)
            throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + contentType
                    + "\r\nContent-Length: " + body.length + "\r\nExpect: 100-continue\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            assertThat(RawHttp.readHead(in).status()).isEqualTo(100);
            socket.getOutputStream().write(body);
            RawHttp.Head head = RawHttp.readHead(in);
            assertThat(head.status()).isEqualTo(200);
            return new String(in.readNBytes(Integer.parseInt(head.headers().get("content-length"))),
                    StandardCharsets.UTF_8);
        }
    }

    @Test
    void metricsAndTheAccessLogNameTheModel() throws Exception {
        try (TestServer server = TestServer.multiModel(tmp, Map.of())) {
            load(server, "a", server.model("a", "features=1\n")).then().statusCode(200);
            load(server, "b", server.model("b", "features=1\n")).then().statusCode(200);
            invoke(server, "a", "1\n2\n").then().statusCode(200);
            given().contentType("text/csv").header(TARGET, "b").header("X-Request-Id", "via-header").body("1\n")
                    .post(server.url("/invocations")).then().statusCode(200);
            String metrics = given().get(server.url("/metrics")).then().statusCode(200).extract().asString();
            assertThat(metrics).contains(
                    "skiff_requests_seconds_count{model=\"a\",route=\"/models/{name}/invoke\",status=\"200\"} 1",
                    "skiff_requests_seconds_count{model=\"b\",route=\"/invocations\",status=\"200\"} 1",
                    "skiff_requests_seconds_count{model=\"\",route=\"/models\",status=\"200\"} 2",
                    "skiff_rows_total{model=\"a\"} 2.0", "skiff_models_loaded 2.0",
                    "skiff_models_memory_used_bytes{account=\"heap\"}");
            assertThat(accessLog.lines())
                    .anyMatch(l -> l.contains("POST /models/a/invoke 200") && l.endsWith(" model=a"))
                    .anyMatch(l -> l.startsWith("via-header POST /invocations 200") && l.endsWith(" model=b"));

            given().delete(server.url("/models/a")).then().statusCode(200);
            String after = given().get(server.url("/metrics")).then().extract().asString();
            assertThat(after).doesNotContain("model=\"a\"").contains("skiff_models_loaded 1.0");
        }
    }

    static Response invoke(TestServer server, String model, String csv) {
        return given().contentType("text/csv").body(csv).post(server.url("/models/" + model + "/invoke"));
    }
}
