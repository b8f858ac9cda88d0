package dev.skiff.capture;

import static dev.skiff.testmodel.TestServer.loadBody;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testmodel.TestServer;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request capture behind a multi-model endpoint: each record is under the name of the model that answered it. */
class MultiModelCaptureIT {
    @TempDir
    Path tmp;

    @Test
    void eachModelsRequestsAreCapturedUnderItsName() throws Exception {
        Path dir = tmp.resolve("capture");
        try (TestServer server = TestServer.multiModel(tmp, Map.of("SKIFF_CAPTURE", "jsonl:" + dir))) {
            for (String name : new String[] {"a", "b"}) {
                given().contentType("application/json").body(loadBody(name, server.model(name, "features=1\nweight="
                        + (name.equals("a") ? 1 : 10) + "\n"))).post(server.url("/models")).then().statusCode(200);
                given().header("X-Request-Id", "to-" + name).contentType("text/csv").body("2\n")
                        .post(server.url("/models/" + name + "/invoke")).then().statusCode(200);
            }
            given().header("X-Request-Id", "header-b").header("X-Amzn-SageMaker-Target-Model", "b")
                    .contentType("text/csv").body("3\n").post(server.url("/invocations")).then().statusCode(200);
            JsonPath a = JsonlCaptureIT.record(dir, "to-a");
            assertThat(a.getString("model")).isEqualTo("a");
            assertThat(a.getList("predictions", Float.class)).containsExactly(2f);
            assertThat(JsonlCaptureIT.record(dir, "to-b").getString("model")).isEqualTo("b");
            JsonPath viaHeader = JsonlCaptureIT.record(dir, "header-b");
            assertThat(viaHeader.getString("model")).isEqualTo("b");
            assertThat(viaHeader.getList("predictions", Float.class)).containsExactly(30f);
        }
    }
}
