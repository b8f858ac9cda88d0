package dev.skiff.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.skiff.testmodel.RawHttp;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;

/**
 * The rest of SageMaker's serving contract on the real image: no body limit when the job says
 * {@code MaxPayloadInMB=0}, {@code /invocations-response-stream}, and failing fast and visibly (a model that cannot
 * load ends the container; every model thread stuck turns {@code /ping} to 503 until one returns).
 */
@ExtendWith(DockerRequired.class)
class ContractIT {
    private static String image;
    private static Path plugin;

    @BeforeAll
    static void image() throws Exception {
        image = Containers.image();
        plugin = Containers.pluginJar(Containers.workDir("contract-plugin"));
    }

    /** The sum model ({@code model/sum-model} with {@code properties}), its jar mounted in the image's plugins. */
    private static GenericContainer<?> serve(String name, String properties) throws Exception {
        Path model = Files.createDirectories(Containers.workDir(name).resolve("model"));
        Files.writeString(model.resolve("sum-model"), properties);
        return Containers.serve(image, model, 8080)
                .withFileSystemBind(plugin.toString(), Containers.PLUGIN_IN_IMAGE, BindMode.READ_ONLY);
    }

    private static RequestSpecification http(GenericContainer<?> c) {
        return new RequestSpecBuilder().setBaseUri("http://127.0.0.1").setPort(c.getMappedPort(8080)).build();
    }

    @Test
    void maxPayloadZeroLiftsTheLimitReportsZeroAndSaysWhoSetIt() throws Exception {
        try (GenericContainer<?> c = serve("no-limit", "features=3\nweight=1\n")
                .withEnv("SAGEMAKER_MAX_PAYLOAD_IN_MB", "0").withEnv("MAX_CONTENT_LENGTH", "1000")) {
            c.start();
            given(http(c)).get("/execution-parameters").then().statusCode(200).body("MaxPayloadInMB", equalTo(0));
            assertThat(c.getLogs()).contains("body limit: none (SAGEMAKER_MAX_PAYLOAD_IN_MB=0)");

            long rows = 1_000_000; // about 20 MB, chunked: over the 6 MB default and MAX_CONTENT_LENGTH both
            HttpResponse<java.util.stream.Stream<String>> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + c.getMappedPort(8080) + "/invocations"))
                            .header("Content-Type", "text/csv")
                            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> rows(rows))).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(answer.statusCode()).isEqualTo(200);
            Iterator<String> lines = answer.body().iterator();
            for (long i = 0; i < rows; i++) {
                assertThat(lines.hasNext()).as("an answer for row %d", i + 1).isTrue();
                String line = lines.next();
                if (Float.parseFloat(line) != i + 2f) {
                    throw new AssertionError("row " + (i + 1) + ": answered " + line + ", expected " + (i + 2f));
                }
            }
            assertThat(lines.hasNext()).isFalse();
        }
    }

    /** Rows "i,1,1" for i = 0 .. n-1, made as they are read (10,000 at a time). */
    private static InputStream rows(long n) {
        return new InputStream() {
            private long next;
            private byte[] block = new byte[0];
            private int at;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == block.length) {
                    if (next == n) {
                        return -1;
                    }
                    StringBuilder text = new StringBuilder();
                    for (long end = Math.min(n, next + 10_000); next < end; next++) {
                        text.append(next).append(",1,1\n");
                    }
                    block = text.toString().getBytes(StandardCharsets.US_ASCII);
                    at = 0;
                }
                int count = Math.min(len, block.length - at);
                System.arraycopy(block, at, b, off, count);
                at += count;
                return count;
            }
        };
    }

    @Test
    void theResponseStreamSendsEachBatchAsItIsPredicted() throws Exception {
        try (GenericContainer<?> c = serve("stream", "features=3\nweight=1\nhold=/opt/ml/model/release\n")
                .withEnv("SKIFF_BATCH_ROWS", "1").withEnv("SAGEMAKER_MODEL_SERVER_WORKERS", "1")) {
            c.start();
            Path release = Containers.dockerDir().resolve("target/container-it/stream/model/release");
            try (Socket socket = new Socket("127.0.0.1", c.getMappedPort(8080))) {
                socket.setSoTimeout(60_000);
                InputStream in = socket.getInputStream();
                // The second row holds its batch until the test creates the release file (or 60 s pass).
                long sent = System.nanoTime();
                RawHttp.writeRequest(socket.getOutputStream(), "/invocations-response-stream", "text/csv",
                        "1,1,1\n-300,0,0\n2,2,2\n".getBytes(StandardCharsets.US_ASCII));
                RawHttp.Head head = RawHttp.readHead(in);
                assertThat(head.status()).isEqualTo(200);
                assertThat(head.chunked()).isTrue();
                RawHttp.TimedChunk first = RawHttp.readTimedChunk(in);
                Files.createFile(release);
                RawHttp.TimedChunk second = RawHttp.readTimedChunk(in);
                RawHttp.TimedChunk third = RawHttp.readTimedChunk(in);
                assertThat(RawHttp.readChunk(in)).isEmpty();
                assertThat(List.of(first.text(), second.text(), third.text()))
                        .containsExactly("3.0\n", "-300.0\n", "6.0\n");
                // A server that held the answer back would send it only when the hold gives up, after 60 s.
                assertThat(first.arrivedNanos() - sent).as("the first batch's answer came while the second was held")
                        .isLessThan(TimeUnit.SECONDS.toNanos(30));
            }
        }
    }

    @Test
    void aModelThatCannotLoadEndsTheContainerWithStatus1() throws Exception {
        Path model = Files.createDirectories(Containers.workDir("fail-fast").resolve("model"));
        Files.writeString(model.resolve("sum-model"), "failLoad=weights file is truncated\n");
        try (GenericContainer<?> c = new GenericContainer<>(image).withCommand("serve")
                .withFileSystemBind(model.toString(), "/opt/ml/model", BindMode.READ_ONLY)
                .withFileSystemBind(plugin.toString(), Containers.PLUGIN_IN_IMAGE, BindMode.READ_ONLY)
                .withStartupCheckStrategy(new UntilExited().withTimeout(Duration.ofSeconds(90)))) {
            c.start(); // returns once the container has exited
            DockerClient docker = DockerClientFactory.instance().client();
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(c.getContainerId()).exec()
                    .getState();
            assertThat(state.getExitCodeLong()).as(c.getLogs()).isEqualTo(1L);
            assertThat(c.getLogs()).contains("weights file is truncated").contains("exiting with status 1");
        }
    }

    @Test
    void pingIs503WhileEveryModelThreadIsStuckAnd200WhenOneReturns() throws Exception {
        try (GenericContainer<?> c = serve("stuck", "features=3\nweight=1\nhold=/opt/ml/model/release\n")
                .withEnv("SAGEMAKER_MODEL_SERVER_WORKERS", "1").withEnv("SAGEMAKER_MODEL_SERVER_TIMEOUT", "1")) {
            c.start();
            given(http(c)).contentType("text/csv").body("-300,0,0\n").post("/invocations")
                    .then().statusCode(504).body("error.code", equalTo("prediction_timeout"));
            given(http(c)).get("/ping").then().statusCode(503).body("error.code", equalTo("model_stuck"))
                    .body("error.message", containsString("stuck"));
            Files.createFile(Containers.dockerDir().resolve("target/container-it/stuck/model/release"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int status = 503;
            while (status != 200 && System.nanoTime() < deadline) {
                status = given(http(c)).get("/ping").statusCode();
                Thread.sleep(50);
            }
            assertThat(status).as("/ping once the stuck prediction returned").isEqualTo(200);
            given(http(c)).contentType("text/csv").body("1,2,3\n").post("/invocations")
                    .then().statusCode(200).body(equalTo("6.0\n"));
        }
    }

    /** The image carries the raw-model sample: it trains on the bundled corpus and answers text/plain. */
    @Test
    void theTextSampleTrainsAndAnswersPlainText() throws Exception {
        Path ml = Containers.workDir("text").resolve("ml");
        Path data = Containers.dockerDir().resolve("../sample-models/tribuo/data").normalize();
        for (String channel : new String[] {"train", "validation"}) {
            Path dir = Files.createDirectories(ml.resolve("input/data/" + channel));
            Files.copy(data.resolve("packages-" + channel + ".jsonl"), dir.resolve("packages.jsonl"));
        }
        Files.createDirectories(ml.resolve("input/config"));
        Files.writeString(ml.resolve("input/config/hyperparameters.json"), "{\"skiff_trainer\": \"tribuo-text\"}");
        Files.createDirectories(ml.resolve("model"));
        Files.createDirectories(ml.resolve("output"));
        try (GenericContainer<?> train = new GenericContainer<>(image).withCommand("train")
                .withFileSystemBind(ml.toString(), "/opt/ml", BindMode.READ_WRITE)
                .withStartupCheckStrategy(new UntilExited().withTimeout(Duration.ofMinutes(3)))) {
            train.start();
            assertThat(train.getLogs()).contains("validation-accuracy=");
        }
        try (GenericContainer<?> c = Containers.serve(image, ml.resolve("model"), 8080)) {
            c.start();
            given(http(c)).contentType("text/plain; charset=utf-8").body("chess engine and board game")
                    .post("/invocations").then().statusCode(200).body(equalTo("games\n"));
        }
    }

    /** A start-up check that is satisfied once the container has exited, whatever its status. */
    private static final class UntilExited extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient docker, String containerId) {
            InspectContainerResponse.ContainerState state = getCurrentState(docker, containerId);
            return Boolean.TRUE.equals(state.getRunning()) ? StartupStatus.NOT_YET_KNOWN : StartupStatus.SUCCESSFUL;
        }
    }
}
