package dev.skiff.capture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testmodel.TestServer;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SKIFF_CAPTURE=jsonl:DIR over real HTTP: what a record holds for a success, an error, and a large body. */
class JsonlCaptureIT {
    @TempDir
    static Path tmp;
    static TestServer server;
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        dir = tmp.resolve("capture");
        server = TestServer.ready(tmp, "features=3\nweight=1\n", Map.of("SKIFF_CAPTURE", "jsonl:" + dir,
                "SKIFF_CAPTURE_MAX_ROWS", "3", "SKIFF_BATCH_ROWS", "2"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void post(String id, String contentType, String body, int status) {
        given().header("X-Request-Id", id).contentType(contentType).accept("application/json").body(body)
                .post(server.url("/invocations")).then().statusCode(status);
    }

    /** Polls the files (at most 20 s) until a record with this request id is there. */
    static JsonPath record(Path dir, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines(dir)) {
                JsonPath json = JsonPath.from(line);
                if (id.equals(json.getString("request_id"))) {
                    return json;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no captured record for " + id + " in " + dir);
    }

    static List<String> lines(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                Files.readAllLines(f).stream().filter(l -> l.endsWith("}")).forEach(lines::add);
            }
        }
        return lines;
    }

    @Test
    void aSuccessIsCapturedWithInputAndPredictions() throws Exception {
        post("ok-1", "text/csv", "1,2,3\n4,,6\n", 200);
        JsonPath r = record(dir, "ok-1");
        assertThat(r.getString("model")).isEqualTo("sum");
        assertThat(r.getString("content_type")).startsWith("text/csv");
        assertThat(r.getString("accept")).isEqualTo("application/json");
        assertThat(r.getInt("status")).isEqualTo(200);
        assertThat(r.getInt("rows")).isEqualTo(2);
        assertThat(r.getList("input")).isEqualTo(List.of(List.of(1.0f, 2.0f, 3.0f), java.util.Arrays.asList(4.0f, null,
                6.0f)));
        assertThat(r.getList("predictions", Float.class)).containsExactly(6.0f, 10.0f);
        assertThat(r.getString("time")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(r.getMap("error")).isNull();
    }

    @Test
    void anErrorIsCapturedWithItsCodeAndMessage() throws Exception {
        post("err-1", "text/csv", "1,2,3\n1,2\n", 400);
        JsonPath r = record(dir, "err-1");
        assertThat(r.getInt("status")).isEqualTo(400);
        assertThat(r.getString("error.code")).isEqualTo("wrong_feature_count");
        assertThat(r.getString("error.message")).contains("row 2");
        assertThat(r.getList("predictions")).isNull();
    }

    @Test
    void aLargeBodyIsCapturedUpToTheRowLimit() throws Exception {
        post("big-1", "text/csv", "1,0,0\n2,0,0\n3,0,0\n4,0,0\n5,0,0\n", 200);
        JsonPath r = record(dir, "big-1");
        assertThat(r.getInt("rows")).isEqualTo(5);
        assertThat(r.getInt("captured_rows")).isEqualTo(3);
        assertThat(r.getList("input")).hasSize(3);
        assertThat(r.getList("predictions", Float.class)).containsExactly(1.0f, 2.0f, 3.0f);
    }

    @Test
    void metricsCountWrittenRecords() throws Exception {
        post("metrics-1", "text/csv", "1,2,3\n", 200);
        record(dir, "metrics-1");
        String metrics = given().get(server.url("/metrics")).then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("skiff_capture_records_total\\{outcome=\"written\"} [1-9]")
                .contains("skiff_capture_records_total{outcome=\"dropped\"} 0.0");
    }
}
