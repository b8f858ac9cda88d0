package dev.skiff.spi;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link ModelProvider#load} gets.
 *
 * @param modelDir    the unpacked model artifact ({@code /opt/ml/model}); files starting with {@code .} are to be
 *                    ignored
 * @param environment the process environment (SageMaker's variables such as {@code SAGEMAKER_INFERENCE_OUTPUT})
 * @param workers     how many threads will call {@link Model#predict} at once
 */
public record ModelContext(Path modelDir, Map<String, String> environment, int workers) {
    public ModelContext {
        environment = Map.copyOf(environment);
    }
}
