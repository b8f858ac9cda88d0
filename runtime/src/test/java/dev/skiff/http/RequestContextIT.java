package dev.skiff.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.skiff.spi.RequestContext;
import dev.skiff.testmodel.GatedModel;
import dev.skiff.testmodel.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The request context over real HTTP: what a model sees of SageMaker's headers, the custom attributes it answers,
 * 400s for malformed headers, and custom attributes kept out of the log unless the operator asks.
 */
class RequestContextIT {
    private static final String ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";

    @TempDir
    Path tmp;
    private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

    @BeforeEach
    void captureAccessLog() {
        accessLog.start();
        ((Logger) LoggerFactory.getLogger("skiff.access")).addAppender(accessLog);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger("skiff.access")).detachAppender(accessLog);
    }

    private static GatedModel echoing() {
        return new GatedModel(true, context -> context.customAttributes().isEmpty() ? ""
                : "trace=" + context.customAttributes().length() + ";variant=" + context.targetVariant());
    }

    @Test
    void theModelSeesTheRequestAndItsAttributesGoBackToTheCaller() throws Exception {
        GatedModel model = echoing();
        try (TestServer server = TestServer.serving(tmp, model, Map.of("SKIFF_BATCH_ROWS", "1"))) {
            given().contentType("text/csv; charset=utf-8").accept("text/csv")
                    .header(ATTRIBUTES, "c000b4f9-df62 ; mode=fast")
                    .header("X-Amzn-SageMaker-Inference-Id", "inf-42")
                    .header("X-Amzn-SageMaker-Target-Variant", "blue-1")
                    .header("X-Amzn-SageMaker-Target-Model", "churn.tar.gz")
                    .body("1,2\n3,4\n").post(server.url("/invocations"))
                    .then().statusCode(200).body(equalTo("3.0\n7.0\n"))
                    .header(ATTRIBUTES, "trace=25;variant=blue-1");

            assertThat(model.contexts).hasSize(2).allSatisfy(c -> {
                assertThat(c.inferenceId()).isEqualTo("inf-42");
                assertThat(c.customAttributes()).isEqualTo("c000b4f9-df62 ; mode=fast");
                assertThat(c.targetVariant()).isEqualTo("blue-1");
                assertThat(c.targetModel()).isEqualTo("churn.tar.gz");
                assertThat(c.contentType()).isEqualTo("text/csv; charset=utf-8");
                assertThat(c.accept()).isEqualTo("text/csv");
            });
            assertThat(model.contexts.get(0).toString()).doesNotContain("mode=fast");
        }
    }

    @Test
    void withoutAttributesTheAnswerHasNoAttributesHeaderAndTheIdIsTheGeneratedOne() throws Exception {
        GatedModel model = echoing();
        try (TestServer server = TestServer.serving(tmp, model, Map.of())) {
            String id = given().contentType("text/csv").body("1\n").post(server.url("/invocations"))
                    .then().statusCode(200).header(ATTRIBUTES, nullValue()).extract().header("X-Request-Id");
            RequestContext seen = model.contexts.get(0);
            assertThat(seen.inferenceId()).isEqualTo(id);
            assertThat(seen.customAttributes()).isEmpty();
            assertThat(seen.targetVariant()).isEmpty();
        }
    }

    @Test
    void oversizedOrNonAsciiAttributesAre400NamingTheHeader() throws Exception {
        try (TestServer server = TestServer.serving(tmp, echoing(), Map.of())) {
            given().contentType("text/csv").header(ATTRIBUTES, "a".repeat(1025)).body("1\n")
                    .post(server.url("/invocations")).then().statusCode(400)
                    .body("error.code", equalTo("invalid_header"))
                    .body("error.message", containsString(ATTRIBUTES)).body("error.message", containsString("1025"));
            given().contentType("text/csv").header(ATTRIBUTES, "a".repeat(1024)).body("1\n")
                    .post(server.url("/invocations")).then().statusCode(200);
            given().contentType("text/csv").header(ATTRIBUTES, "caf\u00e9").body("1\n")
                    .post(server.url("/invocations-response-stream")).then().statusCode(400)
                    .body("error.code", equalTo("invalid_header"))
                    .body("error.message", containsString(ATTRIBUTES))
                    .body("error.message", not(containsString("caf")));
            given().contentType("text/csv").header("X-Amzn-SageMaker-Target-Variant", "v".repeat(64)).body("1\n")
                    .post(server.url("/invocations")).then().statusCode(400)
                    .body("error.message", containsString("X-Amzn-SageMaker-Target-Variant"));
            given().contentType("text/csv").body("1\n").post(server.url("/invocations")).then().statusCode(200);
        }
    }

    @Test
    void attributesStayOutOfTheAccessLogUnlessTheOperatorAsks() throws Exception {
        try (TestServer server = TestServer.serving(tmp, echoing(), Map.of())) {
            given().contentType("text/csv").header(ATTRIBUTES, "secret-token-123").body("1\n")
                    .post(server.url("/invocations")).then().statusCode(200);
        }
        assertThat(accessLog.list).hasSize(1);
        assertThat(accessLog.list.get(0).getFormattedMessage()).doesNotContain("secret-token-123")
                .doesNotContain("trace=");

        accessLog.list.clear();
        try (TestServer server = TestServer.serving(tmp.resolve("on"), echoing(),
                Map.of("SKIFF_LOG_CUSTOM_ATTRIBUTES", "true"))) {
            given().contentType("text/csv").header(ATTRIBUTES, "secret-token-123").body("1\n")
                    .post(server.url("/invocations")).then().statusCode(200);
        }
        assertThat(accessLog.list.get(0).getFormattedMessage())
                .contains("attributes=\"secret-token-123\"").contains("response_attributes=\"trace=16;variant=\"");
    }
}
