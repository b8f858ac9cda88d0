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

    Path checkpointDir() {
        return root.resolve("checkpoints");
    }

    /** A path for messages: relative to the root ({@code input/config/hyperparameters.json}). */
    String describe(Path path) {
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }
}
