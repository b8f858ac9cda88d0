package dev.skiff.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testing.Invocation;
import dev.skiff.testing.SkiffContainer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code local_test/transform.sh} on the real image: the XGBoost sample trained on {@code local_test/test_dir}, a
 * generated file of a million rows transformed as SageMaker would (Line split, MultiRecord within 1 MB, two requests
 * at once, the client in the image), and every output line equal to the prediction of its row sent alone.
 * The rows are drawn from a pool of 2,000 distinct ones, so every one of the million is checked against a
 * row-by-row answer while only 2,000 single-row requests are made.
 */
@ExtendWith(DockerRequired.class)
class TransformIT {
    private static final int POOL = 2000;
    private static final int ROWS = 1_000_000;

    private static String image;
    private static Path work;
    private static SkiffContainer served;
    private static List<String> pool;
    private static List<String> alone;

    @BeforeAll
    static void trainAndPredictThePoolRowByRow() throws Exception {
        image = Containers.image();
        work = Containers.workDir("transform");
        Path ml = work.resolve("ml");
        Path sample = Containers.dockerDir().resolve("../local_test/test_dir/input").normalize();
        try (var walk = Files.walk(sample)) {
            for (Path p : walk.toList()) {
                Path target = ml.resolve("input").resolve(sample.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Files.createDirectories(ml.resolve("model"));
        Files.createDirectories(ml.resolve("output"));
        SkiffContainer.Training training = new SkiffContainer(image).train(ml);
        assertThat(training.exitCode()).as("training failed:\n%s", training.logs()).isZero();

        served = new SkiffContainer(image).withEnv("SAGEMAKER_BATCH", "true").serving(ml.resolve("model"));
        served.start();
        Random random = new Random(17);
        pool = new ArrayList<>();
        alone = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            String row = String.format(Locale.ROOT, "%.3f,%.3f,%.3f", 10 * random.nextDouble(),
                    10 * random.nextDouble(), 10 * random.nextDouble());
            Invocation answer = served.invoke("text/csv", row + "\n");
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            pool.add(row);
            alone.add(answer.body().strip());
        }
    }

    @AfterAll
    static void stop() {
        if (served != null) {
            served.stop();
        }
    }

    @Test
    void aMillionRowsComeOutEqualToTheirRowByRowPredictions() throws Exception {
        int[] drawn = new int[ROWS];
        Random random = new Random(42);
        Path input = Files.createDirectories(work.resolve("input")).resolve("million.csv");
        try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (int i = 0; i < ROWS; i++) {
                drawn[i] = random.nextInt(POOL);
                out.write(pool.get(drawn[i]));
                out.write('\n');
            }
        }
        Path output = work.resolve("output");

        String log = transformSh(input, output, "--split-type", "Line", "--batch-strategy", "MultiRecord",
                "--max-payload-mb", "1", "--max-concurrent", "2", "--assemble-with", "Line");

        assertThat(log).contains("transform: done: 1,000,000 records");
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(output.resolve("million.csv.out"), StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine(), n++) {
                if (n < ROWS && !line.equals(alone.get(drawn[n]))) {
                    assertThat(line).as("output line %d, for row %s", n + 1, pool.get(drawn[n]))
                            .isEqualTo(alone.get(drawn[n]));
                }
            }
        }
        assertThat(n).as("output lines").isEqualTo(ROWS);
    }

    @Test
    void jsonLinesJoinedToTheirInputOneRecordPerRequest() throws Exception {
        Path input = Files.createDirectories(work.resolve("json-input")).resolve("rows.jsonl");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            rows.append("{\"features\": [").append(pool.get(i)).append("]}\n");
        }
        Files.writeString(input, rows);
        Path output = work.resolve("json-output");

        transformSh(input, output, "--content-type", "application/jsonlines", "--split-type", "Line",
                "--batch-strategy", "SingleRecord", "--join-source", "Input", "--assemble-with", "Line");

        List<String> lines = Files.readAllLines(output.resolve("rows.jsonl.out"));
        assertThat(lines).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(lines.get(i)).isEqualTo("{\"features\": [" + pool.get(i)
                    + "],\"SageMakerOutput\":{\"score\":" + alone.get(i) + "}}");
        }
    }

    /** Runs {@code local_test/transform.sh IMAGE INPUT OUTPUT options} with the trained model; its output. */
    private static String transformSh(Path input, Path output, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash",
                Containers.dockerDir().resolve("../local_test/transform.sh").normalize().toString(), image,
                input.toString(), output.toString()));
        command.addAll(List.of(options));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        b.environment().putAll(Map.of("MODEL_DIR", work.resolve("ml/model").toString()));
        Path log = work.resolve("transform-sh-" + input.getFileName() + ".log");
        Process p = b.redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("transform.sh took over 10 minutes").isTrue();
        String text = Files.readString(log);
        assertThat(p.exitValue()).as("transform.sh failed:\n%s", text).isZero();
        return text;
    }
}
