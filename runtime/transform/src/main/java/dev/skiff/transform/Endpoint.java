package dev.skiff.transform;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The serving container, as the batch-transform agent talks to it: {@code GET /ping}, {@code GET
 * /execution-parameters} and {@code POST /invocations} over HTTP/1.1. Nothing here retries: a failed request is
 * the caller's to report.
 */
final class Endpoint {
    private static final JsonFactory JSON = new JsonFactory();
    /** Mini-batches larger than this go through {@link DuplexPost}. */
    static final int DUPLEX_ABOVE = 1024 * 1024;

    private final URI base;
    private final HttpClient client;
    private final String contentType;
    private final String accept;
    private final Duration timeout;
    private final ExecutorService large = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "skiff-transform-request");
        t.setDaemon(true);
        return t;
    });

    Endpoint(URI base, String contentType, String accept, Duration timeout) {
        this.base = base;
        this.contentType = contentType;
        this.accept = accept;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    URI base() {
        return base;
    }

    /** Polls {@code /ping} until it answers 200, for at most {@code wait}; fails with the last answer. */
    void awaitReady(Duration wait) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        String last;
        do {
            try {
                HttpResponse<String> r = client.send(get("/ping"), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + r.statusCode() + " " + r.body().strip();
            } catch (ConnectException e) {
                last = "nothing listens there";
            }
            Thread.sleep(100); // polling a server that is starting: there is nothing to wait on but time
        } while (System.nanoTime() < deadline);
        throw new IOException("/ping at " + base + " did not answer 200 within " + wait.toSeconds() + " s: " + last);
    }

    /** The container's {@code /execution-parameters}, or an empty map when it has none (a 404, say). */
    Map<String, String> executionParameters() throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(get("/execution-parameters"), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, String> out = new HashMap<>();
        if (r.statusCode() != 200) {
            return out;
        }
        try (JsonParser p = JSON.createParser(r.body())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("/execution-parameters is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value.isScalarValue()) {
                    out.put(name, p.getText());
                } else {
                    p.skipChildren();
                }
            }
        }
        return out;
    }

    /** An answer held whole (its size is bounded by its mini-batch's). */
    record Answer(int status, byte[] body) { }

    /**
     * Sends one mini-batch. Up to {@link #DUPLEX_ABOVE} bytes through java.net.http on a kept-alive connection;
     * larger ones through {@link DuplexPost}, since their answers may outgrow the sockets' buffers before the upload
     * ends (java.net.http reads only after sending).
     */
    CompletableFuture<Answer> invoke(byte[] body) {
        if (body.length > DUPLEX_ABOVE) {
            return CompletableFuture.supplyAsync(() -> {
                try (DuplexPost post = invokeStreaming(new ByteArrayInputStream(body))) {
                    byte[] answer = post.body().readAllBytes();
                    if (post.status() / 100 == 2) {
                        post.finishUpload();
                    }
                    return new Answer(post.status(), answer);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }, large);
        }
        return client.sendAsync(post(HttpRequest.BodyPublishers.ofByteArray(body)),
                HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> new Answer(r.statusCode(), r.body()));
    }

    /** Starts a chunked upload of {@code body}, answer read while it goes on (see {@link DuplexPost}). */
    DuplexPost invokeStreaming(InputStream body) throws IOException {
        return DuplexPost.start(base, contentType, accept, timeout, body);
    }

    private HttpRequest post(HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/invocations")).timeout(timeout)
                .header("Content-Type", contentType).POST(body);
        if (accept != null) {
            b.header("Accept", accept);
        }
        return b.build();
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
    }
}
