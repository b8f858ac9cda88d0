package dev.skiff.samples.xgboost;

/**
 * One model file of the model directory, as every {@link Scorer} needs it: the model bytes (a format XGBoost loads,
 * already taken out of a pickle and with a list-valued base_score made scalar), how many boosting rounds to predict
 * with, and what the model is. An ensemble is several members (see {@link Ensemble}).
 *
 * @param file       the file's name, for messages
 * @param model      JSON, UBJSON or XGBoost's legacy binary model
 * @param roundLimit predict with rounds {@code [0, roundLimit)}, XGBoost's {@code iteration_range}; 0 means all.
 *                   It is {@code best_ntree_limit / num_parallel_tree}, as xgboost 1.x turns {@code ntree_limit}
 *                   into an iteration range, when the pickle or the model's attributes set it below the rounds held
 * @param header     objective, classes, features, base_score as XGBoost loaded them
 */
record Member(String file, byte[] model, int roundLimit, ModelHeader header) {
}
