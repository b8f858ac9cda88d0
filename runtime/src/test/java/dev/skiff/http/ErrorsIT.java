package dev.skiff.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import dev.skiff.testmodel.RawHttp;
import dev.skiff.testmodel.TestServer;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per error: status, stable code, a message that names the row, and the server still serving after it. */
class ErrorsIT {
    @TempDir
    static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.ready(tmp, "features=3\nweight=1\n", Map.of("MAX_CONTENT_LENGTH", "4096"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** After every error the same server answers a good request correctly. */
    @AfterEach
    void serverStillServes() {
        given().contentType("text/csv").body("1,2,3\n").post(server.url("/invocations"))
                .then().statusCode(200).body(equalTo("6.0\n"));
    }

    private static ValidatableResponse post(String contentType, String body) {
        return given().contentType(contentType).body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post(server.url("/invocations")).then()
                .contentType("application/json");
    }

    private static void assertError(ValidatableResponse r, int status, String code, String... inMessage) {
        r.statusCode(status).body("error.code", equalTo(code)).body("error.request_id", not(equalTo("")));
        for (String part : inMessage) {
            r.body("error.message", containsString(part));
        }
    }

    @Test
    void wrongFeatureCountNamesRowAndCounts() {
        assertError(post("text/csv", "1,2,3\n1,2,3\n1,2\n"), 400, "wrong_feature_count", "row 3", "2", "3");
    }

    @Test
    void nonNumberNamesRowAndColumn() {
        assertError(post("text/csv", "1,2,3\n1,abc,3\n"), 400, "not_a_number", "row 2", "column 2", "abc");
    }

    @Test
    void malformedCsvNamesTheRow() {
        assertError(post("text/csv", "1,2,3\n\"1,2,3\n"), 400, "malformed_csv", "row 2");
    }

    @Test
    void invalidJsonIs400() {
        assertError(post("application/json", "{\"instances\": [[1,2,3], [1,2,"), 400, "invalid_json");
    }

    @Test
    void unsupportedContentTypeIs415() {
        assertError(post("application/x-parquet", "PAR1"), 415, "unsupported_content_type", "application/x-parquet");
    }

    @Test
    void unsupportedAcceptIs406() {
        assertError(given().contentType("text/csv").accept("image/png").body("1,2,3")
                .post(server.url("/invocations")).then(), 406, "unsupported_accept", "image/png");
    }

    @Test
    void declaredBodyOverTheLimitIs413() {
        assertError(post("text/csv", "1,2,3\n".repeat(1000)), 413, "payload_too_large", "4096");
    }

    @Test
    void validationErrorFromTheModelIs400NamingTheRow() {
        assertError(post("text/csv", "1,2,3\n-400,0,0\n"), 400, "invalid_input", "row 2");
    }

    @Test
    void unexpectedModelFailureIs500WithoutDetails() {
        ValidatableResponse r = post("text/csv", "-500,0,0\n");
        assertError(r, 500, "internal_error");
        r.body(not(containsString("secret internal detail"))).body(not(containsString("Exception")));
    }

    @Test
    void infinitiesAndFloatOverflowNameRowAndColumn() {
        assertError(post("text/csv", "1,2,3\n1,inf,3\n"), 400, "not_a_number", "row 2, column 2", "not a finite");
        assertError(post("text/csv", "1,2,1e39\n"), 400, "not_a_number", "row 1, column 3", "1.0E39");
        assertError(post("application/json", "[[1,2,3],[1e400,2,3]]"), 400, "not_a_number", "row 2, column 1");
    }

    @Test
    void jsonStringsWhereNumbersBelongNameRowAndColumn() {
        assertError(post("application/json", "{\"instances\": [[1, \"0.5\", 3]]}"), 400, "not_a_number",
                "row 1, column 2", "the string \"0.5\"");
        assertError(post("application/jsonlines", "[1,2,3]\n[\"1\",2,3]\n"), 400, "not_a_number", "row 2, column 1");
    }

    @Test
    void duplicateJsonKeysAreRefused() {
        assertError(post("application/json", "{\"instances\": [[1,2,3]], \"instances\": [[4,5,6]]}"), 400,
                "invalid_input", "row 2, column instances", "key given twice");
    }

    @Test
    void malformedChunkFramingIsAJson400ThenTheConnectionCloses() throws Exception {
        for (String chunkLine : List.of("zz", "-1", "1" + "0".repeat(40), "5;" + "e".repeat(64 * 1024))) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                RawHttp.writeChunkedHead(out, "/invocations", "text/csv");
                out.write((chunkLine + "\r\n1,2,3\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                RawHttp.Head head = RawHttp.readHead(in);
                String what = "chunk line " + chunkLine.substring(0, Math.min(20, chunkLine.length()));
                assertThat(head.status()).as(what).isEqualTo(400);
                assertThat(head.headers().get("connection")).as(what).isEqualTo("close");
                String body = new String(in.readNBytes(Integer.parseInt(head.headers().get("content-length"))),
                        StandardCharsets.UTF_8);
                assertThat(body).as(what).contains("\"code\":\"bad_request\"").contains("chunked framing");
                assertThat(closedByServer(in)).as(what + ": then the connection closes").isTrue();
            }
        }
    }

    /** The end of the stream, or a reset (the server closed with unread bytes from us in its buffer). */
    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketException e) {
            return true;
        }
    }

    @Test
    void errorBodyHasExactlyCodeMessageAndRequestId() {
        String body = post("text/csv", "1\n").statusCode(400).extract().asString();
        assertThat(body).matches("\\{\"error\":\\{\"code\":\"wrong_feature_count\",\"message\":\"[^\"]+\","
                + "\"request_id\":\"[^\"]+\"}}\\n");
    }
}
