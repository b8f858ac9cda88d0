package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testing.Invocation;
import dev.skiff.testing.SkiffServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model served by Skiff's real server in this JVM, over real HTTP, as SageMaker would call it. */
class ExampleModelTest {
    @TempDir
    Path modelDir;

    @Test
    void servesCsvAndJsonPredictions() throws Exception {
        Files.copy(Path.of("example-model", ExampleModelProvider.MODEL_FILE), modelDir.resolve(ExampleModelProvider.MODEL_FILE));
        try (SkiffServer server = SkiffServer.serve(modelDir)) {
            Invocation csv = server.invoke("text/csv", "1,2,3\n0,0,0\n");
            assertThat(csv.status()).isEqualTo(200);
            assertThat(csv.body()).isEqualTo("-1.5\n1.0\n"); // 1 + 0.5*1 + 1.5*2 - 2*3, then the bias alone

            Invocation json = server.invoke("application/json", "application/json", "{\"instances\": [[1, 1, 1]]}");
            assertThat(json.status()).isEqualTo(200);
            assertThat(json.body()).isEqualTo("{\"predictions\":[1.0]}");
        }
    }

    @Test
    void badRowsAreClientErrorsNamingTheRow() throws Exception {
        Files.writeString(modelDir.resolve(ExampleModelProvider.MODEL_FILE), "weights=1,1\nbias=0\n");
        try (SkiffServer server = SkiffServer.serve(modelDir)) {
            Invocation narrow = server.invoke("text/csv", "1,1\n1\n");
            assertThat(narrow.status()).isEqualTo(400);
            assertThat(narrow.errorCode()).isEqualTo("wrong_feature_count");

            Invocation missing = server.invoke("text/csv", "1,1\n1,\n");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.errorCode()).isEqualTo("invalid_input");
            assertThat(missing.body()).contains("row 2");
        }
    }

    @Test
    void aBrokenModelFileIsReportedByPing() throws Exception {
        Files.writeString(modelDir.resolve(ExampleModelProvider.MODEL_FILE), "weights=1,x\n");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> SkiffServer.serve(modelDir)))
                .hasMessageContaining("weights[2] 'x' is not a number");
    }
}
