package dev.skiff.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import com.github.dockerjava.api.DockerClient;
import dev.skiff.testing.SkiffContainer;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * The real image over real HTTP: {@code train} against a mounted {@code /opt/ml}, then {@code serve} of the model it
 * wrote (model and code both come from the artifact), the SageMaker port variable, {@code docker stop}, and the
 * XGBoost sample trained on {@code local_test/test_dir} and serving its payloads.
 * Needs a Docker engine: skipped without one, except in CI, where that fails (see {@link DockerRequired}).
 */
@ExtendWith(DockerRequired.class)
class ImageIT {

    private static String image;
    private static Path ml;
    private static String trainLog;
    private static GenericContainer<?> served;
    private static RequestSpecification http;

    @BeforeAll
    static void trainThenServe() throws Exception {
        image = Containers.image();
        Path dir = Containers.workDir("train-serve");
        Path plugin = Containers.pluginJar(dir);
        ml = Files.createDirectories(dir.resolve("ml"));
        writeTrainingJob(ml);

        SkiffContainer.Training training = new SkiffContainer(image).withPlugin(plugin).withEnv("SKIFF_TRAINER", "sum")
                .train(ml);
        assertThat(training.exitCode()).as("`docker run IMAGE train` failed:\n%s", training.logs()).isZero();
        trainLog = training.logs();

        served = Containers.serve(image, ml.resolve("model"), 8080);
        served.start();
        http = spec(served, 8080);
    }

    @AfterAll
    static void stopServing() {
        if (served != null) {
            served.stop();
        }
    }

    @Test
    void trainWritesTheModelWithItsCodeAndReportsTheMetric() throws Exception {
        assertThat(Files.readString(ml.resolve("model/sum-model"))).contains("features=3", "weight=2.0");
        assertThat(ml.resolve("model/code/skiff-it-plugin.jar")).isRegularFile();
        assertThat(ml.resolve("output/failure")).doesNotExist();
        assertThat(trainLog).contains("train-weight=2.0");
    }

    @Test
    void aFailedTrainingJobComesBackWithItsExitCodeLogAndFailureFile() throws Exception {
        Path job = Containers.workDir("train-fails").resolve("ml");
        writeTrainingJob(job);
        SkiffContainer.Training training = new SkiffContainer(image).withEnv("SKIFF_TRAINER", "no-such-trainer")
                .train(job);
        assertThat(training.succeeded()).isFalse();
        assertThat(training.exitCode()).isEqualTo(1);
        assertThat(Files.readString(job.resolve("output/failure"))).contains("no-such-trainer");
        assertThat(training.logs()).contains("no-such-trainer");
    }

    /** The container only starts once /ping answers 200; what the answer says is checked here. */
    @Test
    void pingSaysReadyInJsonAndEchoesTheInferenceId() {
        given(http).header("X-Amzn-SageMaker-Inference-Id", "ping-1").get("/ping").then().statusCode(200)
                .contentType("application/json").body("status", equalTo("ready"))
                .header("X-Amzn-SageMaker-Inference-Id", "ping-1");
    }

    @Test
    void csvRowsArePredictedOneLineEach() {
        given(http).contentType("text/csv").body("1,2,3\n4,5,6\n")
                .post("/invocations")
                .then().statusCode(200).contentType(startsWith("text/csv")).body(equalTo("12.0\n30.0\n"));
    }

    @Test
    void jsonInstancesArePredicted() {
        given(http).contentType("application/json").accept("application/json")
                .body("{\"instances\": [[1, 2, 3], [4, 5, 6]]}")
                .post("/invocations")
                .then().statusCode(200).contentType(startsWith("application/json"))
                .body("predictions", contains(12.0f, 30.0f));
    }

    @Test
    void badInputsAreClientErrorsWithStableCodes() {
        given(http).contentType("text/csv").body("1,2\n").post("/invocations")
                .then().statusCode(400).body("error.code", equalTo("wrong_feature_count"));
        given(http).contentType("text/csv").body("1,two,3\n").post("/invocations")
                .then().statusCode(400);
        given(http).contentType("application/x-unknown").body("1,2,3\n".getBytes(StandardCharsets.UTF_8))
                .post("/invocations")
                .then().statusCode(415).body("error.code", equalTo("unsupported_content_type"));
        given(http).contentType("text/csv").accept("application/x-unknown")
                .body("1,2,3\n".getBytes(StandardCharsets.UTF_8)).post("/invocations")
                .then().statusCode(406).body("error.code", equalTo("unsupported_accept"));
    }

    @Test
    void imageKeepsSageMakersContract() throws Exception {
        var labels = DockerClientFactory.instance().client().inspectImageCmd(image).exec().getConfig().getLabels();
        assertThat(labels).containsEntry("com.amazonaws.sagemaker.capabilities.accept-bind-to-port", "true")
                .containsEntry("com.amazonaws.sagemaker.capabilities.multi-models", "true");
        // The JVM itself is PID 1, so `docker stop`'s SIGTERM reaches it without a shell in between.
        assertThat(served.execInContainer("cat", "/proc/1/comm").getStdout().trim()).isEqualTo("java");
        assertThat(served.execInContainer("sh", "-c", "command -v train; command -v serve").getStdout())
                .contains("/train", "/serve");
    }

    @Test
    void servesOnTheSageMakerBindToPort() throws Exception {
        try (GenericContainer<?> c = Containers.serve(image, ml.resolve("model"), 9090)
                .withEnv("SAGEMAKER_BIND_TO_PORT", "9090")) {
            c.start(); // waits for 200 on /ping at 9090
            given(spec(c, 9090)).contentType("text/csv").body("1,1,1\n").post("/invocations")
                    .then().statusCode(200).body(equalTo("6.0\n"));
            assertThat(c.getLogs()).contains("listening on port 9090");
        }
    }

    @Test
    void dockerStopFinishesTheRequestInFlightAndExitsZero() throws Exception {
        Path model = Files.createDirectories(Containers.workDir("drain").resolve("model"));
        // The prediction marks /tmp/held when it starts, then waits for the release file, which the test writes only
        // once the server is draining: the request is in flight at docker stop however slow the machine.
        Files.writeString(model.resolve("sum-model"),
                "features=3\nweight=2\nhold=/opt/ml/model/release\nwaitingFile=/tmp/held\n");
        Files.createDirectories(model.resolve("code"));
        Files.copy(ml.resolve("model/code/skiff-it-plugin.jar"), model.resolve("code/skiff-it-plugin.jar"));

        try (GenericContainer<?> c = Containers.serve(image, model, 8080)) {
            c.start();
            URI base = URI.create("http://127.0.0.1:" + c.getMappedPort(8080));
            CompletableFuture<HttpResponse<String>> inFlight = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(base.resolve("/invocations")).header("Content-Type", "text/csv")
                            .POST(HttpRequest.BodyPublishers.ofString("-300,2,3\n")).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.execInContainer("test", "-e", "/tmp/held").getExitCode() != 0) {
                if (inFlight.isDone()) {
                    HttpResponse<String> early = inFlight.join();
                    throw new AssertionError("the held invocation was answered before docker stop: "
                            + early.statusCode() + " " + early.body() + "\nlog:\n" + c.getLogs());
                }
                assertThat(System.nanoTime()).as("the prediction never started; log:\n%s", c.getLogs())
                        .isLessThan(deadline);
                Thread.sleep(50);
            }

            DockerClient docker = DockerClientFactory.instance().client();
            long start = System.nanoTime();
            CompletableFuture<Void> stop = CompletableFuture.runAsync(
                    () -> docker.stopContainerCmd(c.getContainerId()).withTimeout(30).exec());
            while (!c.getLogs().contains("stopping: draining")) {
                assertThat(System.nanoTime() - start).as("no drain logged after docker stop; log:\n%s", c.getLogs())
                        .isLessThan(TimeUnit.SECONDS.toNanos(20));
                Thread.sleep(50);
            }
            assertThat(inFlight).as("the held invocation ended before it was released").isNotDone();
            Files.createFile(model.resolve("release"));
            stop.get(40, TimeUnit.SECONDS);
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            HttpResponse<String> answer = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("-590.0\n");
            Long exitCode = docker.inspectContainerCmd(c.getContainerId()).exec().getState().getExitCodeLong();
            assertThat(exitCode).as("exit code after SIGTERM; log:\n%s", c.getLogs()).isEqualTo(0L);
            assertThat(stopMillis).as("docker stop took longer than the 20 s drain timeout").isLessThan(20_000);
        }
    }

    @Test
    void xgboostSampleTrainsOnLocalTestDirAndServesItsPayloads() throws Exception {
        Path sample = Containers.dockerDir().resolve("../local_test/test_dir").normalize();
        Path job = Containers.workDir("xgboost").resolve("ml");
        for (String part : new String[] {"input", "payloads"}) {
            copyTree(sample.resolve(part), job.resolve(part));
        }
        Files.createDirectories(job.resolve("model"));
        Files.createDirectories(job.resolve("output"));
        SkiffContainer.Training training = new SkiffContainer(image).train(job);
        assertThat(training.exitCode()).as("`docker run IMAGE train` (XGBoost) failed:\n%s", training.logs()).isZero();
        assertThat(training.logs()).contains("validation-rmse");
        assertThat(job.resolve("model/xgboost-model")).isRegularFile();

        try (GenericContainer<?> c = Containers.serve(image, job.resolve("model"), 8080)) {
            c.start();
            String csv = given(spec(c, 8080)).contentType("text/csv")
                    .body(Files.readAllBytes(job.resolve("payloads/payload.csv"))).post("/invocations")
                    .then().statusCode(200).extract().asString();
            assertThat(csv.lines().map(Double::parseDouble)).hasSize(3).allMatch(Double::isFinite);
            given(spec(c, 8080)).contentType("application/json")
                    .body(Files.readAllBytes(job.resolve("payloads/payload.json"))).post("/invocations")
                    .then().statusCode(200).body("predictions", hasSize(3));
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static RequestSpecification spec(GenericContainer<?> c, int port) {
        return new RequestSpecBuilder().setBaseUri("http://127.0.0.1").setPort(c.getMappedPort(port)).build();
    }

    /** A SageMaker training job layout: channel {@code train} of rows {@code label = 2 * (a + b + c)}. */
    private static void writeTrainingJob(Path ml) throws Exception {
        Path config = Files.createDirectories(ml.resolve("input/config"));
        Files.writeString(config.resolve("hyperparameters.json"), "{\"features\": \"3\"}\n");
        Files.writeString(config.resolve("resourceconfig.json"),
                "{\"current_host\": \"algo-1\", \"hosts\": [\"algo-1\"]}\n");
        Files.writeString(config.resolve("inputdataconfig.json"), "{\"train\": {\"ContentType\": \"text/csv\", "
                + "\"TrainingInputMode\": \"File\", \"S3DistributionType\": \"FullyReplicated\"}}\n");
        StringBuilder csv = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            int a = i % 7;
            int b = i % 5 + 1;
            int c = i % 3;
            csv.append(2 * (a + b + c)).append(',').append(a).append(',').append(b).append(',').append(c).append('\n');
        }
        Files.writeString(Files.createDirectories(ml.resolve("input/data/train")).resolve("train.csv"), csv);
        Files.createDirectories(ml.resolve("model"));
        Files.createDirectories(ml.resolve("output"));
    }
}
