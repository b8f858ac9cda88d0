package dev.skiff.http;

import static dev.skiff.http.MultiModelIT.load;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import dev.skiff.testmodel.ChildServer;
import dev.skiff.testmodel.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory budget over real HTTP: a model that does not fit is a 507 and is not loaded (before loading when its
 * files alone do not fit, after measuring it otherwise), and unloading another gives its memory back at once, so
 * SageMaker's answer to a 507 (unload, retry) loads it.
 */
class MultiModelMemoryIT {
    private static final int MB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aModelWhoseHeapDoesNotFitIs507UntilAnotherIsUnloaded() throws Exception {
        try (TestServer server = TestServer.multiModel(tmp, Map.of("SKIFF_MODEL_HEAP_MB", "8"))) {
            String big1 = server.model("big1", "features=1\nheapBytes=" + 5 * MB + "\n");
            String big2 = server.model("big2", "features=1\nweight=2\nheapBytes=" + 5 * MB + "\n");
            load(server, "big1", big1).then().statusCode(200).body("memory.heapBytes", greaterThanOrEqualTo(5 * MB));
            load(server, "big2", big2).then().statusCode(507).body("error.code", equalTo("insufficient_memory"))
                    .body("error.message", containsString("model 'big2' does not fit: it holds 5.0 MB of heap"))
                    .body("error.message", containsString("of the 8.0 MB model heap budget (SKIFF_MODEL_HEAP_MB)"));
            given().get(server.url("/models")).then().body("models.modelName", equalTo(List.of("big1")));
            given().get(server.url("/metrics")).then()
                    .body(containsString("skiff_models_memory_budget_bytes{account=\"heap\"} 8388608"));

            given().delete(server.url("/models/big1")).then().statusCode(200);
            load(server, "big2", big2).then().statusCode(200);
            given().contentType("text/csv").body("3\n").post(server.url("/models/big2/invoke")).then()
                    .statusCode(200).body(equalTo("6.0\n"));
        }
    }

    @Test
    void filesLargerThanTheFreeHeapAre507BeforeAnythingIsLoaded() throws Exception {
        try (TestServer server = TestServer.multiModel(tmp, Map.of("SKIFF_MODEL_HEAP_MB", "1"))) {
            // were the provider called, this model would fail to load (400), not be refused for its size
            String huge = server.model("huge", "failLoad=the provider ran\n");
            Files.write(Path.of(huge).resolve("weights.bin"), new byte[2 * MB]);
            load(server, "huge", huge).then().statusCode(507).body("error.code", equalTo("insufficient_memory"))
                    .body("error.message", containsString("its files take 2.0 MB and loading reads them"));
        }
    }

    @Test
    void aModelWhoseNativeMemoryDoesNotFitIs507() throws Exception {
        Path ml = tmp.resolve("ml");
        for (String name : List.of("n1", "n2")) {
            TestServer.write(ml.resolve("models/" + name + "/model/sum-model"), "features=1\nnativeBytes=" + 24 * MB);
        }
        // a process of its own, so that no other test's threads move its resident memory
        try (ChildServer child = ChildServer.start(tmp, List.of("-Xmx128m"), Map.of("SAGEMAKER_MULTI_MODEL", "true",
                "SKIFF_ML_ROOT", ml.toString(), "SKIFF_PLUGINS_DIR", tmp.resolve("plugins").toString(),
                "SKIFF_MODEL_NATIVE_MB", "40"))) {
            String base = "http://127.0.0.1:" + child.port();
            String n1 = ml.resolve("models/n1/model").toString();
            given().contentType("application/json").body(TestServer.loadBody("n1", n1)).post(base + "/models")
                    .then().statusCode(200).body("memory.nativeBytes", greaterThanOrEqualTo(20 * MB));
            String n2 = ml.resolve("models/n2/model").toString();
            given().contentType("application/json").body(TestServer.loadBody("n2", n2)).post(base + "/models")
                    .then().statusCode(507).body("error.code", equalTo("insufficient_memory"))
                    .body("error.message", containsString("of memory outside the heap while loading"))
                    .body("error.message", containsString("native memory budget (SKIFF_MODEL_NATIVE_MB)"));
            given().delete(base + "/models/n1").then().statusCode(200);
            given().contentType("application/json").body(TestServer.loadBody("n2", n2)).post(base + "/models")
                    .then().statusCode(200);
        }
    }
}
