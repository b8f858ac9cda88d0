package dev.skiff.train;

import dev.skiff.spi.Channel;
import dev.skiff.spi.TrainingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvironmentReaderTest {
    @TempDir
    Path root;

    private TrainingEnvironment read(MlTree tree) throws Exception {
        return new EnvironmentReader(tree.layout).read();
    }

    @Test
    void readsAllThreeFiles() throws Exception {
        MlTree tree = new MlTree(root)
                .hyperparameters(Map.of("num_round", "10"))
                .config("resourceconfig.json", "{\"current_host\": \"algo-2\", \"hosts\": [\"algo-1\", \"algo-2\"],"
                        + " \"network_interface_name\": \"eth0\"}")
                .channel("train", "text/csv", "File")
                .channel("validation", "application/jsonlines", "Pipe")
                .channel("extra", "", "FastFile");
        TrainingEnvironment env = read(tree);
        assertThat(env.hyperparameters().requiredInteger("num_round")).isEqualTo(10);
        assertThat(env.currentHost()).isEqualTo("algo-2");
        assertThat(env.hosts()).containsExactly("algo-1", "algo-2");
        assertThat(env.channels()).containsExactly(
                new TrainingEnvironment.ChannelSpec("train", Optional.of("text/csv"), Channel.Mode.FILE),
                new TrainingEnvironment.ChannelSpec("validation", Optional.of("application/jsonlines"),
                        Channel.Mode.PIPE),
                new TrainingEnvironment.ChannelSpec("extra", Optional.empty(), Channel.Mode.FILE));
    }

    @Test
    void withoutConfigFilesDefaultsToOneHostAndTheDataFolders() throws Exception {
        MlTree tree = new MlTree(root).data("train", "a.csv", "1,2\n").data("validation", "b.csv", "1,2\n")
                .data(".hidden", "c.csv", "1\n");
        TrainingEnvironment env = read(tree);
        assertThat(env.hyperparameters().asMap()).isEmpty();
        assertThat(env.currentHost()).isEqualTo("algo-1");
        assertThat(env.hosts()).containsExactly("algo-1");
        assertThat(env.channels()).extracting(TrainingEnvironment.ChannelSpec::name)
                .containsExactly("train", "validation");
    }

    @Test
    void nonStringHyperparameterValuesArriveAsText() throws Exception {
        MlTree tree = new MlTree(root).config("hyperparameters.json",
                "{\"depth\": 6, \"eta\": 0.3, \"flag\": true, \"list\": [1, 2], \"gone\": null}");
        assertThat(read(tree).hyperparameters().asMap())
                .containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("depth", "6", "eta", "0.3", "flag", "true",
                        "list", "[1,2]")));
    }

    @Test
    void malformedJsonNamesTheFileAndPosition() {
        MlTree tree = new MlTree(root).config("hyperparameters.json", "{\n  \"a\": \"1\",\n  \"b\": }");
        assertThatThrownBy(() -> read(tree)).isInstanceOf(TrainingException.class)
                .hasMessageStartingWith("input/config/hyperparameters.json is not valid JSON (line 3, column")
                .hasMessageNotContaining("\n");
    }

    @Test
    void wrongShapesAreNamed() {
        assertThatThrownBy(() -> read(new MlTree(root).config("hyperparameters.json", "[1, 2]")))
                .hasMessage("input/config/hyperparameters.json: expected a JSON object, found array");
        assertThatThrownBy(() -> read(new MlTree(root).config("hyperparameters.json", "  ")))
                .hasMessage("input/config/hyperparameters.json: the file is empty; expected a JSON object");
    }

    @Test
    void badResourceConfig() {
        MlTree noHost = new MlTree(root).config("resourceconfig.json", "{\"hosts\": [\"algo-1\"]}");
        assertThatThrownBy(() -> read(noHost))
                .hasMessage("input/config/resourceconfig.json: 'current_host' must be a non-empty string");
        MlTree noHosts = new MlTree(root).config("resourceconfig.json", "{\"current_host\": \"algo-1\"}");
        assertThatThrownBy(() -> read(noHosts))
                .hasMessage("input/config/resourceconfig.json: 'hosts' must be a non-empty list of host names");
        MlTree broken = new MlTree(root).config("resourceconfig.json", "{\"current_host\": ");
        assertThatThrownBy(() -> read(broken))
                .hasMessageStartingWith("input/config/resourceconfig.json is not valid JSON");
    }

    @Test
    void badInputDataConfig() {
        MlTree badMode = new MlTree(root).channel("train", "text/csv", "Stream");
        assertThatThrownBy(() -> read(badMode)).hasMessage("input/config/inputdataconfig.json: channel 'train' has"
                + " TrainingInputMode 'Stream'; expected File, FastFile or Pipe");
        MlTree badName = new MlTree(root).config("inputdataconfig.json", "{\"../etc\": {}}");
        assertThatThrownBy(() -> read(badName)).hasMessage("input/config/inputdataconfig.json: channel name '../etc'"
                + " may hold only letters, digits, '.', '_' and '-'");
        MlTree notObject = new MlTree(root).config("inputdataconfig.json", "{\"train\": \"text/csv\"}");
        assertThatThrownBy(() -> read(notObject))
                .hasMessage("input/config/inputdataconfig.json: channel 'train' must be a JSON object");
    }

    @Test
    void recordWrapperTypeRecordIoMarksTheChannel() throws Exception {
        MlTree tree = new MlTree(root).config("inputdataconfig.json", "{"
                + "\"train\": {\"ContentType\": \"text/csv\", \"TrainingInputMode\": \"Pipe\","
                + " \"RecordWrapperType\": \"RecordIO\"},"
                + " \"validation\": {\"TrainingInputMode\": \"Pipe\", \"RecordWrapperType\": \"recordio\"},"
                + " \"test\": {\"TrainingInputMode\": \"Pipe\", \"RecordWrapperType\": \"None\"},"
                + " \"extra\": {\"TrainingInputMode\": \"Pipe\"}}");
        assertThat(read(tree).channels()).extracting(TrainingEnvironment.ChannelSpec::recordIoWrapped)
                .containsExactly(true, true, false, false);
        MlTree bad = new MlTree(root).config("inputdataconfig.json",
                "{\"train\": {\"TrainingInputMode\": \"Pipe\", \"RecordWrapperType\": \"TFRecord\"}}");
        assertThatThrownBy(() -> read(bad)).hasMessage("input/config/inputdataconfig.json: channel 'train' has"
                + " RecordWrapperType 'TFRecord'; expected None or RecordIO");
    }

    @Test
    void checkpointsGoToTheCheckpointConfigsLocalPathUnderTheRoot() throws Exception {
        MlTree tree = new MlTree(root);
        EnvironmentReader reader = new EnvironmentReader(tree.layout);
        assertThat(reader.checkpointDir()).isEqualTo(root.resolve("checkpoints"));

        tree.config("checkpointconfig.json", "{\"LocalPath\": \"/opt/ml/spot/state\", \"S3Uri\": \"s3://b/k\"}");
        assertThat(reader.checkpointDir()).isEqualTo(root.resolve("spot/state"));
        tree.config("checkpointconfig.json", "{\"S3Uri\": \"s3://b/k\"}");
        assertThat(reader.checkpointDir()).isEqualTo(root.resolve("checkpoints"));
        Path elsewhere = root.resolve("elsewhere").toAbsolutePath();
        tree.config("checkpointconfig.json", "{\"LocalPath\": \"" + elsewhere + "\"}");
        assertThat(reader.checkpointDir()).isEqualTo(elsewhere);

        tree.config("checkpointconfig.json", "{\"LocalPath\": 3}");
        assertThatThrownBy(reader::checkpointDir).isInstanceOf(TrainingException.class)
                .hasMessage("input/config/checkpointconfig.json: 'LocalPath' must be a non-empty string");
    }
}
