package dev.skiff.image;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.codec.recordio.AialgsData.Record;
import dev.skiff.codec.recordio.RecordIoFrames;
import dev.skiff.codec.recordio.Tensor;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.specification.RequestSpecification;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;

/**
 * The real image as a drop-in for SageMaker's built-in XGBoost: a {@code model.tar.gz} whose {@code xgboost-model}
 * is a pickled Booster (as the container wrote before 1.3) serves RecordIO-protobuf requests as the SageMaker SDK
 * writes them, answering Python's predictions with {@code best_ntree_limit} trees; {@code train} on RecordIO-protobuf
 * channels makes a model that answers as Python's XGBoost trained on the same arrays. Fixtures are the XGBoost
 * sample's (see its {@code fixtures/} scripts).
 */
@ExtendWith(DockerRequired.class)
class XGBoostDropInIT {
    private static final String RECORDIO = "application/x-recordio-protobuf";

    private static Path fixtures() {
        return Containers.dockerDir().resolve("../sample-models/xgboost/src/test/resources/fixtures").normalize();
    }

    @Test
    void servesAPickledBoosterToRecordIoRequests() throws Exception {
        Path model = Containers.workDir("xgboost-pickle").resolve("model");
        Files.createDirectories(model);
        Files.copy(fixtures().resolve("pickled/protocol-3.pkl"), model.resolve("xgboost-model"));
        List<Float> expected = Files.readAllLines(fixtures().resolve("pickled/expected.csv")).stream()
                .map(Float::parseFloat).toList();
        try (GenericContainer<?> c = Containers.serve(Containers.image(), model, 8080)) {
            c.start();
            RequestSpecification http = new RequestSpecBuilder().setBaseUri("http://127.0.0.1")
                    .setPort(c.getMappedPort(8080)).build();
            byte[] sparse = Files.readAllBytes(fixtures().resolve("binary/rows-sparse.pbr"));
            byte[] answer = given(http).contentType(RECORDIO).accept(RECORDIO).body(sparse).post("/invocations")
                    .then().statusCode(200).contentType(RECORDIO).extract().asByteArray();
            assertClose(scores(answer), expected);

            byte[] dense = Files.readAllBytes(fixtures().resolve("binary/rows-dense.pbr"));
            String csv = given(http).contentType(RECORDIO).accept("text/csv").body(dense).post("/invocations")
                    .then().statusCode(200).extract().asString();
            assertClose(csv.lines().map(Float::parseFloat).toList(), expected);
            assertThat(c.getLogs()).contains("a pickled Booster").contains("(best_ntree_limit)");
        }
    }

    @Test
    void trainsOnSparseRecordIoAndServesTheSameRecordsAndCsvAsPythonPredicts() throws Exception {
        Path data = fixtures().resolve("../training/recordio/sparse").normalize();
        Path job = Containers.workDir("xgboost-recordio").resolve("ml");
        Path config = Files.createDirectories(job.resolve("input/config"));
        Files.writeString(config.resolve("hyperparameters.json"), "{\"skiff_trainer\": \"xgboost\","
                + " \"num_round\": \"8\", \"objective\": \"binary:logistic\", \"tree_method\": \"exact\","
                + " \"base_score\": \"0.5\", \"max_depth\": \"3\", \"eta\": \"0.3\", \"seed\": \"0\","
                + " \"nthread\": \"1\"}");
        Files.writeString(config.resolve("inputdataconfig.json"), "{"
                + "\"train\": {\"ContentType\": \"" + RECORDIO + "\", \"TrainingInputMode\": \"File\"},"
                + " \"validation\": {\"ContentType\": \"" + RECORDIO + "\", \"TrainingInputMode\": \"File\"}}");
        for (String[] f : new String[][] {{"train", "train-1.pbr"}, {"train", "train-2.pbr"},
                {"validation", "validation.pbr"}}) {
            Files.copy(data.resolve(f[1]), Files.createDirectories(job.resolve("input/data").resolve(f[0]))
                    .resolve(f[1]));
        }
        Files.createDirectories(job.resolve("model"));
        Files.createDirectories(job.resolve("output"));
        try (GenericContainer<?> train = new GenericContainer<>(Containers.image()).withCommand("train")
                .withFileSystemBind(job.toString(), "/opt/ml", BindMode.READ_WRITE)
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofMinutes(3)))) {
            try {
                train.start();
            } catch (ContainerLaunchException e) {
                throw new AssertionError("`docker run IMAGE train` on RecordIO failed:\n" + train.getLogs(), e);
            }
            assertThat(train.getLogs()).contains("[7]\ttrain-logloss:");
        }
        List<Float> expected = Files.readAllLines(data.resolve("expected.csv")).stream().map(Float::parseFloat)
                .toList();
        try (GenericContainer<?> c = Containers.serve(Containers.image(), job.resolve("model"), 8080)) {
            c.start();
            RequestSpecification http = new RequestSpecBuilder().setBaseUri("http://127.0.0.1")
                    .setPort(c.getMappedPort(8080)).build();
            byte[] answer = given(http).contentType(RECORDIO).accept(RECORDIO)
                    .body(Files.readAllBytes(data.resolve("rows.pbr"))).post("/invocations")
                    .then().statusCode(200).extract().asByteArray();
            assertClose(scores(answer), expected);
            String csv = given(http).contentType("text/csv").body(Files.readAllBytes(data.resolve("rows.csv")))
                    .post("/invocations").then().statusCode(200).extract().asString();
            assertClose(csv.lines().map(Float::parseFloat).toList(), expected);
        }
    }

    @Test
    void protobufIsInLibOnceAndNotInPlugins() throws Exception {
        Path dist = Containers.dockerDir().resolve("target/skiff");
        assertThat(jars(dist.resolve("lib"))).filteredOn(n -> n.startsWith("protobuf-java-")).hasSize(1);
        assertThat(jars(dist.resolve("plugins"))).noneMatch(n -> n.startsWith("protobuf-java"));
    }

    private static List<String> jars(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static List<Float> scores(byte[] body) {
        List<Float> out = new ArrayList<>();
        RecordIoFrames frames = new RecordIoFrames(1 << 20, (index, payload) -> {
            Record r = Tensor.record(index, payload);
            out.add((float) Tensor.of(index, "score", r.getLabelOrThrow("score")).value(0));
        });
        frames.feed(ByteBuffer.wrap(body));
        frames.finish();
        return out;
    }

    private static void assertClose(List<Float> actual, List<Float> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat((double) actual.get(i)).as("row %d", i + 1)
                    .isCloseTo(expected.get(i), org.assertj.core.data.Offset.offset(1e-6));
        }
    }
}
