package dev.skiff.codec;

import dev.skiff.spi.Predictions;

/**
 * Writes predictions in one response format. A response is {@link #begin()}, then one
 * {@link #encode(Predictions, boolean)} per batch in input order, then {@link #end()}.
 *
 * <p>Stateless and thread-safe: batches are encoded on the model threads that predicted them, out of order;
 * the caller says which batch comes first.
 */
public interface ResponseEncoder {
    /** The response {@code Content-Type}, e.g. {@code text/csv}. */
    String contentType();

    /** Bytes before the first batch (e.g. {@code {"predictions":[}); may be empty. */
    byte[] begin();

    /** One batch's predictions; {@code first} is true for the request's first batch (no leading separator). */
    byte[] encode(Predictions predictions, boolean first);

    /** Bytes after the last batch; may be empty. */
    byte[] end();
}
