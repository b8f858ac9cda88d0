package dev.skiff.samples.xgboost;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.train.TrainMain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A SageMaker /opt/ml tree for {@code skiff train}: config files, channel data, and what the job left behind. */
final class OptMl {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path root;
    private final ObjectNode channels = JSON.createObjectNode();

    OptMl(Path root) {
        this.root = root;
    }

    OptMl hyperparameters(Map<String, String> values) throws IOException {
        write("input/config/hyperparameters.json", JSON.writeValueAsString(values));
        return this;
    }

    /** Declares a File-mode channel with this ContentType (null: none) and copies {@code files} into it. */
    OptMl channel(String name, String contentType, Path... files) throws IOException {
        ObjectNode spec = channels.putObject(name).put("TrainingInputMode", "File")
                .put("S3DistributionType", "FullyReplicated").put("RecordWrapperType", "None");
        if (contentType != null) {
            spec.put("ContentType", contentType);
        }
        write("input/config/inputdataconfig.json", JSON.writeValueAsString(channels));
        Path dir = Files.createDirectories(root.resolve("input/data").resolve(name));
        for (Path file : files) {
            Files.copy(file, dir.resolve(file.getFileName()));
        }
        return this;
    }

    OptMl write(String relative, String content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return this;
    }

    /** Runs {@code skiff train} on this tree in this JVM; returns its exit code. */
    int train() {
        return TrainMain.run(Map.of("SKIFF_ML_ROOT", root.toString(),
                "SKIFF_PLUGINS_DIR", root.resolve("no-plugins").toString()));
    }

    /** The one line of output/failure, or null. */
    String failure() {
        Path file = root.resolve("output/failure");
        try {
            return Files.exists(file) ? Files.readString(file).strip() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path model(String name) {
        return root.resolve("model").resolve(name);
    }
}
