package dev.skiff.http;

import dev.skiff.exec.InferenceService;
import dev.skiff.spi.SkiffException;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What one request did, for its access-log line and its metrics: the request id (taken from
 * {@code X-Amzn-SageMaker-Inference-Id} or {@code X-Request-Id}, else made up, and echoed back), status, bytes,
 * rows and time.
 */
final class RequestLog {
    static final String SAGEMAKER_ID = "X-Amzn-SageMaker-Inference-Id";
    static final String REQUEST_ID = "X-Request-Id";
    static final String MDC_KEY = InferenceService.MDC_REQUEST_ID;
    private static final Logger access = LoggerFactory.getLogger("skiff.access");

    private final HttpMetrics metrics;
    private final String route;
    private final String method;
    private final String uri;
    private final String sageMakerId;
    private final String requestId;
    private final long startNanos = System.nanoTime();
    private int status;
    private long bytesIn;
    private long bytesOut;
    private long rows;
    private String errorCode = "-";
    private SkiffException error;
    private long micros;
    private final boolean logAttributes;
    private String attributesIn = "";
    private String attributesOut = "";

    /** @param logAttributes whether the line shows custom attributes (the operator's choice; off by default) */
    RequestLog(HttpRequest request, String route, HttpMetrics metrics, boolean logAttributes) {
        this.metrics = metrics;
        this.logAttributes = logAttributes;
        this.route = route;
        this.method = request.method().name();
        this.uri = request.uri();
        this.sageMakerId = request.headers().get(SAGEMAKER_ID);
        String given = sageMakerId != null ? sageMakerId : request.headers().get(REQUEST_ID);
        this.requestId = given != null && !given.isBlank() && given.length() <= 200 ? given : newId();
    }

    /** A random UUID-shaped id; not from SecureRandom, which is slow and locks, and an id needs no secrecy. */
    private static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    String requestId() {
        return requestId;
    }

    void echoIds(HttpHeaders headers) {
        headers.set(REQUEST_ID, requestId);
        if (sageMakerId != null) {
            headers.set(SAGEMAKER_ID, sageMakerId);
        }
    }

    void bytesIn(long n) {
        bytesIn += n;
    }

    long bytesIn() {
        return bytesIn;
    }

    void bytesOut(long n) {
        bytesOut += n;
    }

    void rows(long n) {
        rows += n;
    }

    /** The request's custom attributes: shown only when the operator asked. */
    void attributesIn(String attributes) {
        this.attributesIn = attributes;
    }

    /** The answer's custom attributes: shown only when the operator asked. */
    void attributesOut(String attributes) {
        this.attributesOut = attributes;
    }

    void response(int status, long bodyBytes) {
        this.status = status;
        this.bytesOut += bodyBytes;
    }

    void error(SkiffException e) {
        errorCode = e.code().code();
        error = e;
    }

    void abort(SkiffException e) {
        errorCode = e.code().code() + "(aborted)";
        error = e;
    }

    /** The status answered; 499 when the client went away before an answer. */
    int status() {
        return status == 0 ? 499 : status;
    }

    /** The error answered (or that aborted the answer), or {@code null}. */
    SkiffException failure() {
        return error;
    }

    long rows() {
        return rows;
    }

    /** Milliseconds from the head's arrival to the end of the exchange; valid after {@link #finish}. */
    double ms() {
        return micros / 1000.0;
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    void finish() {
        micros = (System.nanoTime() - startNanos) / 1000;
        int shown = status();
        try (MDC.MDCCloseable id = MDC.putCloseable(MDC_KEY, requestId)) {
            if (logAttributes) {
                access.info("{} {} {} {} in={} out={} rows={} ms={} error={} attributes={} response_attributes={}",
                        requestId, method, uri, shown, bytesIn, bytesOut, rows, micros / 1000.0, errorCode,
                        quoted(attributesIn), quoted(attributesOut));
            } else {
                access.info("{} {} {} {} in={} out={} rows={} ms={} error={}", requestId, method, uri, shown,
                        bytesIn, bytesOut, rows, micros / 1000.0, errorCode);
            }
        }
        metrics.record(route, shown, micros, rows);
    }
}
