package dev.skiff.spi;

/**
 * A loaded model. Created by {@link ModelProvider#load}; closed at most once, when the server stops.
 *
 * <p>{@link #predict} is called concurrently from the model's worker threads ({@code model-<name>-<n>}, as many as
 * {@code SAGEMAKER_MODEL_SERVER_WORKERS}), never from a network thread, so it may block. It must be thread-safe.
 */
public interface Model extends AutoCloseable {
    /** What the model accepts. Called once after loading. */
    InputSchema inputSchema();

    /**
     * Predicts one batch: exactly one prediction per row, in row order. May block. Throw a {@link SkiffException}
     * to reject input with a 4xx that names the row; anything else thrown is answered as a 500 with a generic
     * message and logged.
     */
    Predictions predict(Batch batch) throws Exception;

    /**
     * Frees native memory and other resources. Called at most once, on a thread of Skiff's, after the last
     * {@link #predict} returned; never while one runs. If a prediction is still running when the server's drain
     * timeout ({@code SKIFF_DRAIN_TIMEOUT_SECONDS}) ends, the process exits without calling it.
     */
    @Override
    default void close() throws Exception {
    }
}
