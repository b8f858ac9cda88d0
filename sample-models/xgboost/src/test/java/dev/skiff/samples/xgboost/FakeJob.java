package dev.skiff.samples.xgboost;

import dev.skiff.spi.Batch;
import dev.skiff.spi.Channel;
import dev.skiff.spi.Cluster;
import dev.skiff.spi.Hyperparameters;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.TrainingContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A training job on a fake /opt/ml tree (File mode): just what {@link XGBoostTrainer} uses, recording metrics.
 * A channel's content type is libsvm when it holds a {@code .libsvm} file, else CSV.
 */
final class FakeJob implements TrainingContext {
    final Path ml;
    final Map<String, String> hyperparameters;
    final List<Map<String, Double>> iterations = new ArrayList<>();
    final Map<String, Double> finals = new LinkedHashMap<>();
    volatile boolean stop;
    /** The hosts: one ({@code algo-1}) unless a test sets its own. */
    Cluster cluster;

    FakeJob(Path ml, Map<String, String> hyperparameters) {
        this.ml = ml;
        this.hyperparameters = hyperparameters;
    }

    /** Copies {@code files} into {@code input/data/<channel>/}. */
    FakeJob channel(String name, Path... files) throws IOException {
        Path dir = ml.resolve("input/data").resolve(name);
        Files.createDirectories(dir);
        for (Path f : files) {
            Files.copy(f, dir.resolve(f.getFileName()));
        }
        return this;
    }

    @Override
    public Hyperparameters hyperparameters() {
        return new Hyperparameters(hyperparameters);
    }

    @Override
    public Map<String, Channel> channels() {
        Map<String, Channel> out = new LinkedHashMap<>();
        for (String name : List.of("train", "validation")) {
            if (Files.isDirectory(ml.resolve("input/data").resolve(name))) {
                out.put(name, new FileChannel(name, ml.resolve("input/data").resolve(name)));
            }
        }
        return out;
    }

    @Override
    public Channel channel(String name) {
        Channel c = channels().get(name);
        if (c == null) {
            throw new dev.skiff.spi.TrainingException("channel '" + name + "' is required");
        }
        return c;
    }

    @Override
    public String currentHost() {
        return "algo-1";
    }

    @Override
    public List<String> hosts() {
        return List.of("algo-1");
    }

    @Override
    public Cluster cluster() {
        return cluster != null ? cluster : TrainingContext.super.cluster();
    }

    @Override
    public Path modelDir() {
        return ml.resolve("model");
    }

    @Override
    public Path outputDataDir() {
        return ml.resolve("output/data");
    }

    @Override
    public Path checkpointDir() {
        return ml.resolve("checkpoints");
    }

    @Override
    public boolean resuming() {
        return Files.isDirectory(checkpointDir());
    }

    @Override
    public Optional<Path> checkpoint(String name) {
        Path file = checkpointDir().resolve(name);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Writes beside the target, then renames: what the real job does, without the fsync. */
    @Override
    public Path saveCheckpoint(String name, CheckpointWriter writer) throws IOException {
        Files.createDirectories(checkpointDir());
        Path temp = checkpointDir().resolve(".tmp-" + name);
        try (var out = Files.newOutputStream(temp)) {
            writer.write(out);
        }
        return Files.move(temp, checkpointDir().resolve(name), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void reportIteration(int iteration, Map<String, Double> metrics) {
        iterations.add(metrics);
    }

    @Override
    public void reportMetric(String name, double value) {
        finals.put(name, value);
    }

    @Override
    public boolean stopRequested() {
        return stop;
    }

    private record FileChannel(String name, Path dir) implements Channel {
        @Override
        public Optional<String> contentType() {
            try (var files = Files.list(dir)) {
                boolean libsvm = files.anyMatch(f -> f.toString().endsWith(".libsvm"));
                return Optional.of(libsvm ? "text/libsvm" : "text/csv");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public Mode mode() {
            return Mode.FILE;
        }

        @Override
        public List<Path> files() {
            try (var files = Files.list(dir)) {
                return files.sorted().toList();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void read(int epoch, SourceReader reader) throws IOException {
            for (Path f : files()) {
                try (InputStream in = Files.newInputStream(f)) {
                    reader.read(name + "/" + f.getFileName(), in);
                }
            }
        }

        @Override
        public long readRecords(int epoch, InputSchema schema, int batchRows, Consumer<Batch> sink) {
            throw new UnsupportedOperationException("the XGBoost trainer reads sources itself");
        }
    }
}
