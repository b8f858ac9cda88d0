package dev.skiff.config;

/**
 * The request body limit and the setting it came from, in the order that decides it: {@code SKIFF_MAX_PAYLOAD_MB}
 * (the operator's explicit choice), {@code SAGEMAKER_MAX_PAYLOAD_IN_MB} (a batch transform job's
 * {@code MaxPayloadInMB}), {@code MAX_CONTENT_LENGTH} (bytes), else 6 MB. For the two MB settings 0 means no limit
 * (SageMaker then sends a whole file as one chunked body).
 *
 * @param bytes the limit, or 0 for none
 * @param setBy the setting that decided it, as {@code NAME=value}, or {@code default}
 */
public record BodyLimit(long bytes, String setBy) {
    static final long MB = 1024L * 1024L;
    static final long DEFAULT_BYTES = 6 * MB;

    public BodyLimit {
        if (bytes < 0) {
            throw new IllegalArgumentException(setBy + ": a body limit cannot be negative");
        }
    }

    /** The limit an environment sets. */
    static BodyLimit from(EnvReader env) {
        if (env.has("SKIFF_MAX_PAYLOAD_MB")) {
            return megabytes(env, "SKIFF_MAX_PAYLOAD_MB");
        }
        if (env.has("SAGEMAKER_MAX_PAYLOAD_IN_MB")) {
            return megabytes(env, "SAGEMAKER_MAX_PAYLOAD_IN_MB");
        }
        if (env.has("MAX_CONTENT_LENGTH")) {
            long bytes = env.longInteger("MAX_CONTENT_LENGTH", DEFAULT_BYTES);
            if (bytes <= 0) {
                throw new IllegalArgumentException("MAX_CONTENT_LENGTH='" + bytes + "' must be a positive number "
                        + "of bytes (for no limit, set SKIFF_MAX_PAYLOAD_MB=0)");
            }
            return new BodyLimit(bytes, "MAX_CONTENT_LENGTH=" + bytes);
        }
        return new BodyLimit(DEFAULT_BYTES, "default");
    }

    private static BodyLimit megabytes(EnvReader env, String name) {
        long mb = env.longInteger(name, 0);
        if (mb < 0 || mb > Long.MAX_VALUE / MB) {
            throw new IllegalArgumentException(name + "='" + mb + "' must be a number of megabytes, 0 for no limit");
        }
        return new BodyLimit(mb * MB, name + "=" + mb);
    }

    /** Whether there is no limit at all. */
    public boolean none() {
        return bytes == 0;
    }

    /** Whether a body of {@code n} bytes is over the limit. */
    public boolean exceededBy(long n) {
        return bytes != 0 && n > bytes;
    }

    /** The limit in whole megabytes as {@code /execution-parameters} reports it: 0 for none, else at least 1. */
    public int megabytes() {
        return bytes == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes / MB));
    }

    /**
     * How much of a body is worth reading only to drop it (after an early error) to keep the connection: the limit,
     * or 6 MB when there is none; past that the connection is closed instead.
     */
    public long discardBytes() {
        return bytes == 0 ? DEFAULT_BYTES : bytes;
    }

    /** {@code "6 MB (default)"}, {@code "none (SAGEMAKER_MAX_PAYLOAD_IN_MB=0)"}, {@code "4096 bytes (...)"}. */
    @Override
    public String toString() {
        String size = bytes == 0 ? "none" : bytes % MB == 0 ? bytes / MB + " MB" : bytes + " bytes";
        return size + " (" + setBy + ")";
    }
}
