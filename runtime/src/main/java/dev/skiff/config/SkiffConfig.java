package dev.skiff.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of {@code skiff serve}, with its default, in one place. Built by {@link #fromEnvironment} from a
 * plain map so that tests never touch {@code System.getenv}. Skiff's own variables are named after the fields
 * ({@code batchRows} is {@code SKIFF_BATCH_ROWS}); SageMaker's variables take precedence where they exist.
 *
 * @param port                      {@code SAGEMAKER_BIND_TO_PORT}, else {@code SKIFF_PORT}, else 8080
 * @param mlRoot                    the SageMaker tree; the model is {@code mlRoot/model}
 * @param pluginsDir                model jars shipped with the image
 * @param modelProvider             the provider to use, or empty to pick the one that recognises the model
 * @param bodyLimit                 request body limit: {@code SKIFF_MAX_PAYLOAD_MB}, else
 *                                  {@code SAGEMAKER_MAX_PAYLOAD_IN_MB}, else {@code MAX_CONTENT_LENGTH} (bytes), else
 *                                  6 MB; 0 MB means none ({@link BodyLimit})
 * @param workers                   model threads: {@code SAGEMAKER_MODEL_SERVER_WORKERS}, else the core count
 * @param predictionTimeoutSeconds  one batch's time limit: {@code SAGEMAKER_MODEL_SERVER_TIMEOUT}, else 60
 * @param batchRows                 rows per batch handed to the model
 * @param queueCapacity             batches waiting for a model thread before requests get 503
 * @param microBatchRows            the most rows one call predicts when a model that accepts merged batches gets
 *                                  the rows of several waiting requests at once; 0 turns that off
 * @param maxInflightBatches        batches of one request decoded ahead of its response before reading pauses
 * @param maxRowBytes               the longest row a decoder will hold
 * @param maxConcurrentTransforms   reported by /execution-parameters ({@code SAGEMAKER_MAX_CONCURRENT_TRANSFORMS})
 * @param defaultAccept             response type when Accept is absent or {@code *}{@code /*}
 *                                  ({@code SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT}); empty: the request's type
 * @param batchTransform            a batch transform job ({@code SAGEMAKER_BATCH} set to anything but empty or
 *                                  {@code false}): every answer is one record per line, JSON included
 * @param ioThreads                 Netty event-loop threads
 * @param idleTimeoutSeconds        an idle keep-alive connection is closed after this
 * @param drainTimeoutSeconds       on SIGTERM, in-flight requests get this long to finish (under SageMaker's 30 s)
 * @param epoll                     use Netty's native epoll transport where available
 * @param batchStrategy             reported by /execution-parameters: {@code SAGEMAKER_BATCH_STRATEGY} in the
 *                                  container's spelling ({@code MULTI_RECORD}, {@code SINGLE_RECORD}), else
 *                                  {@code MULTI_RECORD}
 * @param apiKeysFile               {@code SKIFF_API_KEYS_FILE}: when set, every route but {@code /ping} needs one of
 *                                  the file's API keys; empty: no keys asked for (SageMaker authenticates callers)
 * @param capture                   request capture ({@code SKIFF_CAPTURE}, {@code SKIFF_CAPTURE_*}); off by default
 * @param keepServingOnLoadFailure  a model that fails to load leaves the server up ({@code /ping} 503 with the
 *                                  reason) instead of exiting non-zero; for local debugging
 * @param logCustomAttributes       the access log shows custom attributes (off: they may carry callers' data)
 * @param multiModel                multi-model mode ({@code SAGEMAKER_MULTI_MODEL=true}) and its memory budget
 */
public record SkiffConfig(
        int port,
        Path mlRoot,
        Path pluginsDir,
        String modelProvider,
        BodyLimit bodyLimit,
        int workers,
        int predictionTimeoutSeconds,
        int batchRows,
        int queueCapacity,
        int microBatchRows,
        int maxInflightBatches,
        int maxRowBytes,
        int maxConcurrentTransforms,
        String defaultAccept,
        boolean batchTransform,
        int ioThreads,
        int idleTimeoutSeconds,
        int drainTimeoutSeconds,
        boolean epoll,
        String batchStrategy,
        String apiKeysFile,
        CaptureSettings capture,
        boolean keepServingOnLoadFailure,
        boolean logCustomAttributes,
        MultiModelSettings multiModel) {

    private static final long MB = 1024L * 1024L;

    public SkiffConfig {
        positive("port", port + 1); // 0 = any free port (tests)
        java.util.Objects.requireNonNull(bodyLimit, "bodyLimit");
        java.util.Objects.requireNonNull(multiModel, "multiModel");
        positive("workers", workers);
        positive("predictionTimeoutSeconds", predictionTimeoutSeconds);
        positive("batchRows", batchRows);
        positive("queueCapacity", queueCapacity);
        positive("microBatchRows", microBatchRows + 1); // 0 = off
        positive("maxInflightBatches", maxInflightBatches);
        positive("maxRowBytes", maxRowBytes);
        positive("maxConcurrentTransforms", maxConcurrentTransforms);
        positive("ioThreads", ioThreads);
        positive("idleTimeoutSeconds", idleTimeoutSeconds);
        positive("drainTimeoutSeconds", drainTimeoutSeconds);
        if (!batchStrategy.equals("MULTI_RECORD") && !batchStrategy.equals("SINGLE_RECORD")) {
            throw new IllegalArgumentException("batchStrategy must be MULTI_RECORD or SINGLE_RECORD, was "
                    + batchStrategy);
        }
    }

    /** The configuration an environment describes; unset variables take their defaults. */
    public static SkiffConfig fromEnvironment(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = r.integer("SAGEMAKER_MODEL_SERVER_WORKERS", r.integer("SKIFF_WORKERS", cores));
        Path mlRoot = Path.of(r.text("SKIFF_ML_ROOT", "/opt/ml"));
        String home = r.text("SKIFF_HOME", "/opt/skiff");
        return new SkiffConfig(
                r.integer("SAGEMAKER_BIND_TO_PORT", r.integer("SKIFF_PORT", 8080)),
                mlRoot,
                Path.of(r.text("SKIFF_PLUGINS_DIR", home + "/plugins")),
                r.text("SKIFF_MODEL_PROVIDER", ""),
                BodyLimit.from(r),
                workers,
                r.integer("SAGEMAKER_MODEL_SERVER_TIMEOUT", r.integer("SKIFF_PREDICTION_TIMEOUT_SECONDS", 60)),
                r.integer("SKIFF_BATCH_ROWS", 1000),
                r.integer("SKIFF_QUEUE_CAPACITY", 64 * workers),
                r.integer("SKIFF_MICRO_BATCH_ROWS", 1000),
                r.integer("SKIFF_MAX_INFLIGHT_BATCHES", workers + 1),
                r.integer("SKIFF_MAX_ROW_BYTES", (int) MB),
                r.integer("SAGEMAKER_MAX_CONCURRENT_TRANSFORMS", r.integer("SKIFF_MAX_CONCURRENT_TRANSFORMS", workers)),
                r.text("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT", r.text("SKIFF_DEFAULT_ACCEPT", "")),
                batchTransform(r.text("SAGEMAKER_BATCH", "")),
                r.integer("SKIFF_IO_THREADS", cores),
                r.integer("SKIFF_IDLE_TIMEOUT_SECONDS", 75),
                r.integer("SKIFF_DRAIN_TIMEOUT_SECONDS", 20),
                r.bool("SKIFF_EPOLL", true),
                batchStrategy(r.text("SAGEMAKER_BATCH_STRATEGY", "MULTI_RECORD")),
                r.text("SKIFF_API_KEYS_FILE", ""),
                CaptureSettings.read(r),
                r.bool("SKIFF_KEEP_SERVING_ON_LOAD_FAILURE", false),
                r.bool("SKIFF_LOG_CUSTOM_ATTRIBUTES", false),
                MultiModelSettings.read(r));
    }

    /**
     * The container-side spelling SageMaker sets ({@code MULTI_RECORD}); the API's ({@code MultiRecord}) is read too.
     * The SageMaker Python SDK's local mode sets the former and, asked with no strategy, rejects it from
     * {@code /execution-parameters}: see README, "SageMaker Python SDK".
     */
    private static String batchStrategy(String value) {
        return switch (value.trim().replace("_", "").toLowerCase(java.util.Locale.ROOT)) {
            case "multirecord" -> "MULTI_RECORD";
            case "singlerecord" -> "SINGLE_RECORD";
            default -> throw new IllegalArgumentException(
                    "SAGEMAKER_BATCH_STRATEGY='" + value + "' is not MULTI_RECORD or SINGLE_RECORD");
        };
    }

    /** SageMaker sets {@code SAGEMAKER_BATCH=true} in batch transform jobs; its container takes any value as set. */
    private static boolean batchTransform(String value) {
        return !value.isBlank() && !value.trim().equalsIgnoreCase("false");
    }

    /** The model artifact directory. */
    public Path modelDir() {
        return mlRoot.resolve("model");
    }

    /** Multi-model mode: where SageMaker puts the models ({@code /opt/ml/models/<name>/model}); loads stay inside. */
    public Path modelsRoot() {
        return mlRoot.resolve("models");
    }

    /** Every setting by field name, for the one startup log line. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var component : SkiffConfig.class.getRecordComponents()) {
            try {
                out.put(component.getName(), component.getAccessor().invoke(this));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
