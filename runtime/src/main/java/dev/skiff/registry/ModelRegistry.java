package dev.skiff.registry;

import dev.skiff.config.SkiffConfig;
import dev.skiff.exec.DaemonThreads;
import dev.skiff.exec.InferenceService;
import dev.skiff.model.ModelLoader;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A multi-model endpoint's models, by {@code model_name}: loaded from {@code $SKIFF_ML_ROOT/models} on request, each
 * with its own class loader and its own {@link InferenceService} (threads, queue, in-flight count), and unloaded on
 * request once its last prediction has returned. The registry sits above the per-model services and never looks
 * inside them: whatever a service does with its batches is its own affair.
 *
 * <p>Loads run on {@code skiff-loader-N} threads ({@code SKIFF_LOAD_THREADS}), never on an event loop, so a slow load
 * delays no invocation; the name is claimed before the load starts, so a second load of it is a 409 at once.
 * Unloads wait on {@code skiff-unload-N} threads. Every load is measured and charged to the {@link MemoryBudget}.
 * Thread-safe.
 */
public final class ModelRegistry implements ServedModels {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);
    /** A model's threads end after this long without work: thousands of models may be loaded, few busy at once. */
    private static final Duration IDLE_THREADS = Duration.ofSeconds(60);
    /** Loads waiting for a loader thread before further loads are refused (503). */
    private static final int LOAD_QUEUE = 1024;

    /** A name's place: claimed by its load, ready once loaded (then {@code service} is set). */
    private static final class Slot {
        final String name;
        final String url;
        volatile ModelInfo info;
        volatile InferenceService service;

        Slot(String name, String url) {
            this.name = name;
            this.url = url;
        }
    }

    private final ConcurrentSkipListMap<String, Slot> slots = new ConcurrentSkipListMap<>();
    private final Path root;
    private final ModelLoader loader;
    private final MemoryBudget budget;
    private final ProcessMemory memory;
    private final SkiffConfig config;
    private final ThreadPoolExecutor loads;
    private final ExecutorService unloads = Executors.newCachedThreadPool(DaemonThreads.named("skiff-unload-"));
    private volatile boolean stopped;

    ModelRegistry(SkiffConfig config, ModelLoader loader, MemoryBudget budget, ProcessMemory memory) {
        this.config = config;
        this.root = config.modelsRoot();
        this.loader = loader;
        this.budget = budget;
        this.memory = memory;
        int threads = config.multiModel().loadThreads();
        this.loads = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(LOAD_QUEUE), DaemonThreads.named("skiff-loader-"));
    }

    /** A registry with nothing loaded, its budget from {@code config} and this container's memory. */
    public static ModelRegistry start(SkiffConfig config, Map<String, String> environment) {
        ProcessMemory memory = ProcessMemory.linux();
        ModelRegistry registry = new ModelRegistry(config, new ModelLoader(config.pluginsDir(), config.modelProvider(),
                environment, config.workers()), MemoryBudget.of(config.multiModel(), memory), memory);
        log.info("multi-model mode (SAGEMAKER_MULTI_MODEL=true): models load on POST /models from {}; memory "
                + "budget: {}", registry.root, registry.budget);
        return registry;
    }

    /**
     * Claims {@code name} and loads the model at {@code url} on a loader thread. Throws at once (on the caller's
     * thread, without touching the file system) for a bad name or a missing url (400), a name already claimed (409)
     * and a full load queue or a stopping server (503); the future fails for everything found while loading: a bad
     * directory or model (400), a model that does not fit (507).
     */
    public CompletableFuture<ModelInfo> load(String name, String url) {
        ModelName.check(name);
        if (url == null || url.isBlank()) {
            throw SkiffException.of(ErrorCode.INVALID_MODEL_URL, "url is missing or empty; SageMaker sends "
                    + root.toAbsolutePath().normalize() + "/<name>/model");
        }
        if (stopped) {
            throw SkiffException.of(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
        Slot slot = new Slot(name, url);
        Slot held = slots.putIfAbsent(name, slot);
        if (held != null) {
            throw SkiffException.of(ErrorCode.MODEL_ALREADY_LOADED, "model '" + name + "' is already "
                    + (held.service == null ? "loading from " + held.url : "loaded from " + held.url
                            + "; unload it first"));
        }
        CompletableFuture<ModelInfo> done = new CompletableFuture<>();
        try {
            loads.execute(() -> loadNow(slot, done));
        } catch (RejectedExecutionException e) {
            slots.remove(name, slot);
            throw SkiffException.of(stopped ? ErrorCode.SHUTTING_DOWN : ErrorCode.QUEUE_FULL, stopped
                    ? "the server is shutting down" : LOAD_QUEUE + " loads are waiting already; retry later");
        }
        return done;
    }

    private void loadNow(Slot slot, CompletableFuture<ModelInfo> done) {
        try {
            if (stopped) {
                throw SkiffException.of(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
            }
            MeasuredLoad.Loaded loaded = MeasuredLoad.run(loader, budget, memory, root, slot.name, slot.url);
            InferenceService service = new InferenceService(config.workers(), config.queueCapacity(),
                    Duration.ofSeconds(config.predictionTimeoutSeconds()), config.microBatchRows(), IDLE_THREADS);
            service.load(loaded::model);
            Footprint f = loaded.footprint();
            slot.info = new ModelInfo(slot.name, slot.url, loaded.model().provider(), f, loaded.millis(), "ready");
            slot.service = service;
            log.info("model '{}' loaded from {} in {} ms by provider '{}': files {} B, heap {} B, native {} B",
                    slot.name, slot.url, loaded.millis(), loaded.model().provider(), f.fileBytes(), f.heapBytes(),
                    f.nativeBytes());
            done.complete(slot.info);
        } catch (RuntimeException e) {
            slots.remove(slot.name, slot);
            log.warn("model '{}' was not loaded from {}: {}", slot.name, slot.url, e.getMessage());
            done.completeExceptionally(e);
        }
    }

    /**
     * Removes {@code name} at once (later requests for it are 404s) and, on an unload thread, lets its queued and
     * running predictions finish, then closes it and gives its memory back. The future completes when it is closed,
     * or, when a prediction is still running after the prediction timeout, with state {@code unloading}: it is then
     * closed, and its memory given back, when that prediction returns.
     */
    public CompletableFuture<ModelInfo> unload(String name) {
        ModelName.check(name);
        Slot slot = slots.get(name);
        if (slot == null || slot.service == null || !slots.remove(name, slot)) {
            throw notLoaded(name, slot);
        }
        return CompletableFuture.supplyAsync(() -> unloadNow(slot), unloads);
    }

    private ModelInfo unloadNow(Slot slot) {
        try {
            if (slot.service.shutdown(Duration.ofSeconds(config.predictionTimeoutSeconds() + 5L))) {
                budget.release(slot.info.footprint());
                log.info("model '{}' unloaded", slot.name);
                return slot.info.withState("unloaded");
            }
            log.warn("model '{}' is unloaded but still open: a prediction is running; it is closed when that returns",
                    slot.name);
            unloads.execute(() -> closeWhenIdle(slot));
            return slot.info.withState("unloading");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw SkiffException.of(ErrorCode.SHUTTING_DOWN, "the server is shutting down");
        }
    }

    private void closeWhenIdle(Slot slot) {
        try {
            if (slot.service.shutdown(Duration.ofDays(1))) {
                budget.release(slot.info.footprint());
                log.info("model '{}' closed after its last prediction returned", slot.name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A loaded model's description; 404 when none of that name is loaded. */
    public ModelInfo describe(String name) {
        ModelName.check(name);
        Slot slot = slots.get(name);
        if (slot == null || slot.service == null) {
            throw notLoaded(name, slot);
        }
        return slot.info.withState(slot.service.health().state().name().toLowerCase(Locale.ROOT));
    }

    /**
     * Up to {@code limit} loaded models in name order, after the one named {@code after} ({@code null}: from the
     * first). The token of the next page is the last name of this one, so models loaded or unloaded meanwhile never
     * make a page repeat or skip another model.
     */
    public ModelPage list(String after, int limit) {
        NavigableMap<String, Slot> rest = after == null ? slots : slots.tailMap(after, false);
        List<ModelInfo> page = new ArrayList<>();
        for (Slot slot : rest.values()) {
            if (slot.service == null) {
                continue; // loading
            }
            if (page.size() == limit) {
                return new ModelPage(page, page.get(page.size() - 1).name());
            }
            page.add(slot.info);
        }
        return new ModelPage(page, null);
    }

    /** The service of the loaded model {@code name}: 404 when none is loaded, 503 while it loads. */
    public InferenceService serving(String name) {
        Slot slot = slots.get(name);
        if (slot == null) {
            throw notLoaded(name, null);
        }
        InferenceService service = slot.service;
        if (service == null) {
            throw SkiffException.of(ErrorCode.MODEL_NOT_READY, "model '" + name + "' is loading");
        }
        return service;
    }

    @Override
    public InferenceService forInvocations(String targetModel) {
        if (targetModel.isEmpty()) {
            throw SkiffException.of(ErrorCode.MODEL_REQUIRED, "this is a multi-model endpoint: name the model, with "
                    + "POST /models/{name}/invoke or with the X-Amzn-SageMaker-Target-Model header");
        }
        return serving(targetModel);
    }

    @Override
    public InferenceService.Status health() {
        return stopped ? new InferenceService.Status(InferenceService.State.STOPPED, "the server is shutting down")
                : new InferenceService.Status(InferenceService.State.READY, "ready");
    }

    /** Whether a model of that name is loaded (not loading, not unloaded). */
    public boolean loaded(String name) {
        Slot slot = slots.get(name);
        return slot != null && slot.service != null;
    }

    /** Models loaded (not those loading). */
    public int loadedCount() {
        return (int) slots.values().stream().filter(s -> s.service != null).count();
    }

    public long heapUsed() {
        return budget.heapUsed();
    }

    public long nativeUsed() {
        return budget.nativeUsed();
    }

    public long heapBudget() {
        return budget.heapCapacity();
    }

    public long nativeBudget() {
        return budget.nativeCapacity();
    }

    @Override
    public boolean shutdown(Duration timeout) throws InterruptedException {
        stopped = true;
        loads.shutdown(); // loads still queued fail at once
        long deadline = System.nanoTime() + timeout.toNanos();
        // a load still running would publish its model after the walk below, and nothing would close it
        boolean closed = loads.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
        for (Slot slot : slots.values()) {
            InferenceService service = slot.service;
            if (service != null) {
                closed &= service.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        }
        unloads.shutdown();
        return closed;
    }

    private static SkiffException notLoaded(String name, Slot slot) {
        return SkiffException.of(ErrorCode.MODEL_NOT_LOADED, slot != null && slot.service == null
                ? "model '" + name + "' is still loading" : "no model named '" + name + "' is loaded");
    }
}
