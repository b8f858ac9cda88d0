package dev.skiff.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code skiff-model.json} beside the model: what trained it, on what data, with which result. */
final class Manifest {
    static final String FILE_NAME = "skiff-model.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** How the run went and when. {@code outcome}: {@code completed} or {@code stopped}. */
    record Run(String trainer, String trainerClass, String outcome, boolean resumed, Instant started, Instant ended) {
    }

    private Manifest() {
    }

    /**
     * @param trainingHosts the hosts that trained together (the group's members; this host alone in a single-host
     *                      job)
     */
    static Path write(Path modelDir, Run run, Versions versions, TrainingEnvironment environment,
                      List<String> trainingHosts, List<InputSummary> inputs, Map<String, Double> metrics)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("manifest_version", 1);
        root.put("trainer", run.trainer());
        root.put("trainer_class", run.trainerClass());
        root.put("outcome", run.outcome());
        root.put("resumed_from_checkpoint", run.resumed());
        root.put("started", run.started().toString());
        root.put("ended", run.ended().toString());
        root.put("duration_seconds", Duration.between(run.started(), run.ended()).toMillis() / 1000.0);
        ObjectNode v = root.putObject("versions");
        v.put("skiff", versions.skiff());
        v.put("java", versions.jdk());
        v.set("libraries", JSON.valueToTree(versions.libraries()));
        root.set("hyperparameters", JSON.valueToTree(environment.hyperparameters().asMap()));
        ObjectNode hosts = root.putObject("hosts");
        hosts.put("current", environment.currentHost());
        hosts.set("all", JSON.valueToTree(environment.hosts()));
        hosts.set("training", JSON.valueToTree(trainingHosts));
        hosts.put("world_size", trainingHosts.size());
        root.set("channels", channels(environment));
        root.set("inputs", inputs(inputs));
        ObjectNode m = root.putObject("metrics");
        metrics.forEach((name, value) -> m.put(name, value));
        Files.createDirectories(modelDir);
        Path temp = modelDir.resolve("." + FILE_NAME + ".tmp");
        JSON.writeValue(temp.toFile(), root);
        return Files.move(temp, modelDir.resolve(FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static ArrayNode channels(TrainingEnvironment environment) {
        ArrayNode array = JSON.createArrayNode();
        for (TrainingEnvironment.ChannelSpec spec : environment.channels()) {
            ObjectNode channel = array.addObject();
            channel.put("name", spec.name());
            channel.put("content_type", spec.contentType().orElse(null));
            channel.put("mode", spec.mode().name());
            if (spec.recordIoWrapped()) {
                channel.put("record_wrapper", "RecordIO");
            }
        }
        return array;
    }

    private static ArrayNode inputs(List<InputSummary> inputs) {
        ArrayNode array = JSON.createArrayNode();
        for (InputSummary input : inputs) {
            ObjectNode node = array.addObject();
            node.put("channel", input.channel());
            node.put("source", input.source());
            node.put("bytes", input.bytes());
            node.put("sha256", input.sha256());
            node.put("gzip", input.gzip());
            node.put("rows", input.rows());
        }
        return array;
    }
}
