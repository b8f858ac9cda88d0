package dev.skiff.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testmodel.ChildServer;
import dev.skiff.testmodel.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff serve} as a process: a model that cannot load ends it at once, unless the operator keeps it up. */
class FailFastIT {
    @TempDir
    Path tmp;

    private Map<String, String> env(String... more) {
        TestServer.write(tmp.resolve("ml/model/sum-model"), "failLoad=weights file is truncated\n");
        Map<String, String> env = new HashMap<>(Map.of("SKIFF_ML_ROOT", tmp.resolve("ml").toString(),
                "SKIFF_PLUGINS_DIR", tmp.resolve("plugins").toString()));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void aModelThatCannotLoadEndsTheServerWithStatus1AndTheReason() throws Exception {
        ChildServer.Spawned server = ChildServer.spawn(tmp, List.of(), env());
        try {
            assertThat(server.process().waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(server.process().exitValue()).as(server.output()).isEqualTo(1);
            assertThat(server.output()).contains("weights file is truncated").contains("exiting with status 1")
                    .contains("SKIFF_KEEP_SERVING_ON_LOAD_FAILURE");
        } finally {
            server.process().destroyForcibly();
        }
    }

    @Test
    void keepServingOnLoadFailureLeavesPingAt503WithTheReason() throws Exception {
        try (ChildServer server = ChildServer.start(tmp, List.of(),
                env("SKIFF_KEEP_SERVING_ON_LOAD_FAILURE", "true"))) {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest ping = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ping")).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String body = "";
            while (!body.contains("failed to load") && System.nanoTime() < deadline) {
                HttpResponse<String> answer = client.send(ping, HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(503);
                body = answer.body();
                Thread.sleep(10);
            }
            assertThat(body).contains("weights file is truncated");
            assertThat(server.process().isAlive()).isTrue();
        }
    }
}
