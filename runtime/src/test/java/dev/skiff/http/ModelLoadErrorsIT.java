package dev.skiff.http;

import static dev.skiff.testmodel.TestServer.loadBody;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.skiff.testmodel.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad {@code POST /models} requests over real HTTP: each is a 4xx whose code and message name the problem, nothing is
 * loaded, and the same server then loads a good model.
 */
class ModelLoadErrorsIT {
    @TempDir
    static Path tmp;
    static TestServer server;
    static Path models;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.multiModel(tmp, Map.of());
        models = server.root().resolve("models");
        server.model("good", "features=1\nweight=3\n");
        server.model("fails", "failLoad=the weights are truncated\n");
        Files.createDirectories(models.resolve("empty/model"));
        TestServer.write(models.resolve("hidden/model/.DS_Store"), "");
        TestServer.write(models.resolve("unknown/model/weights.bin"), "not a model anyone reads");
        TestServer.write(models.resolve("file/model"), "a file where the directory should be");
        TestServer.write(tmp.resolve("outside/model/sum-model"), "features=1\n");
        Files.createSymbolicLink(models.resolve("link"), tmp.resolve("outside"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        # body (MODELS stands for the models root) | status | code | message
        { | 400 | invalid_json | not valid JSON
        [] | 400 | invalid_json | not a JSON object
        {"model_name": "a", "model_name": "b", "url": "x"} | 400 | invalid_json | 'model_name' appears twice
        {"model_name": 7, "url": "MODELS/good/model"} | 400 | invalid_json | 'model_name' must be a JSON string
        {"model_name": "a", "url": "MODELS/good/model"} {} | 400 | invalid_json | goes on after
        {"url": "MODELS/good/model"} | 400 | invalid_model_name | model_name is missing
        {"model_name": "a/b", "url": "MODELS/good/model"} | 400 | invalid_model_name | path separator '/' at position 2
        {"model_name": "..", "url": "MODELS/good/model"} | 400 | invalid_model_name | starts with '.' or holds '..'
        {"model_name": "a b", "url": "MODELS/good/model"} | 400 | invalid_model_name | U+0020 at position 2
        {"model_name": "a"} | 400 | invalid_model_url | url is missing
        {"model_name": "a", "url": "good/model"} | 400 | invalid_model_url | not an absolute path
        {"model_name": "a", "url": "/etc"} | 400 | invalid_model_url | outside the models root
        {"model_name": "a", "url": "MODELS/../model"} | 400 | invalid_model_url | outside the models root
        {"model_name": "a", "url": "MODELS"} | 400 | invalid_model_url | outside the models root
        {"model_name": "a", "url": "MODELS/link/model"} | 400 | invalid_model_url | through a symbolic link
        {"model_name": "a", "url": "MODELS/none/model"} | 400 | invalid_model_url | no model directory at
        {"model_name": "a", "url": "MODELS/file/model"} | 400 | invalid_model_url | is a file, not a model directory
        {"model_name": "a", "url": "MODELS/empty/model"} | 400 | invalid_model_url | is empty
        {"model_name": "a", "url": "MODELS/hidden/model"} | 400 | invalid_model_url | is empty
        {"model_name": "a", "url": "MODELS/unknown/model"} | 400 | model_load_failed | no model provider recognises
        {"model_name": "a", "url": "MODELS/fails/model"} | 400 | model_load_failed | the weights are truncated
        """)
    void aBadLoadIsA4xxNamingTheProblemAndLoadsNothing(String body, int status, String code, String message) {
        given().contentType("application/json").body(body.replace("MODELS", models.toString()))
                .post(server.url("/models")).then().statusCode(status).body("error.code", equalTo(code))
                .body("error.message", containsString(message));
        given().get(server.url("/models")).then().statusCode(200).body("models", hasSize(0));
        String good = models.resolve("good/model").toString();
        given().contentType("application/json").body(loadBody("good", good)).post(server.url("/models"))
                .then().statusCode(200);
        given().contentType("text/csv").body("2\n").post(server.url("/models/good/invoke")).then().statusCode(200)
                .body(equalTo("6.0\n"));
        given().delete(server.url("/models/good")).then().statusCode(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        text/plain         | 415 | unsupported_content_type
        application/x-yaml | 415 | unsupported_content_type
        """)
    void aBodyThatIsNotJsonIsRefusedUnread(String contentType, int status, String code) {
        given().contentType(contentType)
                .body(loadBody("good", models.resolve("good/model").toString()).getBytes(StandardCharsets.UTF_8))
                .post(server.url("/models")).then().statusCode(status).body("error.code", equalTo(code));
        given().get(server.url("/models")).then().body("models", hasSize(0));
    }

    @org.junit.jupiter.api.Test
    void anOverLongNameAndAnOversizedBodyAreRefused() {
        String name = "n".repeat(256);
        given().contentType("application/json").body(loadBody(name, models.resolve("good/model").toString()))
                .post(server.url("/models")).then().statusCode(400).body("error.code", equalTo("invalid_model_name"))
                .body("error.message", containsString("256 characters long; at most 255"));
        given().contentType("application/json").body("{\"model_name\": \"a\", \"pad\": \"" + "x".repeat(70_000) + "\"}")
                .post(server.url("/models")).then().statusCode(413).body("error.code", equalTo("payload_too_large"));
        given().get(server.url("/models")).then().body("models", hasSize(0));
    }
}
