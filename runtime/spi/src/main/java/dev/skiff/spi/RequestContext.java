package dev.skiff.spi;

import java.util.Objects;

/**
 * What a model and its hooks may know about the request a batch (or a raw body) comes from: SageMaker's headers and
 * the body's media types. An immutable value; {@link Batch#context()} and {@link RawModel#predict} hand it over.
 *
 * <p>Every text is non-null: a header the client did not send is the empty string. {@link #toString()} never shows
 * the custom attributes (they may carry a caller's data), and the runtime logs them only when the operator asks
 * ({@code SKIFF_LOG_CUSTOM_ATTRIBUTES=true}).
 *
 * <p>A model answers custom attributes of its own with {@link Predictions#withCustomAttributes} or
 * {@link RawPrediction#withCustomAttributes}; they are never copied from the request by themselves.
 */
public final class RequestContext {
    /** SageMaker's limit on custom attributes, in characters, for requests and answers alike. */
    public static final int MAX_CUSTOM_ATTRIBUTES = 1024;

    /** The context of no request: training, tests, and batches built outside the server. */
    public static final RequestContext NONE = builder().build();

    private final String inferenceId;
    private final String customAttributes;
    private final String targetVariant;
    private final String targetModel;
    private final String contentType;
    private final String accept;

    private RequestContext(Builder b) {
        this.inferenceId = b.inferenceId;
        this.customAttributes = b.customAttributes;
        this.targetVariant = b.targetVariant;
        this.targetModel = b.targetModel;
        this.contentType = b.contentType;
        this.accept = b.accept;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The request's id: {@code X-Amzn-SageMaker-Inference-Id} or {@code X-Request-Id} when the client sent one, else
     * one the server made up; the access log and error answers carry the same id.
     */
    public String inferenceId() {
        return inferenceId;
    }

    /** {@code X-Amzn-SageMaker-Custom-Attributes}: an opaque text from the caller, at most 1,024 visible ASCII. */
    public String customAttributes() {
        return customAttributes;
    }

    /** {@code X-Amzn-SageMaker-Target-Variant}: the production variant the caller asked for. */
    public String targetVariant() {
        return targetVariant;
    }

    /** {@code X-Amzn-SageMaker-Target-Model}: the model a multi-model endpoint was asked for. */
    public String targetModel() {
        return targetModel;
    }

    /** The request's {@code Content-Type}, as sent (parameters included). */
    public String contentType() {
        return contentType;
    }

    /** The request's {@code Accept}, as sent. */
    public String accept() {
        return accept;
    }

    /**
     * Why {@code value} cannot be custom attributes, or {@code null} when it can: more than
     * {@link #MAX_CUSTOM_ATTRIBUTES} characters, or a character that is not visible ASCII, space or tab (SageMaker's
     * rule, RFC 7230's field value). The reason never quotes the value.
     */
    public static String customAttributesProblem(String value) {
        if (value.length() > MAX_CUSTOM_ATTRIBUTES) {
            return value.length() + " characters, more than the " + MAX_CUSTOM_ATTRIBUTES + " allowed";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 || c > 0x7e) && c != '\t') {
                return "character " + (i + 1) + " is not visible ASCII (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestContext r && inferenceId.equals(r.inferenceId)
                && customAttributes.equals(r.customAttributes) && targetVariant.equals(r.targetVariant)
                && targetModel.equals(r.targetModel) && contentType.equals(r.contentType) && accept.equals(r.accept);
    }

    @Override
    public int hashCode() {
        return Objects.hash(inferenceId, customAttributes, targetVariant, targetModel, contentType, accept);
    }

    /** Every field but the custom attributes, of which only the length is shown. */
    @Override
    public String toString() {
        return "RequestContext[inferenceId=" + inferenceId + ", customAttributes=(" + customAttributes.length()
                + " characters), targetVariant=" + targetVariant + ", targetModel=" + targetModel + ", contentType="
                + contentType + ", accept=" + accept + "]";
    }

    /** Builds a {@link RequestContext}; unset texts are empty. */
    public static final class Builder {
        private String inferenceId = "";
        private String customAttributes = "";
        private String targetVariant = "";
        private String targetModel = "";
        private String contentType = "";
        private String accept = "";

        private Builder() {
        }

        public Builder inferenceId(String value) {
            this.inferenceId = orEmpty(value);
            return this;
        }

        /** @throws IllegalArgumentException when {@link #customAttributesProblem} finds a problem */
        public Builder customAttributes(String value) {
            String v = orEmpty(value);
            String problem = customAttributesProblem(v);
            if (problem != null) {
                throw new IllegalArgumentException("custom attributes: " + problem);
            }
            this.customAttributes = v;
            return this;
        }

        public Builder targetVariant(String value) {
            this.targetVariant = orEmpty(value);
            return this;
        }

        public Builder targetModel(String value) {
            this.targetModel = orEmpty(value);
            return this;
        }

        public Builder contentType(String value) {
            this.contentType = orEmpty(value);
            return this;
        }

        public Builder accept(String value) {
            this.accept = orEmpty(value);
            return this;
        }

        public RequestContext build() {
            return new RequestContext(this);
        }

        private static String orEmpty(String value) {
            return value == null ? "" : value;
        }
    }
}
