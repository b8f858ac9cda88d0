package dev.skiff.spi;

/**
 * What {@link ModelProvider#load} answers: a {@link Model}, which predicts rows of a table (CSV, JSON, JSON Lines),
 * or a {@link RawModel}, which reads the request body as bytes (an image, a text, a sound) and answers bytes.
 * Nothing else implements it.
 */
public sealed interface ServedModel extends AutoCloseable permits Model, RawModel {
    /**
     * Frees native memory and other resources. Called once, when the server stops, after the last prediction
     * returned.
     */
    @Override
    default void close() throws Exception {
    }
}
