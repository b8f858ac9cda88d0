package dev.skiff.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole run in-process against fake /opt/ml trees: exit code, model, manifest, failure file. */
class TrainingJobTest {
    @TempDir
    Path root;

    private int run(MlTree tree) {
        return new TrainingJob(tree.settings(Optional.empty()), new StopSignal(), getClass().getClassLoader()).run();
    }

    private MlTree csvJob(Map<String, String> hyperparameters) {
        return new MlTree(root).hyperparameters(hyperparameters)
                .config("resourceconfig.json", "{\"current_host\": \"algo-1\", \"hosts\": [\"algo-1\"]}")
                .channel("train", "text/csv", "File")
                .data("train", "part-1.csv", "1,0.5,0.25\n0,0.1,0.2\n")
                .gzipData("train", "part-2.csv.gz", "1,0.3,0.4\n");
    }

    @Test
    void happyPathWritesModelManifestAndNoFailure() throws Exception {
        MlTree tree = csvJob(Map.of("skiff_trainer", "line-count", "epochs", "2"));
        Files.createDirectories(tree.layout.outputDir());
        Files.writeString(tree.layout.failureFile(), "stale failure from an earlier run");

        assertThat(run(tree)).isEqualTo(TrainingJob.COMPLETED);

        assertThat(tree.failure()).isNull();
        assertThat(Files.readString(tree.model("model.txt")))
                .startsWith("rows=3\ntrain/part-1.csv\ntrain/part-2.csv.gz\n");
        assertThat(tree.layout.outputDataDir().resolve("extra.txt")).exists();
        JsonNode manifest = new ObjectMapper().readTree(tree.model(Manifest.FILE_NAME).toFile());
        assertThat(manifest.get("trainer").asText()).isEqualTo("line-count");
        assertThat(manifest.get("outcome").asText()).isEqualTo("completed");
        assertThat(manifest.get("resumed_from_checkpoint").asBoolean()).isFalse();
        assertThat(manifest.at("/versions/skiff").asText()).isNotBlank().doesNotContain("${");
        assertThat(manifest.at("/versions/java").asText()).startsWith(String.valueOf(Runtime.version().feature()));
        assertThat(manifest.at("/hyperparameters/epochs").asText()).isEqualTo("2");
        assertThat(manifest.at("/hosts/current").asText()).isEqualTo("algo-1");
        assertThat(manifest.at("/channels/0/content_type").asText()).isEqualTo("text/csv");
        assertThat(manifest.at("/metrics/train-rows").asDouble()).isEqualTo(3.0);
        assertThat(manifest.get("inputs")).hasSize(2);
        JsonNode second = manifest.at("/inputs/1");
        assertThat(second.get("source").asText()).isEqualTo("train/part-2.csv.gz");
        assertThat(second.get("rows").asLong()).isEqualTo(1);
        assertThat(second.get("gzip").asBoolean()).isTrue();
        assertThat(second.get("bytes").asLong()).isEqualTo(Files.size(root.resolve("input/data/train/part-2.csv.gz")));
        byte[] stored = Files.readAllBytes(root.resolve("input/data/train/part-2.csv.gz"));
        assertThat(second.get("sha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)));
        assertThat(manifest.get("started").asText()).isLessThanOrEqualTo(manifest.get("ended").asText());
    }

    @Test
    void recordsAreCountedByTheDecoderForTheManifest() throws Exception {
        MlTree tree = csvJob(Map.of("skiff_trainer", "line-count", "records", "true"))
                .data("train", "part-3.csv", "1,0.5,0.25\n\n\n");
        assertThat(run(tree)).as(tree.failure()).isEqualTo(TrainingJob.COMPLETED);
        JsonNode manifest = new ObjectMapper().readTree(tree.model(Manifest.FILE_NAME).toFile());
        assertThat(manifest.at("/inputs/2/source").asText()).isEqualTo("train/part-3.csv");
        assertThat(manifest.at("/inputs/2/rows").asLong()).isEqualTo(1);
        assertThat(manifest.at("/metrics/train-rows").asDouble()).isEqualTo(4.0);
    }

    @Test
    void aMalformedRowIsTheFailureLineWithFileAndLine() {
        MlTree tree = csvJob(Map.of("skiff_trainer", "line-count", "records", "true"))
                .data("train", "part-1.csv", "1,0.5,0.25\n0,0.1\n");
        assertThat(run(tree)).isEqualTo(TrainingJob.FAILED);
        assertThat(tree.failure()).isEqualTo("train/part-1.csv line 2: 2 columns, expected 3");
    }

    @Test
    void pipeModeRunReadsTheFifoAndRecordsIt() throws Exception {
        MlTree tree = new MlTree(root).hyperparameters(Map.of("skiff_trainer", "line-count", "records", "true"))
                .channel("train", "text/csv", "Pipe");
        Files.createDirectories(tree.layout.dataDir());
        var writer = java.util.concurrent.CompletableFuture.runAsync(() -> MlTree.writeFifo(
                tree.layout.dataDir().resolve("train_0"), MlTree.gzip("1,2\n3,4\n5,6\n")));
        assertThat(run(tree)).as(tree.failure()).isEqualTo(TrainingJob.COMPLETED);
        writer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        JsonNode input = new ObjectMapper().readTree(tree.model(Manifest.FILE_NAME).toFile()).at("/inputs/0");
        assertThat(input.get("source").asText()).isEqualTo("train_0");
        assertThat(input.get("rows").asLong()).isEqualTo(3);
        assertThat(input.get("gzip").asBoolean()).isTrue();
    }

    @Test
    void aRecordIoWrappedPipeIsReadAsItsTextAndTheManifestSaysSo() throws Exception {
        MlTree tree = new MlTree(root).hyperparameters(Map.of("skiff_trainer", "line-count", "records", "true"))
                .config("inputdataconfig.json", "{\"train\": {\"ContentType\": \"text/csv\","
                        + " \"TrainingInputMode\": \"Pipe\", \"RecordWrapperType\": \"RecordIO\"}}");
        Files.createDirectories(tree.layout.dataDir());
        byte[] wrapped = ChannelsTest.concat(dev.skiff.codec.recordio.RecordIoFrames.frame("1,2\n3,4".getBytes()),
                dev.skiff.codec.recordio.RecordIoFrames.frame("5,6\n".getBytes()));
        var writer = java.util.concurrent.CompletableFuture.runAsync(() -> MlTree.writeFifo(
                tree.layout.dataDir().resolve("train_0"), wrapped));
        assertThat(run(tree)).as(tree.failure()).isEqualTo(TrainingJob.COMPLETED);
        writer.get(10, java.util.concurrent.TimeUnit.SECONDS);
        JsonNode manifest = new ObjectMapper().readTree(tree.model(Manifest.FILE_NAME).toFile());
        assertThat(manifest.at("/channels/0/record_wrapper").asText()).isEqualTo("RecordIO");
        assertThat(manifest.at("/inputs/0/rows").asLong()).isEqualTo(3);
        assertThat(manifest.at("/inputs/0/bytes").asLong()).isEqualTo(wrapped.length);
        assertThat(manifest.at("/metrics/train-rows").asDouble()).isEqualTo(3.0);
    }

    @Test
    void wrongHyperparameterTypeIsTheFailureLine() {
        MlTree tree = csvJob(Map.of("skiff_trainer", "line-count", "epochs", "abc"));
        assertThat(run(tree)).isEqualTo(TrainingJob.FAILED);
        assertThat(tree.failure()).isEqualTo("hyperparameter epochs='abc' is not an integer");
        assertThat(tree.model(Manifest.FILE_NAME)).doesNotExist();
    }

    @Test
    void missingAndEmptyChannelsFailBeforeTraining() throws Exception {
        MlTree tree = new MlTree(root).hyperparameters(Map.of("skiff_trainer", "line-count"))
                .channel("train", "text/csv", "File");
        assertThat(run(tree)).isEqualTo(TrainingJob.FAILED);
        assertThat(tree.failure()).startsWith("channel 'train' is missing: input/data/train does not exist");
        Files.createDirectories(tree.layout.dataDir().resolve("train"));
        assertThat(run(tree)).isEqualTo(TrainingJob.FAILED);
        assertThat(tree.failure()).startsWith("channel 'train' is empty");
    }

    @Test
    void aChannelTheTrainerNeedsButTheJobLacksIsNamed() {
        MlTree tree = new MlTree(root).hyperparameters(Map.of("skiff_trainer", "line-count"))
                .channel("validation", "text/csv", "File").data("validation", "v.csv", "1,2\n");
        assertThat(run(tree)).isEqualTo(TrainingJob.FAILED);
        assertThat(tree.failure()).isEqualTo("channel 'train' is required but the job has only: validation; add it"
                + " to the job's InputDataConfig");
    }

    @Test
    void malformedConfigIsTheFailureLine() {
        MlTree tree = csvJob(Map.of()).config("inputdataconfig.json", "{\"train\": {\"ContentType\": \"text/csv\"");
        assertThat(run(tree)).isEqualTo(TrainingJob.FAILED);
        assertThat(tree.failure()).startsWith("input/config/inputdataconfig.json is not valid JSON (line 1");
    }

    @Test
    void severalTrainersWithoutAChoiceIsTheFailureLine() {
        MlTree tree = csvJob(Map.of());
        assertThat(run(tree)).isEqualTo(TrainingJob.FAILED);
        assertThat(tree.failure()).startsWith("several Trainers found (line-count, checkpointing, group)");
    }

    @Test
    void anUnexpectedTrainerExceptionIsNamedOnOneLine() {
        MlTree tree = csvJob(Map.of("skiff_trainer", "line-count", "fail_with", "boom\nsecond line"));
        assertThat(run(tree)).isEqualTo(TrainingJob.FAILED);
        assertThat(tree.failure()).isEqualTo("trainer 'line-count' failed: IllegalStateException: boom second line;"
                + " the log has the stack trace");
    }

    @Test
    void aCheckpointFolderWithFilesMeansResume() throws Exception {
        MlTree tree = csvJob(Map.of("skiff_trainer", "checkpointing", "iterations", "5", "pause_ms", "0"));
        Files.createDirectories(tree.layout.checkpointDir());
        Files.writeString(tree.layout.checkpointDir().resolve("state"), "3");
        assertThat(run(tree)).isEqualTo(TrainingJob.COMPLETED);
        assertThat(Files.readString(tree.model("model.txt"))).isEqualTo("resumed_from=3 reached=5 resuming=true");
        assertThat(Files.readString(tree.layout.checkpointDir().resolve("state"))).isEqualTo("5");
        JsonNode manifest = new ObjectMapper().readTree(tree.model(Manifest.FILE_NAME).toFile());
        assertThat(manifest.get("resumed_from_checkpoint").asBoolean()).isTrue();
        assertThat(manifest.at("/metrics/progress").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aStopBeforeTrainingStartsExitsAsStopped() {
        MlTree tree = csvJob(Map.of("skiff_trainer", "line-count"));
        StopSignal stop = new StopSignal();
        stop.request();
        assertThat(new TrainingJob(tree.settings(Optional.empty()), stop, getClass().getClassLoader()).run())
                .isEqualTo(TrainingJob.STOPPED);
        assertThat(tree.failure()).isNull();
    }

    @Test
    void aCheckpointConfigMovesTheCheckpointFolder() throws Exception {
        MlTree tree = csvJob(Map.of("skiff_trainer", "checkpointing", "iterations", "2", "pause_ms", "0"))
                .config("checkpointconfig.json", "{\"LocalPath\": \"/opt/ml/my-checkpoints\"}");
        assertThat(run(tree)).isEqualTo(TrainingJob.COMPLETED);
        assertThat(Files.readString(root.resolve("my-checkpoints/state"))).isEqualTo("2");
        assertThat(tree.layout.checkpointDir()).doesNotExist();
    }
}
