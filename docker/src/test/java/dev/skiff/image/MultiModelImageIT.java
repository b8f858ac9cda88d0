package dev.skiff.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.skiff.testing.SkiffContainer;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real image as a multi-model endpoint ({@code SAGEMAKER_MULTI_MODEL=true}, models under {@code /opt/ml/models},
 * a 1 GB container): two XGBoost models made by Python's xgboost 1.7.4 (the sample's fixtures) loaded side by side,
 * each answering Python's predictions; the budget read from the container's cgroup; and the same model loaded and
 * unloaded {@code skiff.mme.cycles} times (default 200) with the JVM's resident memory flat, XGBoost's native library
 * extracted once, and every byte of the budget given back. The long run is {@code bench/multi-model/cycles.sh}.
 */
@ExtendWith(DockerRequired.class)
class MultiModelImageIT {
    private static final long MB = 1024 * 1024;
    private static final Pattern RSS = Pattern.compile("RssAnon:\\s+(\\d+) kB");
    private static SkiffContainer served;
    private static RequestSpecification http;

    private static Path fixtures() {
        return Containers.dockerDir().resolve("../sample-models/xgboost/src/test/resources/fixtures").normalize();
    }

    @BeforeAll
    static void serve() throws Exception {
        Path models = Containers.workDir("multi-model").resolve("models");
        for (String name : List.of("binary", "regression")) {
            Path dir = Files.createDirectories(models.resolve(name).resolve("model"));
            Files.copy(fixtures().resolve(name + "/xgboost-model"), dir.resolve("xgboost-model"));
        }
        // a heap touched whole at start: resident memory then moves with native memory and metadata only
        served = new SkiffContainer(Containers.image()).servingModels(models)
                .withEnv("JAVA_OPTS", "-Xms256m -Xmx256m -XX:+AlwaysPreTouch")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withMemory(1024 * MB)
                        .withMemorySwap(1024 * MB));
        served.start();
        http = new RequestSpecBuilder().setBaseUri("http://127.0.0.1").setPort(served.getMappedPort(8080)).build();
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.stop();
        }
    }

    private static void load(String name, String dir) {
        given(http).contentType("application/json")
                .body("{\"model_name\": \"" + name + "\", \"url\": \"/opt/ml/models/" + dir + "/model\"}")
                .post("/models").then().statusCode(200).body("provider", equalTo("xgboost"));
    }

    @Test
    void twoXGBoostModelsSideBySideAnswerPythonsPredictions() throws Exception {
        load("binary", "binary");
        load("regression", "regression");
        for (String name : List.of("binary", "regression")) {
            String csv = given(http).contentType("text/csv").body(Files.readAllBytes(fixtures().resolve(name
                    + "/rows.csv"))).post("/models/" + name + "/invoke").then().statusCode(200).extract().asString();
            assertClose(csv, Files.readAllLines(fixtures().resolve(name + "/expected.csv")), name);
        }
        String viaHeader = given(http).contentType("text/csv").header("X-Amzn-SageMaker-Target-Model", "regression")
                .body(Files.readAllBytes(fixtures().resolve("regression/rows.csv"))).post("/invocations")
                .then().statusCode(200).extract().asString();
        assertClose(viaHeader, Files.readAllLines(fixtures().resolve("regression/expected.csv")), "via the header");
        given(http).contentType("text/csv").body("1,2,3,4,5,6\n").post("/invocations").then().statusCode(400)
                .body("error.code", equalTo("model_required"));
        given(http).get("/models").then().statusCode(200)
                .body("models.modelName", equalTo(List.of("binary", "regression")));
        given(http).delete("/models/binary").then().statusCode(200);
        given(http).delete("/models/regression").then().statusCode(200);
        given(http).get("/models/binary").then().statusCode(404);
        assertThat(served.getLogs()).contains("multi-model mode (SAGEMAKER_MULTI_MODEL=true)")
                .contains("of the container's memory limit (/sys/fs/cgroup/");
    }

    @Test
    void loadingAndUnloadingAgainAndAgainLeavesMemoryFlat() throws Exception {
        int cycles = Integer.getInteger("skiff.mme.cycles", 200);
        int warmUp = Math.min(50, cycles / 4);
        long warm = 0;
        for (int i = 1; i <= cycles; i++) {
            load("cycled", "binary");
            given(http).contentType("text/csv").body("0.5,,0.1,-1,2,0.3\n").post("/models/cycled/invoke")
                    .then().statusCode(200);
            given(http).delete("/models/cycled").then().statusCode(200).body("state", equalTo("unloaded"));
            if (i == warmUp) {
                warm = residentAnonymous();
            }
            if (i % 100 == 0) {
                System.out.printf("multi-model cycles: %d loads and unloads, RssAnon %d MB%n", i,
                        residentAnonymous() / MB);
            }
        }
        long grown = residentAnonymous() - warm;
        // The JIT still compiles for the first few hundred cycles (bench/multi-model/cycles.sh: about 20 MB, then
        // flat), so the bound is loose: it catches a leak of 400 KB a cycle, and a class loader leaked with
        // XGBoost's classes and its 15 MB native library in four cycles.
        assertThat(grown).as("RssAnon growth after the warm-up, over %d cycles", cycles - warmUp)
                .isLessThan(64 * MB);
        String tmp = served.execInContainer("sh", "-c", "ls /tmp | grep -c libxgboost4j || true").getStdout().trim();
        assertThat(tmp).as("XGBoost's native library extracted once").isEqualTo("1");
        given(http).get("/metrics").then().statusCode(200)
                .body(containsString("skiff_models_memory_used_bytes{account=\"heap\"} 0.0"))
                .body(containsString("skiff_models_memory_used_bytes{account=\"native\"} 0.0"));
    }

    private static long residentAnonymous() throws Exception {
        Matcher m = RSS.matcher(served.execInContainer("cat", "/proc/1/status").getStdout());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static void assertClose(String csv, List<String> expected, String what) {
        List<String> lines = csv.lines().toList();
        assertThat(lines).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(Double.parseDouble(lines.get(i))).as("%s row %d", what, i + 1)
                    .isCloseTo(Double.parseDouble(expected.get(i)), org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
