package dev.skiff.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.skiff.codec.recordio.AialgsData.Float32Tensor;
import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.codec.recordio.AialgsData.Value;
import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.codec.recordio.Tensor;
import dev.skiff.testmodel.TestServer;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serving contract over real HTTP: routes, formats, content negotiation, request ids. */
class InvocationIT {
    @TempDir
    static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.ready(tmp, "features=3\nweight=2\n", Map.of("SKIFF_BATCH_ROWS", "2"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<Float> csvScores(String body) {
        assertThat(body).endsWith("\n");
        return Arrays.stream(body.split("\n")).map(Float::parseFloat).toList();
    }

    @Test
    void csvRowsAreAnsweredOneLinePerRowInOrder() {
        // 5 rows with batches of 2: three batches, reassembled in input order
        String body = given().contentType("text/csv").body("1,2,3\n4,5,6\r\n0,0,1\n-1,1,0\n10,0,0")
                .post(server.url("/invocations"))
                .then().statusCode(200).contentType("text/csv").header("Transfer-Encoding", "chunked")
                .extract().asString();
        assertThat(csvScores(body)).containsExactly(12f, 30f, 2f, 0f, 20f);
    }

    @Test
    void aSingleBatchIsAnsweredWithAContentLength() {
        given().contentType("text/csv").body("1,2,3\n")
                .post(server.url("/invocations"))
                .then().statusCode(200).header("Content-Length", "5").body(equalTo("12.0\n"));
    }

    @Test
    void quotedCsvAndMissingValuesAreAccepted() {
        String body = given().contentType("text/csv; charset=utf-8").body("\"1\",,3\n")
                .post(server.url("/invocations")).then().statusCode(200).extract().asString();
        assertThat(csvScores(body)).containsExactly(8f);
    }

    @Test
    void jsonInstancesAnswerJsonPredictions() {
        given().contentType("application/json").body("{\"instances\": [[1, 2, 3], [1e-3, -0, 1.0]]}")
                .post(server.url("/invocations"))
                .then().statusCode(200).contentType("application/json")
                .body("predictions[0]", equalTo(12.0f))
                .body("predictions[1]", equalTo(2.002f));
    }

    @Test
    void batchTransformAnswersJsonOneValuePerLineForAnyModel() throws Exception {
        try (TestServer batch = TestServer.ready(tmp.resolve("batch"), "features=3\nweight=2\n",
                Map.of("SKIFF_BATCH_ROWS", "2", "SAGEMAKER_BATCH", "true"))) {
            String body = given().contentType("text/csv").accept("application/json").body("1,2,3\n4,5,6\n0,0,1\n")
                    .post(batch.url("/invocations"))
                    .then().statusCode(200).contentType("application/json").extract().asString();
            assertThat(body).isEqualTo("12.0\n30.0\n2.0\n");
        }
    }

    @Test
    void recordIoRowsAnswerOneRecordPerRow() {
        byte[] body = recordIo(new float[] {1, 2, 3}, new float[] {4, 5, 6});
        byte[] answer = given().contentType("application/x-recordio-protobuf")
                .accept("application/x-recordio-protobuf").body(body).post(server.url("/invocations"))
                .then().statusCode(200).contentType("application/x-recordio-protobuf").extract().asByteArray();
        List<Float> scores = new ArrayList<>();
        new RecordIoFrames(1024, (index, payload) -> scores.add((float) Tensor.of(index, "score",
                Tensor.record(index, payload).getLabelOrThrow("score")).value(0))).feed(ByteBuffer.wrap(answer));
        assertThat(scores).containsExactly(12f, 30f);
    }

    /** Dense Float32 records, framed as the SageMaker SDK frames them. */
    private static byte[] recordIo(float[]... rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (float[] row : rows) {
            Float32Tensor.Builder t = Float32Tensor.newBuilder();
            for (float v : row) {
                t.addValues(v);
            }
            out.writeBytes(RecordIoFrames.frame(Record.newBuilder()
                    .putFeatures("values", Value.newBuilder().setFloat32Tensor(t).build()).build().toByteArray()));
        }
        return out.toByteArray();
    }

    @Test
    void jsonLinesAnswerOneLinePerRow() {
        String body = given().contentType("application/jsonlines")
                .body("[1,2,3]\n[3,3,3]\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post(server.url("/invocations"))
                .then().statusCode(200).contentType("application/jsonlines").extract().asString();
        assertThat(body.split("\n")).extracting(Float::parseFloat).containsExactly(12f, 18f);
    }

    @Test
    void acceptChoosesTheResponseFormat() {
        given().contentType("text/csv").accept("application/json;verbose=True").body("1,1,1\n")
                .post(server.url("/invocations"))
                .then().statusCode(200).contentType("application/json").body("predictions[0]", equalTo(6.0f));
        String sameAsRequest = given().contentType("application/json").accept("*/*").body("[[1,1,1]]")
                .post(server.url("/invocations")).then().statusCode(200).contentType("application/json")
                .extract().asString();
        assertThat(sameAsRequest).isEqualTo("{\"predictions\":[6.0]}");
    }

    @Test
    void emptyBodyIs204WithoutBody() {
        Response r = given().contentType("text/csv").body("").post(server.url("/invocations"));
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.asByteArray()).isEmpty();
    }

    @Test
    void requestIdsAreEchoed() {
        given().contentType("text/csv").header("X-Amzn-SageMaker-Inference-Id", "sm-123").body("1,1,1")
                .post(server.url("/invocations"))
                .then().statusCode(200)
                .header("X-Amzn-SageMaker-Inference-Id", "sm-123").header("X-Request-Id", "sm-123");
        given().header("X-Request-Id", "mine").get(server.url("/ping")).then().header("X-Request-Id", "mine");
        String generated = given().get(server.url("/ping")).header("X-Request-Id");
        assertThat(generated).hasSizeGreaterThan(8);
    }

    @Test
    void executionParametersDescribeBatchTransform() {
        given().get(server.url("/execution-parameters"))
                .then().statusCode(200).contentType("application/json")
                .body("MaxConcurrentTransforms", equalTo(2))
                .body("BatchStrategy", equalTo("MULTI_RECORD"))
                .body("MaxPayloadInMB", equalTo(6));
    }

    @Test
    void metricsArePrometheusText() {
        given().contentType("text/csv").body("1,1,1").post(server.url("/invocations")).then().statusCode(200);
        String text = given().get(server.url("/metrics")).then().statusCode(200).extract().asString();
        assertThat(text).contains("skiff_requests_seconds_count{route=\"/invocations\",status=\"200\"}")
                .contains("skiff_rows_total");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405WithJsonBodies() {
        given().get(server.url("/nope")).then().statusCode(404).contentType("application/json")
                .body("error.code", equalTo("not_found"));
        given().get(server.url("/invocations")).then().statusCode(405)
                .body("error.code", equalTo("method_not_allowed"));
        given().post(server.url("/ping")).then().statusCode(405)
                .body("error.keySet()", hasItems("code", "message", "request_id"));
    }
}
