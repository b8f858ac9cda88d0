package dev.skiff.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skiff.spi.Channel;
import dev.skiff.spi.Hyperparameters;
import dev.skiff.spi.TrainingException;
import dev.skiff.train.TrainingEnvironment.ChannelSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads {@code /opt/ml/input/config/*.json} into a {@link TrainingEnvironment}, failing with readable reasons. */
final class EnvironmentReader {
    private static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MlLayout layout;

    EnvironmentReader(MlLayout layout) {
        this.layout = layout;
    }

    TrainingEnvironment read() throws IOException {
        Hyperparameters hyperparameters = new Hyperparameters(hyperparameters());
        Optional<JsonNode> resources = object(layout.resourceConfig());
        String currentHost = resources.map(r -> text(r, "current_host")).orElse("algo-1");
        List<String> hosts = resources.map(this::hosts).orElse(List.of(currentHost));
        if (!hosts.contains(currentHost)) {
            throw invalid(layout.resourceConfig(), "current_host '" + currentHost + "' is not one of hosts " + hosts);
        }
        Optional<String> networkInterface = resources.map(r -> r.path("network_interface_name").asText(""))
                .filter(name -> !name.isBlank()).map(String::trim);
        return new TrainingEnvironment(hyperparameters, currentHost, hosts, networkInterface, channels());
    }

    /**
     * The checkpoint folder: {@code LocalPath} of {@code checkpointconfig.json} when the job has a CheckpointConfig,
     * else {@code /opt/ml/checkpoints} (SageMaker's default LocalPath).
     */
    Path checkpointDir() throws IOException {
        Optional<JsonNode> config = object(layout.checkpointConfig());
        JsonNode localPath = config.map(c -> c.get("LocalPath")).orElse(null);
        if (localPath == null || localPath.isNull()) {
            return layout.checkpointDir();
        }
        if (!localPath.isTextual() || localPath.asText().isBlank()) {
            throw invalid(layout.checkpointConfig(), "'LocalPath' must be a non-empty string");
        }
        return layout.resolve(localPath.asText().trim());
    }

    private Map<String, String> hyperparameters() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        Optional<JsonNode> root = object(layout.hyperparameters());
        if (root.isEmpty()) {
            return values;
        }
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) root.get()::fields) {
            JsonNode value = field.getValue();
            if (!value.isNull()) {
                values.put(field.getKey(), value.isValueNode() ? value.asText() : value.toString());
            }
        }
        return values;
    }

    private List<String> hosts(JsonNode resources) {
        JsonNode hosts = resources.get("hosts");
        if (hosts == null || !hosts.isArray() || hosts.isEmpty()) {
            throw invalid(layout.resourceConfig(), "'hosts' must be a non-empty list of host names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode host : hosts) {
            if (!host.isTextual() || host.asText().isBlank() || names.contains(host.asText())) {
                throw invalid(layout.resourceConfig(), "'hosts' must list distinct host names; found " + hosts);
            }
            names.add(host.asText());
        }
        return names;
    }

    private List<ChannelSpec> channels() throws IOException {
        Optional<JsonNode> root = object(layout.inputDataConfig());
        if (root.isEmpty()) {
            return discoveredChannels();
        }
        List<ChannelSpec> channels = new ArrayList<>();
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) root.get()::fields) {
            String name = channelName(field.getKey());
            JsonNode spec = field.getValue();
            if (!spec.isObject()) {
                throw invalid(layout.inputDataConfig(), "channel '" + name + "' must be a JSON object");
            }
            JsonNode type = spec.get("ContentType");
            Optional<String> contentType = type == null || type.asText().isBlank()
                    ? Optional.empty() : Optional.of(type.asText().trim());
            channels.add(new ChannelSpec(name, contentType, mode(name, spec.get("TrainingInputMode")),
                    recordIoWrapped(name, spec.get("RecordWrapperType"))));
        }
        return channels;
    }

    private Channel.Mode mode(String channel, JsonNode mode) {
        String value = mode == null ? "File" : mode.asText().trim();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "file", "fastfile" -> Channel.Mode.FILE;
            case "pipe" -> Channel.Mode.PIPE;
            default -> throw invalid(layout.inputDataConfig(), "channel '" + channel + "' has TrainingInputMode '"
                    + value + "'; expected File, FastFile or Pipe");
        };
    }

    private boolean recordIoWrapped(String channel, JsonNode wrapper) {
        String value = wrapper == null || wrapper.isNull() ? "None" : wrapper.asText().trim();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none", "" -> false;
            case "recordio" -> true;
            default -> throw invalid(layout.inputDataConfig(), "channel '" + channel + "' has RecordWrapperType '"
                    + value + "'; expected None or RecordIO");
        };
    }

    /** Without inputdataconfig.json (a local run): every folder of input/data is a File-mode channel. */
    private List<ChannelSpec> discoveredChannels() throws IOException {
        if (!Files.isDirectory(layout.dataDir())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(layout.dataDir())) {
            return entries.filter(Files::isDirectory)
                    .map(dir -> dir.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .sorted()
                    .map(name -> new ChannelSpec(name, Optional.empty(), Channel.Mode.FILE))
                    .toList();
        }
    }

    private String channelName(String name) {
        if (!CHANNEL_NAME.matcher(name).matches()) {
            throw invalid(layout.inputDataConfig(), "channel name '" + name
                    + "' may hold only letters, digits, '.', '_' and '-'");
        }
        return name;
    }

    private String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw invalid(layout.resourceConfig(), "'" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    /** The file's top-level JSON object, or empty when the file does not exist. */
    private Optional<JsonNode> object(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            String why = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
            throw new TrainingException(layout.describe(file) + " is not valid JSON" + where + ": " + why, e);
        }
        if (root == null || root.isMissingNode()) {
            throw invalid(file, "the file is empty; expected a JSON object");
        }
        if (!root.isObject()) {
            throw invalid(file, "expected a JSON object, found " + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return Optional.of(root);
    }

    private TrainingException invalid(Path file, String why) {
        return new TrainingException(layout.describe(file) + ": " + why);
    }
}
