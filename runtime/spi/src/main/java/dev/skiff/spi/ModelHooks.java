package dev.skiff.spi;

/**
 * Optional code around any model: validation, pre-processing and post-processing. Listed in
 * {@code META-INF/services/dev.skiff.spi.ModelHooks} beside the model's provider (or alone, in
 * {@code /opt/ml/model/code/*.jar}, to wrap a stock model such as XGBoost). At most one is used per model.
 *
 * <p>All three run on the same model worker thread as {@link Model#predict}, in the order validate, preprocess,
 * predict, postprocess, once per batch (a batch's rows always come from one request). They may block and must be
 * thread-safe. Hooks wrap tabular {@link Model}s only; installed beside a {@link RawModel} they fail the load.
 */
public interface ModelHooks {
    /**
     * Called once after the model is loaded, before any batch. The default keeps the hooks as they are.
     *
     * @param schema the model's own input schema
     * @return the schema the runtime decodes requests against (a hook may, for instance, name the features)
     */
    default InputSchema inputSchema(InputSchema schema) {
        return schema;
    }

    /** Rejects bad rows: throw {@link SkiffException#badRow} with {@link ErrorCode#INVALID_INPUT} (a 400). */
    default void validate(Batch batch) {
    }

    /**
     * Rewrites a batch before prediction; must keep the number and order of rows. A new batch keeps the request's
     * {@link Batch#context()} even when built without it.
     */
    default Batch preprocess(Batch batch) {
        return batch;
    }

    /**
     * Rewrites the model's answer, e.g. a probability into {@code "good"} or {@code "bad"}; one value per row. May
     * set custom attributes for the caller ({@link Predictions#withCustomAttributes}), reading the request's in
     * {@code batch.context()}.
     */
    default Predictions postprocess(Batch batch, Predictions predictions) {
        return predictions;
    }
}
