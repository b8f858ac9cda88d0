package dev.skiff.spi;

/**
 * The declared type of one input feature (for instance from an MLflow signature), which the runtime enforces while
 * decoding: a value of another type is a 400 {@link ErrorCode#WRONG_TYPE} naming the row and the feature.
 */
public enum FeatureType {
    /** Any number ({@code float}, {@code double}); text that reads as a number is accepted, as CSV needs. */
    NUMBER("a number"),
    /** A whole number within 32 bits ({@code integer}). */
    INTEGER("a whole number within 32 bits"),
    /** A whole number ({@code long}). */
    LONG("a whole number"),
    /** {@code true} or {@code false} (any case; a JSON boolean or text), which a numeric row holds as 1 or 0. */
    BOOLEAN("true or false"),
    /** Text, taken as it is (general rows only). */
    TEXT("text");

    private final String description;

    FeatureType(String description) {
        this.description = description;
    }

    /** What a value of this type is, for messages: {@code "a whole number"}. */
    public String description() {
        return description;
    }
}
