package dev.skiff.model;

import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Model;
import dev.skiff.spi.ModelHooks;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.RawModel;
import dev.skiff.spi.RawPrediction;
import dev.skiff.spi.RequestContext;
import dev.skiff.spi.ServedModel;
import dev.skiff.spi.SkiffException;
import java.io.InputStream;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model ready to predict: the user's {@link Model} with its optional {@link ModelHooks}, or a {@link RawModel};
 * its class loader; and the predictions running on it, so that {@link ServedModel#close} runs only after the last one
 * returned (each loaded model keeps its own count, so a server holding several can unload one while the others
 * serve).
 */
public final class LoadedModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadedModel.class);

    private final String name;
    private final String provider;
    private final ServedModel served;
    private final ModelHooks hooks;
    private final InputSchema schema;
    private final List<String> rawContentTypes;
    private final boolean mergesBatches;
    private final URLClassLoader classLoader;
    private final InFlight inFlight = new InFlight();
    private final AtomicBoolean closed = new AtomicBoolean();

    LoadedModel(String name, String provider, ServedModel served, ModelHooks hooks, URLClassLoader classLoader) {
        this.name = name;
        this.provider = provider;
        this.served = served;
        this.hooks = hooks;
        this.classLoader = classLoader;
        if (served instanceof Model model) {
            this.schema = hooks.inputSchema(model.inputSchema());
            this.rawContentTypes = List.of();
            this.mergesBatches = model.acceptsMergedBatches();
        } else {
            this.schema = null;
            this.rawContentTypes = List.copyOf(((RawModel) served).contentTypes());
            this.mergesBatches = false;
        }
    }

    /** Wraps a model without plugins or hooks (tests and embedding). */
    public static LoadedModel of(String name, ServedModel model) {
        return new LoadedModel(name, name, model, new ModelHooks() { }, null);
    }

    /** Wraps a tabular model and its hooks, without plugins (tests and embedding). */
    public static LoadedModel of(String name, Model model, ModelHooks hooks) {
        return new LoadedModel(name, name, model, hooks, null);
    }

    /**
     * The name it is served under, used for thread names, logs, metrics and capture: the provider's name for the one
     * model of a single-model endpoint, the {@code model_name} SageMaker gave in multi-model mode.
     */
    public String name() {
        return name;
    }

    /** The name of the provider that loaded it. */
    public String provider() {
        return provider;
    }

    /**
     * The Java heap the model holds: its object graph (the model and its hooks), sized by walking it
     * ({@link HeapSize}). Call it before the first prediction (it reads the model's fields).
     */
    public long heapBytes() {
        return HeapSize.of(served, hooks);
    }

    /** Whether this is a {@link RawModel}: bytes in, bytes out. */
    public boolean raw() {
        return schema == null;
    }

    /** The schema requests are decoded against; only for a tabular model. */
    public InputSchema schema() {
        if (schema == null) {
            throw new IllegalStateException("a raw model has no input schema");
        }
        return schema;
    }

    /** The request types a raw model reads ({@link RawModel#contentTypes}); empty for a tabular model. */
    public List<String> rawContentTypes() {
        return rawContentTypes;
    }

    /** Whether the model takes the rows of several requests in one call ({@link Model#acceptsMergedBatches}). */
    public boolean acceptsMergedBatches() {
        return mergesBatches;
    }

    /** For the log: the input schema, or the raw model's content types. */
    public String describe() {
        return raw() ? "raw model reading " + rawContentTypes : "input schema " + schema;
    }

    /**
     * Validates, pre-processes, predicts and post-processes one batch. Runs on a model worker thread. Once
     * {@link #closeWhenIdle} has begun, fails with {@link ErrorCode#SHUTTING_DOWN} without calling the model.
     */
    public Predictions predict(Batch batch) throws Exception {
        return whileOpen(() -> predictNow((Model) served, batch));
    }

    /** Answers one raw request, reading {@code body} as it arrives. Runs on a model worker thread; as above. */
    public RawPrediction predict(RequestContext context, InputStream body) throws Exception {
        RawPrediction answer = whileOpen(() -> ((RawModel) served).predict(context, body));
        if (answer == null) {
            throw SkiffException.of(ErrorCode.INTERNAL_ERROR, "the model answered nothing (null)");
        }
        return answer;
    }

    /**
     * Runs {@code calls} as one prediction for {@link #closeWhenIdle}: the model is not closed while it runs, and
     * once closing has begun it fails with {@link ErrorCode#SHUTTING_DOWN} without running. For the runtime's
     * micro-batching, which calls {@link #prepare}, {@link #predictPrepared} and {@link #finish} inside it.
     */
    public <T> T whileOpen(Callable<T> calls) throws Exception {
        if (!inFlight.enter()) {
            throw SkiffException.of(ErrorCode.SHUTTING_DOWN, "the model is being unloaded");
        }
        try {
            return calls.call();
        } finally {
            inFlight.exit();
        }
    }

    private Predictions predictNow(Model model, Batch batch) throws Exception {
        Batch input = prepare(batch);
        return finish(batch, input, model.predict(input));
    }

    /**
     * The first half of {@link #predict} for one request's batch: the hooks' validate, then preprocess. The result
     * keeps the request's {@link Batch#context()} even when a hook built a new batch without it.
     */
    public Batch prepare(Batch batch) throws Exception {
        hooks.validate(batch);
        Batch input = hooks.preprocess(batch);
        if (input.context() == RequestContext.NONE) {
            input = input.withContext(batch.context()); // a hook that built a new batch keeps its request
        }
        return input;
    }

    /** The model's own predict on prepared rows (of one request, or merged from several). */
    public Predictions predictPrepared(Batch input) throws Exception {
        return ((Model) served).predict(input);
    }

    /**
     * The second half of {@link #predict} for one request: the hooks' postprocess of the model's answer for this
     * request's prepared rows {@code input}, and the check that it has a prediction per row of {@code batch}.
     */
    public Predictions finish(Batch batch, Batch input, Predictions predicted) {
        Predictions predictions = hooks.postprocess(input, predicted);
        if (predictions.size() != batch.size()) {
            throw SkiffException.of(ErrorCode.INTERNAL_ERROR, "the model answered " + predictions.size()
                    + " predictions for " + batch.size() + " rows (rows " + batch.firstRow() + "..."
                    + batch.rowNumber(batch.size() - 1) + ")");
        }
        if (predictions.customAttributes().isEmpty() && !predicted.customAttributes().isEmpty()) {
            return predictions.withCustomAttributes(predicted.customAttributes()); // the hook kept the model's
        }
        return predictions;
    }

    /**
     * Takes no more predictions, waits at most {@code timeout} for those running to return, then closes the model
     * and its class loader. When a prediction is still running at the deadline (a native call that does not return),
     * the model is left open, so it is never freed under a running prediction.
     *
     * @return whether the model was closed
     */
    public boolean closeWhenIdle(Duration timeout) throws InterruptedException {
        if (!inFlight.retire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            log.warn("model {} is left open: {} prediction(s) still running", name, inFlight.running());
            return false;
        }
        if (closed.compareAndSet(false, true)) {
            release();
        }
        return true;
    }

    /** Closes the model now if no prediction is running, else leaves it open (see {@link #closeWhenIdle}). */
    @Override
    public void close() {
        try {
            closeWhenIdle(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void release() {
        try {
            served.close();
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
