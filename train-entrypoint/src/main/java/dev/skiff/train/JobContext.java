package dev.skiff.train;

import dev.skiff.spi.Channel;
import dev.skiff.spi.Cluster;
import dev.skiff.spi.Hyperparameters;
import dev.skiff.spi.TrainingContext;
import dev.skiff.spi.TrainingException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Skiff's {@link TrainingContext}: the job's environment, opened channels, folders, metrics, stop flag and hosts. */
final class JobContext implements TrainingContext {
    private final TrainingEnvironment environment;
    private final Map<String, Channel> channels;
    private final MlLayout layout;
    private final Checkpoints checkpoints;
    private final Metrics metrics;
    private final StopSignal stop;
    private final JobHosts hosts;

    JobContext(TrainingEnvironment environment, Map<String, Channel> channels, MlLayout layout,
               Checkpoints checkpoints, Metrics metrics, StopSignal stop, JobHosts hosts) {
        this.environment = environment;
        this.channels = channels;
        this.layout = layout;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.stop = stop;
        this.hosts = hosts;
    }

    @Override
    public Hyperparameters hyperparameters() {
        return environment.hyperparameters();
    }

    @Override
    public Map<String, Channel> channels() {
        return channels;
    }

    @Override
    public Channel channel(String name) {
        Channel channel = channels.get(name);
        if (channel == null) {
            String have = channels.isEmpty() ? "has no channels" : "has only: " + String.join(", ", channels.keySet());
            throw new TrainingException("channel '" + name + "' is required but the job " + have
                    + "; add it to the job's InputDataConfig");
        }
        return channel;
    }

    @Override
    public String currentHost() {
        return environment.currentHost();
    }

    @Override
    public List<String> hosts() {
        return environment.hosts();
    }

    @Override
    public Cluster cluster() {
        return hosts;
    }

    @Override
    public Path modelDir() {
        return layout.modelDir();
    }

    @Override
    public Path outputDataDir() {
        return layout.outputDataDir();
    }

    @Override
    public Path checkpointDir() {
        return checkpoints.dir();
    }

    @Override
    public boolean resuming() {
        return checkpoints.resuming();
    }

    @Override
    public Optional<Path> checkpoint(String name) {
        return checkpoints.find(name);
    }

    @Override
    public Path saveCheckpoint(String name, CheckpointWriter writer) throws IOException {
        return checkpoints.save(name, writer);
    }

    @Override
    public void reportIteration(int iteration, Map<String, Double> values) {
        metrics.iteration(iteration, values);
    }

    @Override
    public void reportMetric(String name, double value) {
        metrics.reportFinal(name, value);
    }

    @Override
    public boolean stopRequested() {
        return stop.requested() || hosts.failed();
    }
}
