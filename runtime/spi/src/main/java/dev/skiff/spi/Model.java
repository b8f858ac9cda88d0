package dev.skiff.spi;

/**
 * A loaded model that predicts rows of a table (CSV, JSON, JSON Lines). Created by {@link ModelProvider#load}; closed
 * at most once, when the server stops. For input that is not a table, see {@link RawModel}.
 *
 * <p>{@link #predict} is called concurrently from the model's worker threads ({@code model-<name>-<n>}, as many as
 * {@code SAGEMAKER_MODEL_SERVER_WORKERS}), never from a network thread, so it may block. It must be thread-safe.
 * {@link Batch#context()} tells which request the rows come from.
 */
public non-sealed interface Model extends ServedModel {
    /** What the model accepts. Called once after loading. */
    InputSchema inputSchema();

    /**
     * Predicts one batch: exactly one prediction per row, in row order. May block. Throw a {@link SkiffException}
     * to reject input with a 4xx that names the row; anything else thrown is answered as a 500 with a generic
     * message and logged. Custom attributes for the caller go on the answer:
     * {@code Predictions.scores(...).withCustomAttributes("model=v3")}.
     */
    Predictions predict(Batch batch) throws Exception;

    /**
     * Whether {@link #predict} may be given the rows of several concurrent requests in one batch (cross-request
     * micro-batching): worth it for a model whose every call costs more than its rows (a native library's call
     * overhead, a thread pool's hand-off). Called once after loading. The default, {@code false}, gives
     * {@link #predict} one request's rows at a time.
     *
     * <p>When a model says {@code true}, a model thread that takes a small request's batch also takes the batches
     * of other requests already waiting (never waiting for more) up to {@code SKIFF_MICRO_BATCH_ROWS} rows and
     * predicts them in one call; an idle server still calls it with one request's batch. A model that says yes
     * promises that:
     * <ul>
     *   <li>each row's prediction depends on that row alone (no statistics over the batch), so that rows answer
     *       the same whichever rows they are predicted with;</li>
     *   <li>{@link #predict} may be called again on the same rows: when a merged call throws, or answers the wrong
     *       number of predictions, each request's rows are predicted alone, so that an error names its own
     *       request's row ({@link Batch#rowNumber}) and fails no other request;</li>
     *   <li>a merged batch's rows are numbered from 1 across all its requests (its row numbers mean nothing to a
     *       client), its {@link Batch#context()} is {@link RequestContext#NONE} (its rows come from several
     *       requests), and its answer's predictions are handed back to each request in order, with the answer's
     *       custom attributes, if any, going to every one of them;</li>
     *   <li>a model that reads the request context, or answers custom attributes for one request, says no.</li>
     * </ul>
     * {@link ModelHooks} still run once per request, on that request's batch and with its context, before and after
     * the merged call.
     */
    default boolean acceptsMergedBatches() {
        return false;
    }

    /**
     * Frees native memory and other resources. Called at most once, on a thread of Skiff's, after the last
     * {@link #predict} returned; never while one runs. If a prediction is still running when the server's drain
     * timeout ({@code SKIFF_DRAIN_TIMEOUT_SECONDS}) ends, the process exits without calling it.
     */
    @Override
    default void close() throws Exception {
    }
}
