package dev.skiff.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One answer from {@code POST /invocations}: status, content type, body, and the request id the server echoed.
 *
 * @param contentType the answer's {@code Content-Type}, or empty
 */
public record Invocation(int status, String contentType, String body, String requestId) {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    /** The stable error code of an error answer ({@code "wrong_feature_count"}), or empty for a success. */
    public String errorCode() {
        int at = body.indexOf("\"code\":\"");
        return status < 400 || at < 0 ? "" : body.substring(at + 8, body.indexOf('"', at + 8));
    }

    static Invocation post(URI uri, String contentType, String accept, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (accept != null) {
            request.header("Accept", accept);
        }
        try {
            HttpResponse<String> r =
                    CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Invocation(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                    r.headers().firstValue("X-Request-Id").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST " + uri, e);
        }
    }
}
