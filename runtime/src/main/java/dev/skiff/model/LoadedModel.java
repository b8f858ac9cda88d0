package dev.skiff.model;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import dev.skiff.spi.ModelHooks;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.SkiffException;
import java.net.URLClassLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A model ready to predict: the user's {@link Model}, its optional {@link ModelHooks}, and its class loader. */
public final class LoadedModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadedModel.class);

    private final String name;
    private final Model model;
    private final ModelHooks hooks;
    private final InputSchema schema;
    private final URLClassLoader classLoader;

    LoadedModel(String name, Model model, ModelHooks hooks, URLClassLoader classLoader) {
        this.name = name;
        this.model = model;
        this.hooks = hooks;
        this.schema = hooks.inputSchema(model.inputSchema());
        this.classLoader = classLoader;
    }

    /** Wraps a model without plugins or hooks (tests and embedding). */
    public static LoadedModel of(String name, Model model) {
        return new LoadedModel(name, model, new ModelHooks() { }, null);
    }

    /** The provider's name, used for thread names and logs. */
    public String name() {
        return name;
    }

    /** The schema requests are decoded against. */
    public InputSchema schema() {
        return schema;
    }

    /** Validates, pre-processes, predicts and post-processes one batch. Runs on a model worker thread. */
    public Predictions predict(Batch batch) throws Exception {
        hooks.validate(batch);
        Batch input = hooks.preprocess(batch);
        Predictions predictions = hooks.postprocess(input, model.predict(input));
        if (predictions.size() != batch.size()) {
            throw SkiffException.of(ErrorCode.INTERNAL_ERROR, "the model answered " + predictions.size()
                    + " predictions for " + batch.size() + " rows (rows " + batch.firstRow() + "..."
                    + batch.rowNumber(batch.size() - 1) + ")");
        }
        return predictions;
    }

    @Override
    public void close() {
        try {
            model.close();
        } catch (Exception e) {
            log.warn("closing model {} failed", name, e);
        }
        if (classLoader != null) {
            try {
                classLoader.close();
            } catch (Exception e) {
                log.warn("closing the class loader of model {} failed", name, e);
            }
        }
    }
}
