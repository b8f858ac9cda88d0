package dev.skiff.spi;

/**
 * Every error Skiff reports, with its HTTP status and the stable machine code that clients can rely on.
 * Codes never change once published; messages may.
 */
public enum ErrorCode {
    MALFORMED_CSV(400, "malformed_csv"),
    INVALID_JSON(400, "invalid_json"),
    MALFORMED_RECORDIO(400, "malformed_recordio"),
    WRONG_FEATURE_COUNT(400, "wrong_feature_count"),
    NOT_A_NUMBER(400, "not_a_number"),
    WRONG_TYPE(400, "wrong_type"),
    MISSING_FEATURE(400, "missing_feature"),
    UNKNOWN_FEATURE(400, "unknown_feature"),
    ROW_TOO_LARGE(400, "row_too_large"),
    INVALID_INPUT(400, "invalid_input"),
    BAD_REQUEST(400, "bad_request"),
    /** A request header Skiff reads (e.g. {@code X-Amzn-SageMaker-Custom-Attributes}) is malformed or too long. */
    INVALID_HEADER(400, "invalid_header"),
    UNAUTHORIZED(401, "unauthorized"),
    NOT_FOUND(404, "not_found"),
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    UNSUPPORTED_ACCEPT(406, "unsupported_accept"),
    PAYLOAD_TOO_LARGE(413, "payload_too_large"),
    HEADERS_TOO_LARGE(431, "headers_too_large"),
    UNSUPPORTED_CONTENT_TYPE(415, "unsupported_content_type"),
    INTERNAL_ERROR(500, "internal_error"),
    MODEL_NOT_READY(503, "model_not_ready"),
    /** {@code /ping}: every model thread is stuck on a prediction past the timeout. */
    MODEL_STUCK(503, "model_stuck"),
    QUEUE_FULL(503, "queue_full"),
    SHUTTING_DOWN(503, "shutting_down"),
    PREDICTION_TIMEOUT(504, "prediction_timeout");

    private final int status;
    private final String code;

    ErrorCode(int status, String code) {
        this.status = status;
        this.code = code;
    }

    /** The HTTP status this error is answered with. */
    public int status() {
        return status;
    }

    /** The stable, lower-case machine code, e.g. {@code wrong_feature_count}. */
    public String code() {
        return code;
    }
}
