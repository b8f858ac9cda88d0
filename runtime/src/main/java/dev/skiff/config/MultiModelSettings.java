package dev.skiff.config;

/**
 * Multi-model mode: one server answering for many models that SageMaker loads and unloads at runtime
 * ({@code POST /models}, {@code DELETE /models/{name}}). On when {@code SAGEMAKER_MULTI_MODEL} is {@code true}, as
 * SageMaker sets it for a multi-model endpoint; the models are then under {@code $SKIFF_ML_ROOT/models}.
 *
 * @param enabled          {@code SAGEMAKER_MULTI_MODEL}
 * @param heapBudgetBytes  {@code SKIFF_MODEL_HEAP_MB}: the Java heap the loaded models may hold together; -1: 70% of
 *                         the maximum heap
 * @param nativeBudgetBytes {@code SKIFF_MODEL_NATIVE_MB}: the memory outside the heap they may hold together
 *                         (XGBoost4J's boosters); -1: derived from the container's memory limit (see the registry)
 * @param loadThreads      {@code SKIFF_LOAD_THREADS}: models loaded at once (default 1, so that each load's memory
 *                         is measured alone)
 */
public record MultiModelSettings(boolean enabled, long heapBudgetBytes, long nativeBudgetBytes, int loadThreads) {
    /** A budget left to the registry to derive. */
    public static final long DERIVED = -1;
    private static final long MB = 1024L * 1024L;

    public MultiModelSettings {
        if (heapBudgetBytes < DERIVED || nativeBudgetBytes < DERIVED) {
            throw new IllegalArgumentException("SKIFF_MODEL_HEAP_MB and SKIFF_MODEL_NATIVE_MB must be 0 or more");
        }
        if (loadThreads <= 0) {
            throw new IllegalArgumentException("SKIFF_LOAD_THREADS must be positive, was " + loadThreads);
        }
    }

    static MultiModelSettings read(EnvReader r) {
        return new MultiModelSettings(r.bool("SAGEMAKER_MULTI_MODEL", false), megabytes(r, "SKIFF_MODEL_HEAP_MB"),
                megabytes(r, "SKIFF_MODEL_NATIVE_MB"), r.integer("SKIFF_LOAD_THREADS", 1));
    }

    private static long megabytes(EnvReader r, String name) {
        if (!r.has(name)) {
            return DERIVED;
        }
        long mb = r.longInteger(name, 0);
        if (mb < 0 || mb > Long.MAX_VALUE / MB) {
            throw new IllegalArgumentException(name + "='" + mb + "' must be a number of megabytes, 0 or more");
        }
        return mb * MB;
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "off";
        }
        return "on (heap budget " + mb(heapBudgetBytes) + ", native budget " + mb(nativeBudgetBytes) + ", "
                + loadThreads + " load thread" + (loadThreads == 1 ? "" : "s") + ")";
    }

    private static String mb(long bytes) {
        return bytes == DERIVED ? "derived" : bytes / MB + " MB";
    }
}
