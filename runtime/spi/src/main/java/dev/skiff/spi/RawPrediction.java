package dev.skiff.spi;

import java.util.Objects;

/**
 * A {@link RawModel}'s answer: bytes and their content type, and optionally custom attributes for the caller. An
 * immutable value; the bytes are used as given, not copied.
 */
public final class RawPrediction {
    private final String contentType;
    private final byte[] body;
    private final String customAttributes;

    private RawPrediction(String contentType, byte[] body, String customAttributes) {
        this.contentType = contentType;
        this.body = body;
        this.customAttributes = customAttributes;
    }

    /** An answer of {@code body}, sent with {@code Content-Type: contentType}. */
    public static RawPrediction of(String contentType, byte[] body) {
        if (contentType == null || contentType.isBlank()) {
            throw new IllegalArgumentException("an answer needs a content type");
        }
        return new RawPrediction(contentType, Objects.requireNonNull(body, "body"), "");
    }

    /**
     * The same answer with {@code X-Amzn-SageMaker-Custom-Attributes: attributes}; an empty text sends no header.
     *
     * @throws IllegalArgumentException when {@link RequestContext#customAttributesProblem} finds a problem
     */
    public RawPrediction withCustomAttributes(String attributes) {
        String problem = RequestContext.customAttributesProblem(attributes);
        if (problem != null) {
            throw new IllegalArgumentException("response custom attributes: " + problem);
        }
        return new RawPrediction(contentType, body, attributes);
    }

    public String contentType() {
        return contentType;
    }

    /** The answer's bytes (not a copy). */
    public byte[] body() {
        return body;
    }

    /** The custom attributes to answer with, or the empty string. */
    public String customAttributes() {
        return customAttributes;
    }
}
