package dev.skiff.http;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.RequestContext;
import dev.skiff.spi.SkiffException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import java.util.List;

/**
 * SageMaker's request headers as a {@link RequestContext}, checked: a malformed or oversized one is a 400
 * {@code invalid_header} that names the header (never its value, which may be a caller's data).
 */
final class ContextHeaders {
    static final String CUSTOM_ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";
    static final String TARGET_VARIANT = "X-Amzn-SageMaker-Target-Variant";
    static final String TARGET_MODEL = "X-Amzn-SageMaker-Target-Model";
    /** SageMaker's own limits: a variant name is at most 63 characters, a target model 1,024. */
    private static final int MAX_VARIANT = 63;
    private static final int MAX_TARGET_MODEL = 1024;

    private ContextHeaders() {
    }

    /** The context of {@code request}, whose id is {@code requestId}. */
    static RequestContext of(HttpRequest request, String requestId) {
        HttpHeaders headers = request.headers();
        String attributes = single(headers, CUSTOM_ATTRIBUTES);
        String problem = RequestContext.customAttributesProblem(attributes);
        if (problem != null) {
            throw invalid(CUSTOM_ATTRIBUTES, problem);
        }
        return RequestContext.builder()
                .inferenceId(requestId)
                .customAttributes(attributes)
                .targetVariant(printable(headers, TARGET_VARIANT, MAX_VARIANT))
                .targetModel(printable(headers, TARGET_MODEL, MAX_TARGET_MODEL))
                .contentType(headers.get(HttpHeaderNames.CONTENT_TYPE, ""))
                .accept(headers.get(HttpHeaderNames.ACCEPT, ""))
                .build();
    }

    private static String single(HttpHeaders headers, String name) {
        List<String> values = headers.getAll(name);
        if (values.size() > 1) {
            throw invalid(name, "sent " + values.size() + " times; send it once");
        }
        return values.isEmpty() ? "" : values.get(0);
    }

    private static String printable(HttpHeaders headers, String name, int maxLength) {
        String value = single(headers, name);
        if (value.length() > maxLength) {
            throw invalid(name, value.length() + " characters, more than the " + maxLength + " allowed");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < 0x20 || value.charAt(i) > 0x7e) {
                throw invalid(name, "character " + (i + 1) + " is not printable ASCII");
            }
        }
        return value;
    }

    private static SkiffException invalid(String header, String problem) {
        return SkiffException.of(ErrorCode.INVALID_HEADER, header + ": " + problem);
    }
}
