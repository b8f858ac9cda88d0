package dev.skiff.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skiff.testmodel.RawHttp;
import dev.skiff.testmodel.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** SKIFF_API_KEYS_FILE over real sockets: /ping is open, every other route answers 401 without a known key. */
class ApiKeysIT {
    private static final String KEY = "sk-live-7f3a9c1e";
    private static final String HASHED_KEY = "another-key-only-its-hash-is-on-disk";

    @TempDir
    static Path tmp;
    static TestServer server;
    static final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logged);
        logged.start();
        Path keys = tmp.resolve("api-keys");
        Files.writeString(keys, KEY + "\nsha256:" + HexFormat.of().formatHex(ApiKeys.sha256(HASHED_KEY)) + "\n");
        server = TestServer.ready(tmp, "features=3\nweight=1\n", Map.of("SKIFF_API_KEYS_FILE", keys.toString()));
    }

    @AfterAll
    static void stop() {
        server.close();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
    }

    @Test
    void pingNeedsNoKey() {
        given().get(server.url("/ping")).then().statusCode(200);
    }

    @Test
    void everyOtherRouteNeedsAKey() {
        for (String path : new String[] {"/metrics", "/execution-parameters", "/no-such-route"}) {
            given().get(server.url(path)).then().statusCode(401).header("WWW-Authenticate", "Bearer realm=\"skiff\"")
                    .body("error.code", equalTo("unauthorized"));
        }
        given().header("X-Api-Key", KEY).get(server.url("/metrics")).then().statusCode(200);
    }

    @Test
    void invocationsAnswerWithAKeyInEitherHeader() {
        given().header("Authorization", "Bearer " + KEY).contentType("text/csv").body("1,2,3\n")
                .post(server.url("/invocations")).then().statusCode(200).body(equalTo("6.0\n"));
        given().header("X-Api-Key", HASHED_KEY).contentType("text/csv").body("1,2,3\n")
                .post(server.url("/invocations")).then().statusCode(200).body(equalTo("6.0\n"));
    }

    @Test
    void aMissingOrWrongKeyIs401WithTheStableErrorShape() {
        String body = given().contentType("text/csv").body("1,2,3\n").post(server.url("/invocations"))
                .then().statusCode(401).extract().asString();
        assertThat(body).matches("\\{\"error\":\\{\"code\":\"unauthorized\","
                + "\"message\":\"an API key is required[^\"]*\","
                + "\"request_id\":\"[^\"]+\"}}\\n");
        given().header("Authorization", "Bearer " + KEY + "x").contentType("text/csv").body("1,2,3\n")
                .post(server.url("/invocations")).then().statusCode(401).body("error.message",
                        equalTo("the API key is not valid"));
    }

    /** The 401 goes out on the head alone: the client has sent none of its body, and the connection is closed. */
    @Test
    void theBodyOfAnUnauthorizedRequestIsNeverRead() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            RawHttp.writeChunkedHead(out, "/invocations", "text/csv"); // no key; body still to come
            RawHttp.Head head = RawHttp.readHead(in);
            assertThat(head.status()).isEqualTo(401);
            assertThat(head.headers()).containsEntry("connection", "close");
            in.readNBytes(Integer.parseInt(head.headers().get("content-length")));
            assertThat(in.read()).isEqualTo(-1); // closed: no chunk of the body was asked for
        }
    }

    @Test
    void aBodilessUnauthorizedRequestKeepsItsConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 2; i++) {
                out.write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                RawHttp.Head head = RawHttp.readHead(in);
                assertThat(head.status()).isEqualTo(401);
                assertThat(head.headers()).containsEntry("connection", "keep-alive");
                in.readNBytes(Integer.parseInt(head.headers().get("content-length")));
            }
        }
    }

    @Test
    void keysNeverReachTheLog() {
        given().header("X-Api-Key", KEY).contentType("text/csv").body("1,2,3\n").post(server.url("/invocations"))
                .then().statusCode(200);
        given().header("X-Api-Key", "wrong-" + KEY).get(server.url("/metrics")).then().statusCode(401);
        assertThat(logged.list).isNotEmpty().noneMatch(e -> e.getFormattedMessage().contains(KEY));
    }
}
