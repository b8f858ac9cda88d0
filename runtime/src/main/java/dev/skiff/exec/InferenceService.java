package dev.skiff.exec;

import dev.skiff.model.LoadedModel;
import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Predictions;
import dev.skiff.spi.RawPrediction;
import dev.skiff.spi.RequestContext;
import dev.skiff.spi.SkiffException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One served model and its threads, as the HTTP side sees them: a {@link Status} for {@code /ping}, what the model
 * reads (an input schema, or raw content types), and {@code submit} to predict. The model is loaded on its own
 * thread ({@code skiff-loader}) so the server answers {@code /ping} (503) while it loads. Holds no global state: a
 * server may one day hold several, one per model.
 */
public final class InferenceService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InferenceService.class);
    /** The MDC key of the request id: {@code mdc.request_id} in JSON logs ({@code SKIFF_LOG_FORMAT=json}). */
    public static final String MDC_REQUEST_ID = "request_id";
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    /** Where the model is in its life; {@code reason} says why it is not ready. */
    public record Status(State state, String reason) {
        public boolean ready() {
            return state == State.READY;
        }
    }

    /** {@code STUCK} is reported by {@link #health()} only: the model is loaded, but no thread of it can answer. */
    public enum State { LOADING, READY, FAILED, STUCK, STOPPED }

    /** {@code batcher}: null unless the model accepts merged batches and micro-batching is on. */
    private record Serving(LoadedModel model, ModelExecutor executor, MicroBatcher batcher) { }

    private final int workers;
    private final int queueCapacity;
    private final Duration timeout;
    private final int microBatchRows;
    private final Duration idleThreads;
    private volatile Status status = new Status(State.LOADING, "the model is loading");
    private volatile Serving serving;
    private final CompletableFuture<Status> loaded = new CompletableFuture<>();

    /** Without cross-request micro-batching. */
    public InferenceService(int workers, int queueCapacity, Duration timeout) {
        this(workers, queueCapacity, timeout, 0);
    }

    /**
     * @param microBatchRows the most rows one merged call predicts for a model that accepts merged batches
     *                       ({@code SKIFF_MICRO_BATCH_ROWS}); 0 or 1: each request's batch alone
     */
    public InferenceService(int workers, int queueCapacity, Duration timeout, int microBatchRows) {
        this(workers, queueCapacity, timeout, microBatchRows, Duration.ZERO);
    }

    /** @param idleThreads how long a model thread waits for work before it ends (zero: never); see ModelExecutor */
    public InferenceService(int workers, int queueCapacity, Duration timeout, int microBatchRows,
            Duration idleThreads) {
        this.workers = workers;
        this.queueCapacity = queueCapacity;
        this.timeout = timeout;
        this.microBatchRows = microBatchRows;
        this.idleThreads = idleThreads;
    }

    /** Starts loading on the {@code skiff-loader} thread and returns at once. */
    public void loadInBackground(Callable<LoadedModel> loader) {
        Thread thread = new Thread(() -> load(loader), "skiff-loader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Loads on the calling thread. */
    public void load(Callable<LoadedModel> loader) {
        long start = System.nanoTime();
        try {
            LoadedModel model = loader.call();
            ModelExecutor executor = new ModelExecutor(model.name(), workers, queueCapacity, timeout, idleThreads);
            boolean merging = model.acceptsMergedBatches() && microBatchRows > 1;
            serving = new Serving(model, executor, merging ? new MicroBatcher(model, executor, microBatchRows) : null);
            status = new Status(State.READY, "ready");
            loaded.complete(status);
            log.info("model '{}' ready in {} ms; {}; {}", model.name(), (System.nanoTime() - start) / 1_000_000,
                    model.describe(), merging
                            ? "concurrent requests' rows predicted together, up to " + microBatchRows + " a call"
                            : "each request's rows predicted alone");
        } catch (Throwable e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            status = new Status(State.FAILED, "the model failed to load: " + reason);
            loaded.complete(status);
            log.error("the model failed to load: {}", reason, e);
        }
    }

    public Status status() {
        return status;
    }

    /** Completes with the status once loading has ended, ready or failed. */
    public CompletableFuture<Status> loaded() {
        return loaded;
    }

    /** The served model's name; only when {@link Status#ready()}. */
    public String modelName() {
        return ready().model().name();
    }

    /**
     * The status {@code /ping} reports: {@link #status()}, except that a ready model whose every thread is stuck
     * on a prediction past the timeout is {@link State#STUCK} (SageMaker then replaces the instance), until one of
     * them returns.
     */
    public Status health() {
        Status now = status;
        Serving s = serving;
        if (now.ready() && s != null && s.executor().stuck(System.nanoTime())) {
            return new Status(State.STUCK, "all " + s.executor().workers() + " model threads are stuck on a "
                    + "prediction past the " + s.executor().timeoutSeconds() + " s timeout");
        }
        return now;
    }

    /** Whether the model is a raw one (bytes in, bytes out); only when {@link Status#ready()}. */
    public boolean raw() {
        return ready().model().raw();
    }

    /** The schema requests are decoded against; only when {@link Status#ready()} and not {@link #raw()}. */
    public InputSchema schema() {
        return ready().model().schema();
    }

    /** The request types a raw model reads; only when {@link Status#ready()}. */
    public List<String> rawContentTypes() {
        return ready().model().rawContentTypes();
    }

    /**
     * Predicts {@code batch} on a model thread and applies {@code then} (e.g. encoding) there too. Fails with a
     * {@link SkiffException}: 503 when not ready or the queue is full, 504 on timeout; a model's own exception is
     * passed through as is. While it runs, the thread's MDC holds {@code request_id}, so whatever the model logs
     * carries the request's id (for a call merged from several requests, their ids joined by commas).
     */
    public <T> CompletableFuture<T> submit(String requestId, Batch batch, Function<Predictions, T> then) {
        Serving s = ready();
        if (s.batcher() != null) {
            return s.batcher().submit(requestId, batch, then);
        }
        return s.executor().submit(() -> {
            try (MDC.MDCCloseable id = MDC.putCloseable(MDC_REQUEST_ID, requestId)) {
                return then.apply(s.model().predict(batch));
            }
        });
    }

    /**
     * Has a raw model answer the request whose body flows through {@code body}; fails, and sets the MDC, as
     * {@link #submit(String, Batch, Function)} does. When the answer fails (a timeout, say) the pipe is aborted, so a
     * model thread blocked reading it is let go.
     */
    public CompletableFuture<RawPrediction> submit(RequestContext context, BodyPipe body) {
        Serving s = ready();
        CompletableFuture<RawPrediction> answer = s.executor().submit(() -> {
            try (MDC.MDCCloseable id = MDC.putCloseable(MDC_REQUEST_ID, context.inferenceId())) {
                return s.model().predict(context, body.stream());
            }
        });
        answer.whenComplete((result, error) -> {
            if (error != null) {
                body.abort(error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage());
            }
        });
        return answer;
    }

    private Serving ready() {
        Serving s = serving;
        Status now = status;
        if (s == null || !now.ready()) {
            throw SkiffException.of(now.state() == State.STOPPED ? ErrorCode.SHUTTING_DOWN : ErrorCode.MODEL_NOT_READY,
                    now.reason());
        }
        return s;
    }

    /**
     * Stops taking work, lets queued and running batches finish, then closes the model once no prediction is
     * running; all within {@code timeout}. A model still predicting at the deadline is left open (the process is
     * about to exit), so {@code Model.close} never runs under a prediction.
     *
     * @return whether the model was closed (or none was loaded)
     */
    public boolean shutdown(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Serving s = serving;
        status = new Status(State.STOPPED, "the server is shutting down");
        if (s == null) {
            return true;
        }
        if (!s.executor().shutdown(timeout)) {
            log.warn("model threads still busy after {} s", timeout.toSeconds());
        }
        return s.model().closeWhenIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /** Stops at once: interrupts the model threads and closes the model if they return within a few seconds. */
    @Override
    public void close() {
        Serving s = serving;
        status = new Status(State.STOPPED, "the server is shutting down");
        if (s != null) {
            s.executor().close();
            try {
                s.model().closeWhenIdle(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
