package dev.skiff.samples.xgboost;

import dev.skiff.train.TrainMain;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Managed spot training end to end: {@code skiff train} in a child JVM is stopped with a real SIGTERM once it has
 * written a few checkpoints, then started again on the same /opt/ml; the resumed job picks up after the last
 * checkpoint and ends with the very model an uninterrupted job trains.
 */
@Timeout(300)
class SpotResumeIT {
    static final Path DATA = Path.of("data");
    static final int ROUNDS = 120;
    static final Map<String, String> HP = Map.of("skiff_trainer", "xgboost", "num_round", String.valueOf(ROUNDS),
            "objective", "binary:logistic", "max_depth", "4", "eta", "0.1", "eval_metric", "logloss,accuracy",
            "save_model_on_termination", "true");
    private static final Pattern RESUMED = Pattern.compile("resuming from checkpoint \\S+/xgboost-checkpoint\\.(\\d+):"
            + " rounds 0-\\1 are done, training rounds (\\d+)-" + (ROUNDS - 1));

    @TempDir
    Path tmp;

    @Test
    void aJobStoppedBySigtermResumesFromItsLastCheckpointToTheUninterruptedModel() throws Exception {
        OptMl whole = job(tmp.resolve("whole"));
        assertThat(whole.train()).as(String.valueOf(whole.failure())).isZero();

        OptMl spot = job(tmp.resolve("spot"));
        Process first = start(spot, "first.log");
        awaitCheckpoint(spot.root.resolve("checkpoints/xgboost-checkpoint.2"), first);
        first.destroy(); // SIGTERM, as SageMaker sends it on a spot interruption
        assertThat(finish(first, spot, "first.log")).isEqualTo(143);
        assertThat(spot.failure()).isNull();
        assertThat(log(spot, "first.log")).contains("SIGTERM: asking the trainer to stop");

        // save_model_on_termination: the rounds done so far, as the uninterrupted model's first rounds
        int kept = rounds(spot.model("xgboost-model"));
        assertThat(kept).isBetween(3, ROUNDS - 1);
        assertThat(predict(spot.model("xgboost-model"), kept)).isEqualTo(predict(whole.model("xgboost-model"), kept));

        Process second = start(spot, "second.log");
        assertThat(finish(second, spot, "second.log")).isZero();
        Matcher resumed = RESUMED.matcher(log(spot, "second.log"));
        assertThat(resumed.find()).as(log(spot, "second.log")).isTrue();
        assertThat(Integer.parseInt(resumed.group(2))).isEqualTo(kept);
        assertThat(log(spot, "second.log")).contains("[" + kept + "]\ttrain-logloss:")
                .doesNotContain("[" + (kept - 1) + "]\ttrain-logloss:");
        assertThat(rounds(spot.model("xgboost-model"))).isEqualTo(ROUNDS);
        assertThat(Files.readAllBytes(spot.model("xgboost-model")))
                .isEqualTo(Files.readAllBytes(whole.model("xgboost-model")));
    }

    private static OptMl job(Path root) throws IOException {
        return new OptMl(root).hyperparameters(HP)
                .channel("train", "text/csv", DATA.resolve("train/train.csv"))
                .channel("validation", "text/csv", DATA.resolve("validation/validation.csv"));
    }

    private static Process start(OptMl ml, String log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                TrainMain.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(ml.root.resolve(log).toFile());
        builder.environment().remove("SKIFF_TRAINER");
        builder.environment().put("SKIFF_ML_ROOT", ml.root.toString());
        builder.environment().put("SKIFF_PLUGINS_DIR", ml.root.resolve("no-plugins").toString());
        return builder.start();
    }

    /** Polls (bounded) for the checkpoint file; the job is far from done by then (each round writes one). */
    private static void awaitCheckpoint(Path checkpoint, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(checkpoint)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("no " + checkpoint.getFileName() + " from the running job");
            }
            Thread.sleep(5);
        }
    }

    private static int finish(Process process, OptMl ml, String log) throws Exception {
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the job did not end; its log:\n" + log(ml, log));
        }
        return process.exitValue();
    }

    private static String log(OptMl ml, String name) throws IOException {
        return Files.readString(ml.root.resolve(name));
    }

    private static int rounds(Path model) throws Exception {
        Booster booster = XGBoost.loadModel(Files.readAllBytes(model));
        try {
            return booster.getNumBoostedRound();
        } finally {
            booster.dispose();
        }
    }

    /** The model's predictions with its first {@code rounds} rounds for a few validation rows. */
    private static float[][] predict(Path model, int rounds) throws Exception {
        float[] rows = {0.3f, -1, Float.NaN, 2, 0, 0, 1, -0.5f, 1, 1, 1, 1, 1, 1, 1, 1, -2, 0.5f, 0, 0, 3, 1, 0, 0};
        Booster booster = XGBoost.loadModel(Files.readAllBytes(model));
        try {
            return booster.inplace_predict(rows, 3, 8, Float.NaN, new int[] {0, rounds});
        } finally {
            booster.dispose();
        }
    }
}
