package dev.skiff.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code TrainMain} in a real child JVM: exit codes, SIGTERM with a checkpoint, and the resumed run. */
@Timeout(180)
class TrainMainProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path root;

    private MlTree job(Map<String, String> hyperparameters) {
        return new MlTree(root).hyperparameters(hyperparameters)
                .channel("train", "text/csv", "File")
                .data("train", "train.csv", "1,0.5\n0,0.25\n");
    }

    private Process start(String logName) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                TrainMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve(logName).toFile());
        Map<String, String> env = builder.environment();
        env.remove("SKIFF_TRAINER");
        env.put("SKIFF_ML_ROOT", root.toString());
        env.put("SKIFF_PLUGINS_DIR", root.resolve("no-plugins").toString());
        env.put("SKIFF_LOG_LEVEL", "INFO");
        return builder.start();
    }

    private int finish(Process process, String logName) throws Exception {
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not end; its log:\n" + log(logName));
        }
        return process.exitValue();
    }

    private String log(String logName) throws IOException {
        return Files.readString(root.resolve(logName));
    }

    @Test
    void completesWithExitZeroAndFailsWithExitOneAndTheReason() throws Exception {
        MlTree tree = job(Map.of("skiff_trainer", "line-count"));
        assertThat(finish(start("ok.log"), "ok.log")).as(log("ok.log")).isEqualTo(0);
        assertThat(tree.failure()).isNull();
        assertThat(log("ok.log")).contains("[skiff] iteration=0 train-rows=2.0;", "[skiff] final train-rows=2.0;");

        tree.hyperparameters(Map.of("skiff_trainer", "line-count", "scale", "big"));
        assertThat(finish(start("bad.log"), "bad.log")).as(log("bad.log")).isEqualTo(1);
        assertThat(tree.failure()).isEqualTo("hyperparameter scale='big' is not a number");
        assertThat(log("bad.log")).contains("hyperparameter scale='big' is not a number");
    }

    @Test
    void sigtermStopsWithACompleteCheckpointAndTheNextRunResumesFromIt() throws Exception {
        MlTree tree = job(Map.of("skiff_trainer", "checkpointing", "iterations", "1000000", "pause_ms", "20"));
        Path state = tree.layout.checkpointDir().resolve("state");
        Process first = start("first.log");
        awaitCheckpointOf(state, 3, first);

        first.destroy(); // SIGTERM
        assertThat(finish(first, "first.log")).as(log("first.log")).isEqualTo(TrainingJob.STOPPED);
        assertThat(tree.failure()).isNull();
        int reached = Integer.parseInt(Files.readString(state).trim());
        assertThat(reached).isGreaterThanOrEqualTo(3);
        assertThat(Files.readString(tree.model("model.txt"))).isEqualTo("resumed_from=0 reached=" + reached
                + " resuming=false");
        assertThat(new ObjectMapper().readTree(tree.model(Manifest.FILE_NAME).toFile()).get("outcome").asText())
                .isEqualTo("stopped");
        assertThat(log("first.log")).contains("SIGTERM: asking the trainer to stop", "[skiff] iteration=3 ");

        tree.hyperparameters(Map.of("skiff_trainer", "checkpointing", "iterations", String.valueOf(reached + 3),
                "pause_ms", "0"));
        assertThat(finish(start("second.log"), "second.log")).as(log("second.log")).isEqualTo(0);
        assertThat(Files.readString(tree.model("model.txt"))).isEqualTo("resumed_from=" + reached + " reached="
                + (reached + 3) + " resuming=true");
        assertThat(log("second.log")).contains("resuming from");
    }

    /** Polls the checkpoint file (bounded) until it records {@code iteration} or later. */
    private void awaitCheckpointOf(Path state, int iteration, Process process) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (Files.exists(state) && Integer.parseInt(Files.readString(state).trim()) >= iteration) {
                return;
            }
            Thread.sleep(10);
        }
        process.destroyForcibly();
        throw new AssertionError("no checkpoint of iteration " + iteration + "; child log:\n" + log("first.log"));
    }
}
