package dev.skiff.spi;

/**
 * What {@link ModelProvider#load} answers: a {@link Model}, which predicts rows of a table (CSV, JSON, JSON Lines),
 * or a {@link RawModel}, which reads the request body as bytes (an image, a text, a sound) and answers bytes.
 * Nothing else implements it.
 */
public sealed interface ServedModel extends AutoCloseable permits Model, RawModel {
    /**
     * Frees native memory and other resources. Called at most once, on a thread of Skiff's, after the last
     * prediction returned; never while one runs. If a prediction is still running when the server's drain timeout
     * ({@code SKIFF_DRAIN_TIMEOUT_SECONDS}) ends, the process exits without calling it.
     */
    @Override
    default void close() throws Exception {
    }
}
