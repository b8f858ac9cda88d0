package dev.skiff.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.skiff.spi.RequestContext;
import dev.skiff.testmodel.GatedModel;
import dev.skiff.testmodel.TestServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The request context over real HTTP: what a model sees of SageMaker's headers, the custom attributes it answers,
 * 400s for malformed headers, and custom attributes kept out of the log unless the operator asks.
 */
class RequestContextIT {
    private static final String ATTRIBUTES = "X-Amzn-SageMaker-Custom-Attributes";

    @TempDir
    Path tmp;
    @RegisterExtension
    final AccessLogCapture accessLog = new AccessLogCapture();

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
        assertThat(accessLog.lines()).hasSize(1);
        assertThat(accessLog.lines().get(0)).doesNotContain("secret-token-123")
                .doesNotContain("trace=");

        accessLog.clear();
        try (TestServer server = TestServer.serving(tmp.resolve("on"), echoing(),
                Map.of("SKIFF_LOG_CUSTOM_ATTRIBUTES", "true"))) {
            given().contentType("text/csv").header(ATTRIBUTES, "secret-token-123").body("1\n")
                    .post(server.url("/invocations")).then().statusCode(200);
        }
        assertThat(accessLog.lines().get(0))
                .contains("attributes=\"secret-token-123\"").contains("response_attributes=\"trace=16;variant=\"");
    }
}
