package dev.skiff.registry;

import dev.skiff.exec.InferenceService;
import java.time.Duration;

/**
 * The models a server answers for: one loaded at start-up ({@link SingleModel}, a SageMaker endpoint with one model)
 * or any number loaded and unloaded at runtime ({@link ModelRegistry}, a multi-model endpoint).
 */
public sealed interface ServedModels permits SingleModel, ModelRegistry {
    /**
     * The model that answers {@code /invocations} (and {@code /invocations-response-stream}). Throws a 4xx
     * {@link dev.skiff.spi.SkiffException} when the request does not name a model that can answer.
     *
     * @param targetModel the request's {@code X-Amzn-SageMaker-Target-Model}, empty when absent
     */
    InferenceService forInvocations(String targetModel);

    /** What {@code /ping} reports. */
    InferenceService.Status health();

    /**
     * Stops taking work, lets queued and running predictions finish, and closes every model once its last prediction
     * returned, all within {@code timeout}.
     *
     * @return whether every model was closed
     */
    boolean shutdown(Duration timeout) throws InterruptedException;
}
