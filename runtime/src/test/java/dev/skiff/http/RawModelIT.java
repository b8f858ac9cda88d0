package dev.skiff.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.skiff.testmodel.CountingRawModel;
import dev.skiff.testmodel.RawHttp;
import dev.skiff.testmodel.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A raw model (bytes in, bytes out) behind the same routes, limits, timeouts and errors as a tabular one. */
class RawModelIT {
    @TempDir
    Path tmp;

    @Test
    void theModelReadsTheBodyAndAnswersBytesWithItsContentType() throws Exception {
        try (TestServer server = TestServer.serving(tmp, new CountingRawModel(true), Map.of())) {
            given().contentType("text/plain; charset=utf-8").body("hello\nworld\n").post(server.url("/invocations"))
                    .then().statusCode(200).contentType("text/plain").header("Content-Length", "26")
                    .body(equalTo("bytes=12 lines=2 sum=1104\n"));
            given().contentType("application/octet-stream").header("X-Amzn-SageMaker-Custom-Attributes", "k=v")
                    .body(new byte[] {1, 2, 3}).post(server.url("/invocations-response-stream"))
                    .then().statusCode(200).header("Transfer-Encoding", "chunked")
                    .header("X-Amzn-SageMaker-Custom-Attributes", "seen=k=v")
                    .body(equalTo("bytes=3 lines=0 sum=6\n"));
            String metrics = given().get(server.url("/metrics")).then().extract().asString();
            String count = "skiff_requests_seconds_count\\{route=\"%s\",status=\"200\"} 1\\b";
            assertThat(metrics).containsPattern(count.formatted("/invocations"))
                    .containsPattern(count.formatted("/invocations-response-stream"))
                    .containsPattern("skiff_rows_total 2\\b");
        }
    }

    @Test
    void anEmptyBodyIs204WithoutCallingTheModel() throws Exception {
        CountingRawModel model = new CountingRawModel(true);
        try (TestServer server = TestServer.serving(tmp, model, Map.of())) {
            given().contentType("text/plain").body(new byte[0]).post(server.url("/invocations")).then().statusCode(204);
            assertThat(model.entered.availablePermits()).isZero();
        }
    }

    @Test
    void errorsAreThoseOfTabularModels() throws Exception {
        try (TestServer server = TestServer.serving(tmp, new CountingRawModel(true),
                Map.of("MAX_CONTENT_LENGTH", "1000"))) {
            given().contentType("image/png").body(new byte[] {1}).post(server.url("/invocations"))
                    .then().statusCode(415).body("error.code", equalTo("unsupported_content_type"))
                    .body("error.message", containsString("text/plain"));
            given().contentType("text/plain").body("bad input").post(server.url("/invocations"))
                    .then().statusCode(400).body("error.code", equalTo("invalid_input"));
            given().contentType("text/plain").body("boom").post(server.url("/invocations"))
                    .then().statusCode(500).body("error.code", equalTo("internal_error"))
                    .body(not(containsString("secret")));
            given().contentType("text/plain").body("x".repeat(1001)).post(server.url("/invocations"))
                    .then().statusCode(413).body("error.code", equalTo("payload_too_large"));
            given().contentType("text/plain").body("fine").post(server.url("/invocations")).then().statusCode(200);
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIs413AndLetsTheModelGo() throws Exception {
        CountingRawModel model = new CountingRawModel(true);
        try (TestServer server = TestServer.serving(tmp, model, Map.of("MAX_CONTENT_LENGTH", "100000"));
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            RawHttp.writeChunkedHead(out, "/invocations", "text/plain");
            byte[] part = new byte[8192];
            java.util.Arrays.fill(part, (byte) 'a');
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 20; i++) {
                        RawHttp.writeChunk(out, part, part.length);
                    }
                } catch (java.io.IOException closed) {
                    // the server closes the connection after its 413
                }
            });
            RawHttp.Head head = RawHttp.readHead(socket.getInputStream());
            assertThat(head.status()).isEqualTo(413);
            assertThat(head.headers().get("connection")).isEqualTo("close");
            upload.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void slowModelIs504() throws Exception {
        CountingRawModel model = new CountingRawModel(false); // never let through
        try (TestServer server = TestServer.serving(tmp, model, Map.of("SAGEMAKER_MODEL_SERVER_TIMEOUT", "1"))) {
            given().contentType("text/plain").body("x").post(server.url("/invocations"))
                    .then().statusCode(504).body("error.code", equalTo("prediction_timeout"));
            model.gate.release(Integer.MAX_VALUE / 2);
        }
    }

    /**
     * While the model does not read, the server holds at most a window of the body and stops reading the socket; the
     * model then reads the whole body, in order.
     */
    @Test
    void theBodyWaitsInTheSocketWhileTheModelDoesNotRead() throws Exception {
        CountingRawModel model = new CountingRawModel(false);
        long parts = 2048; // 16 MiB, far more than the window
        try (TestServer server = TestServer.serving(tmp, model, Map.of("SKIFF_MAX_PAYLOAD_MB", "0"));
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    RawHttp.writeChunkedHead(out, "/invocations", "application/octet-stream");
                    byte[] part = new byte[8192];
                    for (int i = 0; i < parts; i++) {
                        java.util.Arrays.fill(part, (byte) (i % 7));
                        RawHttp.writeChunk(out, part, part.length);
                    }
                    RawHttp.writeLastChunk(out);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(model.entered.tryAcquire(30, TimeUnit.SECONDS)).isTrue();
            // The model was called with the first bytes and has read nothing since; the client keeps writing
            // until the socket buffers are full.
            awaitStalled(upload);
            model.gate.release();
            InputStream in = socket.getInputStream();
            RawHttp.Head head = RawHttp.readHead(in);
            assertThat(head.status()).isEqualTo(200);
            String answer = new String(in.readNBytes(Integer.parseInt(head.headers().get("content-length"))),
                    StandardCharsets.US_ASCII);
            long sum = 0;
            for (int i = 0; i < parts; i++) {
                sum += 8192L * (i % 7);
            }
            assertThat(answer).isEqualTo("bytes=" + parts * 8192 + " lines=0 sum=" + sum + "\n");
            assertThat(model.availableAtFirstRead).as("bytes buffered while the model did not read")
                    .isPositive().isLessThanOrEqualTo(RawExchange.WINDOW_BYTES + 64 * 1024);
            upload.get(30, TimeUnit.SECONDS);
        }
    }

    /** Waits until the upload has been blocked in a write for a while (the server stopped reading). */
    private static void awaitStalled(CompletableFuture<Void> upload) throws Exception {
        try {
            upload.get(2, TimeUnit.SECONDS);
            throw new AssertionError("all 16 MiB were accepted while the model read nothing");
        } catch (java.util.concurrent.TimeoutException expected) {
            // still writing: the server holds its window and reads no more
        }
    }
}
