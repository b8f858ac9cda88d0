package dev.skiff.spi;

/**
 * Trains a model for {@code skiff train}. Listed in {@code META-INF/services/dev.skiff.spi.Trainer} of a jar in the
 * image's plugins folder ({@code $SKIFF_PLUGINS_DIR}, default {@code /opt/skiff/plugins}) or on the classpath, and
 * found with {@link java.util.ServiceLoader}; it needs a public no-argument constructor.
 *
 * <p>Which trainer runs: the one named by the {@code skiff_trainer} hyperparameter, else by {@code SKIFF_TRAINER},
 * else the only one present. None, several, or an unknown name fail the job with a reason that lists the names found.
 */
public interface Trainer {
    /** A short, stable name like {@code xgboost}; matched against {@code skiff_trainer} and {@code SKIFF_TRAINER}. */
    String name();

    /**
     * Runs the whole training job: reads the channels, writes the model into {@link TrainingContext#modelDir()}.
     * Called once per process, on the {@code main} thread; it may block for as long as training takes and may
     * start its own threads (which it must stop before returning).
     *
     * <p>Stopping: when SageMaker stops the job (StopTrainingJob, spot interruption) the process gets SIGTERM and
     * {@link TrainingContext#stopRequested()} turns true. Check it between iterations, save a checkpoint and return
     * promptly (within about 100 seconds; SageMaker kills the container 120 seconds after SIGTERM).
     *
     * <p>Failing: throw {@link TrainingException} with a one-line reason that says what is wrong and how to fix it;
     * it is written verbatim to {@code /opt/ml/output/failure}. Anything else thrown fails the job too, with a
     * generic reason naming the exception; its stack trace goes to the log.
     */
    void train(TrainingContext context) throws Exception;
}
