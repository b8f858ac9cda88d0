package dev.skiff.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one place a {@link Throwable} becomes an error answer: a {@link SkiffException} keeps its status, code and
 * message; anything else is a 500 with a generic message, and its stack trace goes to the log, never to the client.
 */
final class ErrorBody {
    private static final Logger log = LoggerFactory.getLogger(ErrorBody.class);
    private static final JsonFactory JSON = new JsonFactory();

    private ErrorBody() {
    }

    /** The {@link SkiffException} to answer for {@code error}; logs what the client will not see. */
    static SkiffException classify(Throwable error, String requestId) {
        Throwable cause = unwrap(error);
        try (MDC.MDCCloseable id = MDC.putCloseable(RequestLog.MDC_KEY, requestId)) {
            if (cause instanceof SkiffException e) {
                if (e.code().status() >= 500 && e.getCause() != null) {
                    log.error("request {}: {}", requestId, e.getMessage(), e.getCause());
                }
                return e;
            }
            log.error("request {} failed unexpectedly", requestId, cause);
        }
        return SkiffException.of(ErrorCode.INTERNAL_ERROR,
                "internal error; the server log has the details under request id " + requestId);
    }

    /** {@code {"error": {"code": ..., "message": ..., "request_id": ...}}} */
    static byte[] json(SkiffException e, String requestId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("code", e.code().code());
            g.writeStringField("message", e.getMessage());
            g.writeStringField("request_id", requestId);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
