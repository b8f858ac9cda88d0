package dev.skiff.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testmodel.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cross-request micro-batching over real sockets: many concurrent requests to one model thread of a model that
 * accepts merged batches (each call takes a few milliseconds, so requests queue and are merged), every answer its
 * own request's, and a bad row failing only its own request, naming its own row.
 */
class MicroBatchingIT {
    @TempDir
    Path tmp;

    @Test
    void concurrentRequestsGetTheirOwnAnswersAndOnlyTheBadOneFails() throws Exception {
        try (TestServer server = TestServer.ready(tmp, "features=2\nweight=1\ndelayMs=5\nmerge=true\n",
                Map.of("SKIFF_WORKERS", "1", "SKIFF_MICRO_BATCH_ROWS", "8"))) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                // request 17 is refused by the model (-400), request 41 breaks it (-500); the rest are sums
                String body = i == 17 ? "1,1\n-400,0\n" : i == 41 ? "-500,0\n" : i + ",0.5\n" + i + ",1.5\n";
                answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create(server.url("/invocations")))
                        .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 60; i++) {
                HttpResponse<String> answer = answers.get(i).get();
                if (i == 17) {
                    assertThat(answer.statusCode()).isEqualTo(400);
                    assertThat(answer.body()).contains("row 2").contains("-400 is refused");
                } else if (i == 41) {
                    assertThat(answer.statusCode()).isEqualTo(500);
                } else {
                    assertThat(answer.statusCode()).as("request %d", i).isEqualTo(200);
                    assertThat(answer.body()).as("request %d", i).isEqualTo((i + 0.5f) + "\n" + (i + 1.5f) + "\n");
                }
            }
        }
    }
}
