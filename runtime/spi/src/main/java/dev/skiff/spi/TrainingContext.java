package dev.skiff.spi;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a {@link Trainer} gets: the job's inputs ({@code /opt/ml/input}), where to write
 * ({@code /opt/ml/model}, {@code /opt/ml/output/data}, {@code /opt/ml/checkpoints}), metrics, and the stop flag.
 *
 * <p>Implemented by Skiff (and by a trainer's own tests, if they like). Thread-safe: a trainer may report metrics
 * and check {@link #stopRequested()} from its worker threads.
 */
public interface TrainingContext {
    /** Writes a checkpoint's bytes; see {@link #saveCheckpoint}. */
    @FunctionalInterface
    interface CheckpointWriter {
        void write(OutputStream out) throws IOException;
    }

    Hyperparameters hyperparameters();

    /** Every channel of the job by name, in the order the job declares them. */
    Map<String, Channel> channels();

    /**
     * The channel called {@code name}. A job without it fails with a {@link TrainingException} that names the
     * channels it has ({@code channel 'validation' is required but the job has only: train}).
     */
    Channel channel(String name);

    /** This host ({@code current_host} of {@code resourceconfig.json}; {@code algo-1} when absent). */
    String currentHost();

    /** Every host of the job, this one included, in SageMaker's order. */
    List<String> hosts();

    /**
     * The job's hosts and the hook to train across them ({@link Cluster#join}). The default, for a trainer's own
     * tests, is a cluster of {@link #currentHost()} alone; Skiff's context is the real one.
     */
    default Cluster cluster() {
        return Cluster.singleHost(currentHost());
    }

    /**
     * Where the model goes ({@code /opt/ml/model}); SageMaker uploads it as {@code model.tar.gz}. Skiff adds
     * {@code skiff-model.json} beside the trainer's files after {@link Trainer#train} returns.
     */
    Path modelDir();

    /** Extra outputs ({@code /opt/ml/output/data}), uploaded as {@code output.tar.gz}. */
    Path outputDataDir();

    /**
     * Checkpoints: the CheckpointConfig's {@code LocalPath} ({@code input/config/checkpointconfig.json}), else
     * {@code /opt/ml/checkpoints}. SageMaker syncs it with S3 when the job has a CheckpointConfig.
     */
    Path checkpointDir();

    /** True when the checkpoint folder held a checkpoint when the job started: resume from it. */
    boolean resuming();

    /** The complete checkpoint file {@code name}, if there is one (a half-written one is never visible). */
    Optional<Path> checkpoint(String name);

    /**
     * Writes checkpoint {@code name} (a plain file name) atomically: to a hidden temporary file, flushed to disk,
     * then moved over any previous checkpoint of that name. A stop or crash mid-write leaves the previous one whole.
     *
     * @return the checkpoint's path
     */
    Path saveCheckpoint(String name, CheckpointWriter writer) throws IOException;

    /**
     * Logs one iteration's metrics as one line, {@code [skiff] iteration=12 train-auc=0.93; validation-auc=0.91;},
     * which SageMaker {@code MetricDefinitions} can read with {@code  train-auc=([0-9.eE+-]+);}. Metric names are
     * letters, digits and {@code _ - . : /}; the map's order is kept.
     */
    void reportIteration(int iteration, Map<String, Double> metrics);

    /**
     * Reports a final metric: logged at once ({@code [skiff] final validation-auc=0.91;}) and recorded in the
     * model manifest. When a trainer reports none, the manifest keeps the last iteration's metrics.
     */
    void reportMetric(String name, double value);

    /**
     * True once the job has been asked to stop (SIGTERM on this host or, in a multi-host job, on any host) or its
     * group has failed. Check it between iterations; never resets. In a distributed group decide together (e.g. an
     * all-reduce of this flag each round), so that every host stops after the same iteration.
     */
    boolean stopRequested();
}
