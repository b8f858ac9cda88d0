package dev.skiff;

import dev.skiff.config.SkiffConfig;
import dev.skiff.exec.InferenceService;
import dev.skiff.http.HttpServer;
import dev.skiff.model.ModelLoader;
import dev.skiff.registry.ModelRegistry;
import dev.skiff.registry.ServedModels;
import dev.skiff.registry.SingleModel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * {@code skiff serve}: binds the port first (so {@code /ping} answers 503 while the model loads), loads the model
 * in the background, and on SIGTERM stops accepting, drains requests in progress and exits 0. A model that fails to
 * load ends the process with status 1 at once, so SageMaker reports the failure instead of waiting out its health
 * check; {@code SKIFF_KEEP_SERVING_ON_LOAD_FAILURE=true} keeps the server up with {@code /ping} at 503 instead.
 * With {@code SAGEMAKER_MULTI_MODEL=true} it starts with no model and loads them as SageMaker asks
 * ({@link ModelRegistry}).
 */
public final class ServeMain {
    private static final Logger log = LoggerFactory.getLogger(ServeMain.class);

    private ServeMain() {
    }

    public static void main(String[] args) throws Exception {
        SkiffConfig config;
        try {
            config = SkiffConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            log.error("bad configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        log.info("skiff serve {}; configuration {}", version(), config.describe());
        log.info("body limit: {}", config.bodyLimit());
        Running running;
        try {
            running = start(config, System.getenv());
        } catch (IllegalArgumentException e) {
            log.error("bad configuration: {}", e.getMessage()); // e.g. an unreadable SKIFF_API_KEYS_FILE
            System.exit(2);
            return;
        }
        CompletableFuture<Integer> exitStatus = new CompletableFuture<>();
        AtomicBoolean stopping = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopping.compareAndSet(false, true)) { // a second signal does not start a second drain
                running.stop(Duration.ofSeconds(config.drainTimeoutSeconds()));
                exitStatus.complete(0);
            }
        };
        if (running.models() instanceof SingleModel single) {
            single.inference().loaded().thenAccept(status -> {
                if (status.state() == InferenceService.State.FAILED && !config.keepServingOnLoadFailure()
                        && stopping.compareAndSet(false, true)) {
                    log.error("exiting with status 1: {} (SKIFF_KEEP_SERVING_ON_LOAD_FAILURE=true keeps the server "
                            + "up, with /ping answering 503 and the reason)", status.reason());
                    running.stop(Duration.ZERO);
                    exitStatus.complete(1);
                }
            });
        }
        for (String signal : new String[] {"TERM", "INT"}) {
            // A shutdown hook would leave the JVM's exit status at 143; handling the signal lets a clean drain exit 0.
            try {
                Signal.handle(new Signal(signal), s -> new Thread(stop, "skiff-shutdown").start());
            } catch (IllegalArgumentException e) {
                log.warn("cannot handle SIG{} ({}); it will stop the JVM without draining", signal, e.getMessage());
            }
        }
        System.exit(exitStatus.get());
    }

    /**
     * A started server and its models; {@link #stop} drains requests, then closes each model once its last
     * prediction returned, all within the drain timeout.
     */
    public record Running(HttpServer server, ServedModels models) {
        /** The one model of single-model mode. */
        public InferenceService inference() {
            if (models instanceof SingleModel single) {
                return single.inference();
            }
            throw new IllegalStateException("a multi-model server has no single model");
        }

        public void stop(Duration drain) {
            try {
                log.info("stopping: draining requests in progress (up to {} s)", drain.toSeconds());
                long deadline = System.nanoTime() + drain.toNanos();
                boolean drained = server.shutdown(drain);
                boolean closed = models.shutdown(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                log.info("stopped{}{}", drained ? "" : " (some requests were cut off)",
                        closed ? "" : "; a model was left open: a prediction was still running");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Starts the server and begins loading the model (single-model mode), or starts it with no model (multi-model
     * mode); used by {@link #main} and by tests.
     */
    public static Running start(SkiffConfig config, Map<String, String> environment) throws InterruptedException {
        if (config.multiModel().enabled()) {
            ModelRegistry registry = ModelRegistry.start(config, environment);
            return new Running(HttpServer.start(config, registry), registry);
        }
        log.info("single-model mode: serving the model in {}", config.modelDir());
        InferenceService inference = new InferenceService(config.workers(), config.queueCapacity(),
                Duration.ofSeconds(config.predictionTimeoutSeconds()), config.microBatchRows());
        HttpServer server = HttpServer.start(config, inference);
        ModelLoader loader = new ModelLoader(config.pluginsDir(), config.modelProvider(), environment,
                config.workers());
        inference.loadInBackground(() -> loader.load(config.modelDir()));
        return new Running(server, new SingleModel(inference));
    }

    private static String version() {
        String v = ServeMain.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
