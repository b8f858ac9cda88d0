package dev.skiff.train;

import java.nio.file.Path;

/** Where SageMaker's training contract puts things, under one root ({@code /opt/ml}). */
record MlLayout(Path root) {
    Path configDir() {
        return root.resolve("input/config");
    }

    Path hyperparameters() {
        return configDir().resolve("hyperparameters.json");
    }

    Path resourceConfig() {
        return configDir().resolve("resourceconfig.json");
    }

    Path inputDataConfig() {
        return configDir().resolve("inputdataconfig.json");
    }

    /** Written by SageMaker when the job has a CheckpointConfig: {@code LocalPath}, {@code S3Uri}. */
    Path checkpointConfig() {
        return configDir().resolve("checkpointconfig.json");
    }

    Path dataDir() {
        return root.resolve("input/data");
    }

    Path modelDir() {
        return root.resolve("model");
    }

    Path outputDir() {
        return root.resolve("output");
    }

    Path outputDataDir() {
        return outputDir().resolve("data");
    }

    Path failureFile() {
        return outputDir().resolve("failure");
    }

    /** Where checkpoints go when the job names no {@code LocalPath}. */
    Path checkpointDir() {
        return root.resolve("checkpoints");
    }

    /**
     * {@code path} from a config file inside this tree: SageMaker's absolute {@code /opt/ml/...} paths are moved
     * under the root when the root is elsewhere (a local run), and relative ones are taken from the root.
     */
    Path resolve(String path) {
        String sagemakerRoot = "/opt/ml";
        if (path.equals(sagemakerRoot) || path.startsWith(sagemakerRoot + "/")) {
            return root.resolve(path.substring(sagemakerRoot.length()).replaceFirst("^/+", ""));
        }
        return root.resolve(path);
    }

    /** A path for messages: relative to the root ({@code input/config/hyperparameters.json}). */
    String describe(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }
}
