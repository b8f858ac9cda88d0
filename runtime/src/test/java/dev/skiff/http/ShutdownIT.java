package dev.skiff.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testmodel.ChildServer;
import dev.skiff.testmodel.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM: stop accepting, finish what is in flight, exit 0 within the drain timeout. */
class ShutdownIT {

    @TempDir
    Path tmp;

    @Test
    void sigtermFinishesInFlightRequestsAndExitsZero() throws Exception {
        // The prediction marks `held` when it starts, then waits for `release`, written only once the server is
        // draining: it is in flight at SIGTERM.
        Path held = tmp.resolve("held");
        Path release = tmp.resolve("release");
        TestServer.write(tmp.resolve("ml/model/sum-model"),
                "features=1\nweight=3\nhold=" + release + "\nwaitingFile=" + held + "\n");
        try (ChildServer server = ChildServer.start(tmp, List.of(), Map.of(
                "SKIFF_ML_ROOT", tmp.resolve("ml").toString(),
                "SKIFF_PLUGINS_DIR", tmp.resolve("plugins").toString(),
                "SKIFF_DRAIN_TIMEOUT_SECONDS", "10"))) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + server.port();
            awaitReady(client, base);

            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/invocations")).header("Content-Type", "text/csv")
                            .POST(HttpRequest.BodyPublishers.ofString("-300\n")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(held)) {
                assertThat(inFlight).as("the held invocation was answered before SIGTERM").isNotDone();
                assertThat(System.nanoTime()).as("the prediction never started; log:\n%s", server.log())
                        .isLessThan(deadline);
                Thread.sleep(10);
            }

            long signalled = System.nanoTime();
            server.process().destroy(); // SIGTERM
            while (!server.log().contains("stopping: draining")) {
                assertThat(Duration.ofNanos(System.nanoTime() - signalled)).as(server.log())
                        .isLessThan(Duration.ofSeconds(10));
                Thread.sleep(20);
            }
            assertThat(inFlight).as("the held invocation ended before it was released").isNotDone();
            Files.createFile(release);
            HttpResponse<String> answer = inFlight.get(20, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("-900.0\n");
            assertThat(server.process().waitFor(20, TimeUnit.SECONDS)).as(server.log()).isTrue();
            assertThat(server.process().exitValue()).as(server.log()).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(15));
        }
    }

    private static void awaitReady(HttpClient client, String base) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (client.send(HttpRequest.newBuilder(URI.create(base + "/ping")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("never ready");
    }
}
