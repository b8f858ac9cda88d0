package dev.skiff.registry;

import dev.skiff.exec.InferenceService;
import java.time.Duration;

/**
 * A registry of one: the model in {@code $SKIFF_ML_ROOT/model}, loaded at start-up. It answers every
 * {@code /invocations} whatever the target model header says, and {@code /ping} reports its state.
 */
public record SingleModel(InferenceService inference) implements ServedModels {
    @Override
    public InferenceService forInvocations(String targetModel) {
        return inference;
    }

    @Override
    public InferenceService.Status health() {
        return inference.health();
    }

    @Override
    public boolean shutdown(Duration timeout) throws InterruptedException {
        return inference.shutdown(timeout);
    }
}
