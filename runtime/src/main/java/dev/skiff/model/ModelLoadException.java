package dev.skiff.model;

/** The model cannot be loaded; the message is one sentence saying what is wrong and how to fix it. */
public final class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }
}
