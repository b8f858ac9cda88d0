package dev.skiff.samples.tribuo.text;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.skiff.testmodel.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code skiff train} with {@code skiff_trainer=tribuo-text} on the bundled corpus in a fake /opt/ml, then the real
 * server answering {@code text/plain} bodies through the raw-model SPI.
 */
class TextServeIT {
    @TempDir
    static Path tmp;
    static TestServer server;

    @BeforeAll
    static void trainAndServe() throws Exception {
        Path root = tmp.resolve("ml");
        Files.createDirectories(root.resolve("input/config"));
        Files.writeString(root.resolve("input/config/hyperparameters.json"),
                "{\"skiff_trainer\": \"tribuo-text\", \"epochs\": \"10\"}");
        for (String channel : new String[] {"train", "validation"}) {
            Path dir = Files.createDirectories(root.resolve("input/data/" + channel));
            Files.copy(Path.of("data/packages-" + channel + ".jsonl"), dir.resolve("packages.jsonl"));
        }
        int exit = dev.skiff.train.TrainMain.run(Map.of("SKIFF_ML_ROOT", root.toString(),
                "SKIFF_PLUGINS_DIR", root.resolve("no-plugins").toString()));
        assertThat(exit).as(Files.exists(root.resolve("output/failure"))
                ? Files.readString(root.resolve("output/failure")) : "").isZero();
        assertThat(Files.readString(root.resolve("model/skiff-model.json"))).contains("validation-accuracy");
        server = TestServer.ready(tmp, "unused", Map.of("SKIFF_MODEL_PROVIDER", "tribuo-text"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aTextIsAnsweredWithItsClassAsPlainTextOrJson() {
        given().contentType("text/plain; charset=utf-8").body("multiplayer card game for the GNOME desktop")
                .post(server.url("/invocations"))
                .then().statusCode(200).contentType("text/plain").body(equalTo("games\n"))
                .header("X-Amzn-SageMaker-Custom-Attributes", "words=7;known=7");
        given().contentType("text/plain").accept("application/json").body("PostgreSQL database client library")
                .post(server.url("/invocations-response-stream"))
                .then().statusCode(200).contentType("application/json").header("Transfer-Encoding", "chunked")
                .body("label", equalTo("database")).body("scores.keySet()", equalTo(java.util.Set.of("database",
                        "games", "graphics", "mail", "science", "sound")));
    }

    /** Five megabytes of text: read as a stream, held as the few features the model knows. */
    @Test
    void aLongTextStreamsThroughTheModel() {
        String sentence = "spam filter for the mail server, IMAP and POP3 mailbox tools. ";
        int times = 5_000_000 / sentence.length();
        given().contentType("text/plain").body(sentence.repeat(times).getBytes(StandardCharsets.UTF_8))
                .post(server.url("/invocations")).then().statusCode(200).body(equalTo("mail\n"))
                .header("X-Amzn-SageMaker-Custom-Attributes", containsString("words=" + 11L * times + ";"));
    }

    @Test
    void badRequestsAreClientErrors() {
        given().contentType("text/csv").body("1,2,3").post(server.url("/invocations"))
                .then().statusCode(415).body("error.code", equalTo("unsupported_content_type"))
                .body("error.message", containsString("text/plain"));
        given().contentType("text/plain").accept("text/csv").body("mail client").post(server.url("/invocations"))
                .then().statusCode(406).body("error.code", equalTo("unsupported_accept"));
        given().contentType("text/plain").body("qwxz zzkv").post(server.url("/invocations"))
                .then().statusCode(400).body("error.code", equalTo("invalid_input"))
                .body("error.message", containsString("vocabulary"));
        given().contentType("text/plain").body("").post(server.url("/invocations")).then().statusCode(204);
    }
}
