package dev.skiff.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of {@code skiff train}, with its default, read from a plain map (the environment).
 *
 * @param mlRoot     the SageMaker tree: {@code SKIFF_ML_ROOT}, default {@code /opt/ml}
 * @param pluginsDir trainer jars: {@code SKIFF_PLUGINS_DIR}, else {@code $SKIFF_HOME/plugins}, else
 *                   {@code /opt/skiff/plugins}
 * @param trainer    {@code SKIFF_TRAINER}: the trainer to run when the {@code skiff_trainer} hyperparameter is unset
 * @param stopGrace  after SIGTERM, how long the trainer gets to return ({@code SKIFF_STOP_GRACE_SECONDS}, default
 *                   100: SageMaker kills the container 120 s after SIGTERM)
 * @param pipeWait   how long a Pipe-mode read waits for its FIFO to appear ({@code SKIFF_PIPE_WAIT_SECONDS}, 300)
 * @param maxRowBytes the longest row record reading accepts ({@code SKIFF_MAX_ROW_BYTES}, default 1 MiB, as serving)
 */
record TrainSettings(Path mlRoot, Path pluginsDir, Optional<String> trainer, Duration stopGrace, Duration pipeWait,
                     int maxRowBytes) {

    static TrainSettings fromEnvironment(Map<String, String> env) {
        String home = text(env, "SKIFF_HOME").orElse("/opt/skiff");
        return new TrainSettings(
                Path.of(text(env, "SKIFF_ML_ROOT").orElse("/opt/ml")),
                Path.of(text(env, "SKIFF_PLUGINS_DIR").orElse(home + "/plugins")),
                text(env, "SKIFF_TRAINER"),
                Duration.ofSeconds(seconds(env, "SKIFF_STOP_GRACE_SECONDS", 100)),
                Duration.ofSeconds(seconds(env, "SKIFF_PIPE_WAIT_SECONDS", 300)),
                (int) Math.min(Integer.MAX_VALUE, positive(env, "SKIFF_MAX_ROW_BYTES", 1024 * 1024)));
    }

    private static Optional<String> text(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private static long seconds(Map<String, String> env, String name, long fallback) {
        return positive(env, name, fallback);
    }

    static long positive(Map<String, String> env, String name, long fallback) {
        Optional<String> value = text(env, name);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.get());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + "='" + value.get() + "' is not a positive whole number");
    }
}
