package dev.skiff.samples.xgboost;

import dev.skiff.spi.Predictions;

/** Turns a batch's scores into its answer: SageMaker's container's shapes ({@link OutputShape}) or MLflow's. */
interface Answer {
    /** {@code rows} predictions from {@code raw}, row-major with {@code width} values per row. */
    Predictions predictions(float[] raw, int rows, int width);
}
