package dev.skiff.samples.xgboost;

/** A model file Skiff will not serve, with a message that says why and how to fix it. */
final class ModelRefusedException extends Exception {
    ModelRefusedException(String message) {
        super(message);
    }

    ModelRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
