package dev.skiff.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import dev.skiff.testmodel.GatedModel;
import dev.skiff.testmodel.RawHttp;
import dev.skiff.testmodel.RawHttp.TimedChunk;
import dev.skiff.testmodel.TestServer;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /invocations-response-stream}: the formats and errors of {@code /invocations}, always chunked, each
 * batch's answer sent the moment it is predicted. A client that timestamps every chunk shows the first records
 * arriving before the next batch was even allowed to be predicted.
 */
class ResponseStreamIT {
    private static final String STREAM = "/invocations-response-stream";

    @TempDir
    Path tmp;

    @Test
    void eachBatchIsSentAsAChunkAsSoonAsItIsPredicted() throws Exception {
        GatedModel model = new GatedModel(false, context -> "");
        // One model thread: batches are predicted one after the other, each when the test lets it.
        try (TestServer server = TestServer.serving(tmp, model, Map.of("SKIFF_BATCH_ROWS", "1", "SKIFF_WORKERS", "1"));
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            // The whole body is sent at once: any wait below is the model's, never the upload's.
            RawHttp.writeRequest(socket.getOutputStream(), STREAM, "text/csv",
                    "1,2\n3,4\n5,6\n".getBytes(StandardCharsets.US_ASCII));

            // Each batch waits for the gate (up to 60 s) and the socket times out after 30 s: a chunk that was not
            // sent before the next batch was let through fails the read below.
            List<TimedChunk> chunks = new ArrayList<>();
            model.gate.release();
            RawHttp.Head head = RawHttp.readHead(in);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.chunked()).isTrue();
            for (int batch = 1; batch <= 3; batch++) {
                chunks.add(RawHttp.readTimedChunk(in));
                if (batch < 3) {
                    model.gate.release();
                }
            }
            assertThat(RawHttp.readChunk(in)).as("the end of the body").isEmpty();

            assertThat(chunks).extracting(TimedChunk::text).containsExactly("3.0\n", "7.0\n", "11.0\n");
        }
    }

    @Test
    void aOneBatchAnswerIsChunkedToo() throws Exception {
        GatedModel model = new GatedModel(true, context -> "");
        try (TestServer server = TestServer.serving(tmp, model, Map.of())) {
            given().contentType("text/csv").body("1,2\n").post(server.url(STREAM))
                    .then().statusCode(200).header("Transfer-Encoding", "chunked").body(equalTo("3.0\n"));
            given().contentType("text/csv").body("1,2\n").post(server.url("/invocations"))
                    .then().statusCode(200).header("Content-Length", "4").body(equalTo("3.0\n"));
        }
    }

    @Test
    void theFormatsAndErrorsAreThoseOfInvocations() throws Exception {
        GatedModel model = new GatedModel(true, context -> "");
        try (TestServer server = TestServer.serving(tmp, model, Map.of("SKIFF_BATCH_ROWS", "2"))) {
            given().contentType("application/json").body("{\"instances\": [[1, 2], [3, 4], [5, 6]]}")
                    .post(server.url(STREAM)).then().statusCode(200).contentType("application/json")
                    .body(equalTo("{\"predictions\":[3.0,7.0,11.0]}"));
            given().contentType("application/jsonlines").accept("text/csv")
                    .body("[1]\n[2]\n".getBytes(StandardCharsets.UTF_8))
                    .post(server.url(STREAM)).then().statusCode(200).contentType("text/csv")
                    .body(equalTo("1.0\n2.0\n"));
            given().contentType("text/csv").body("1,2\n1,x\n").post(server.url(STREAM))
                    .then().statusCode(400).body("error.code", equalTo("not_a_number"));
            given().contentType("image/png").body(new byte[] {1}).post(server.url(STREAM))
                    .then().statusCode(415).body("error.code", equalTo("unsupported_content_type"));
            given().contentType("text/csv").accept("image/png").body("1").post(server.url(STREAM))
                    .then().statusCode(406).body("error.code", equalTo("unsupported_accept"));
            given().get(server.url(STREAM)).then().statusCode(405);
            given().contentType("text/csv").body("").post(server.url(STREAM)).then().statusCode(204);
        }
    }

    @Test
    void aFailureAfterTheHeadAbortsTheStream() throws Exception {
        GatedModel model = new GatedModel(true, context -> "");
        try (TestServer server = TestServer.serving(tmp, model, Map.of("SKIFF_BATCH_ROWS", "1"));
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            RawHttp.writeChunkedHead(socket.getOutputStream(), STREAM, "text/csv");
            byte[] good = "1,2\n".getBytes(StandardCharsets.US_ASCII);
            RawHttp.writeChunk(socket.getOutputStream(), good, good.length);
            assertThat(RawHttp.readHead(in).status()).isEqualTo(200);
            assertThat(new String(RawHttp.readChunk(in), StandardCharsets.US_ASCII)).isEqualTo("3.0\n");
            byte[] bad = "1\n".getBytes(StandardCharsets.US_ASCII); // a row of another width: a 400 after the head
            RawHttp.writeChunk(socket.getOutputStream(), bad, bad.length);
            RawHttp.writeLastChunk(socket.getOutputStream());
            assertThatThrownBy(() -> RawHttp.chunkedBody(in).readAllBytes())
                    .as("the stream ends without its terminating chunk").isInstanceOf(java.io.IOException.class)
                    .isNotInstanceOf(java.net.SocketTimeoutException.class);
        }
    }
}
