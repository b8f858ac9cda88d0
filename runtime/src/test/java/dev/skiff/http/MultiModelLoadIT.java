package dev.skiff.http;

import static dev.skiff.testmodel.TestServer.loadBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testmodel.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many models under concurrent load, loads and unloads over real HTTP: every request gets an answer, every 200 is the
 * named model's own prediction, and only a model being unloaded answers 404 or 503; two loads of one name give one
 * load and one 409; a slow load delays no invocation of another model; an unload closes the model only after its last
 * prediction returned.
 */
class MultiModelLoadIT {
    private static final int STABLE = 8;
    private static final int CHURNED = 4;

    @TempDir
    Path tmp;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest load(TestServer server, String name, String url) {
        return HttpRequest.newBuilder(URI.create(server.url("/models"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(loadBody(name, url))).build();
    }

    private static HttpRequest invoke(TestServer server, String name, String csv) {
        return HttpRequest.newBuilder(URI.create(server.url("/models/" + name + "/invoke")))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build();
    }

    private static HttpRequest delete(TestServer server, String name) {
        return HttpRequest.newBuilder(URI.create(server.url("/models/" + name))).DELETE().build();
    }

    @Test
    void manyModelsUnderLoadNeverLoseOrMisrouteAnAnswer() throws Exception {
        try (TestServer server = TestServer.multiModel(tmp, Map.of("SKIFF_WORKERS", "2"))) {
            Map<String, String> urls = new ConcurrentHashMap<>();
            for (int i = 1; i <= STABLE + CHURNED; i++) {
                String name = (i <= STABLE ? "s" : "c") + i;
                urls.put(name, server.model(name, "features=2\nweight=" + i + "\n"));
                assertThat(send(load(server, name, urls.get(name))).statusCode()).isEqualTo(200);
            }
            AtomicBoolean clientsDone = new AtomicBoolean();
            CompletableFuture<Integer> churn = CompletableFuture.supplyAsync(() -> churn(server, urls, clientsDone));
            ExecutorService clients = Executors.newFixedThreadPool(8);
            Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                long seed = c;
                runs.add(clients.submit(() -> client(server, new Random(seed), 150, outcomes)));
            }
            for (Future<?> run : runs) {
                run.get(2, TimeUnit.MINUTES);
            }
            clientsDone.set(true);
            clients.shutdown();
            assertThat(churn.get(2, TimeUnit.MINUTES)).as("unload and load cycles").isGreaterThan(0);
            int answered = outcomes.values().stream().mapToInt(AtomicInteger::get).sum();
            assertThat(answered).as("answers %s", outcomes).isEqualTo(8 * 150);
            assertThat(outcomes.keySet()).as("outcomes %s", outcomes).contains("stable 200", "churned 200")
                    .isSubsetOf("stable 200", "churned 200", "churned 404 model_not_loaded",
                            "churned 503 shutting_down", "churned 503 model_not_ready");
        }
    }

    /** Sends {@code count} one-row requests to random models; checks each 200 against the named model's weight. */
    private Void client(TestServer server, Random random, int count, Map<String, AtomicInteger> outcomes)
            throws Exception {
        for (int n = 0; n < count; n++) {
            int i = 1 + random.nextInt(STABLE + CHURNED);
            String name = (i <= STABLE ? "s" : "c") + i;
            int a = random.nextInt(100);
            int b = random.nextInt(100);
            HttpResponse<String> answer = send(invoke(server, name, a + "," + b + "\n"));
            String kind = i <= STABLE ? "stable " : "churned ";
            if (answer.statusCode() == 200) {
                assertThat(answer.body()).as("model %s, row %d,%d", name, a, b).isEqualTo((float) (i * (a + b)) + "\n");
                outcomes.computeIfAbsent(kind + 200, k -> new AtomicInteger()).incrementAndGet();
            } else {
                String code = answer.body().replaceAll("(?s).*\"code\":\"([a-z_]+)\".*", "$1");
                outcomes.computeIfAbsent(kind + answer.statusCode() + " " + code, k -> new AtomicInteger())
                        .incrementAndGet();
            }
        }
        return null;
    }

    /** Unloads and loads the churned models again and again while the clients run; answers the cycles done. */
    private int churn(TestServer server, Map<String, String> urls, AtomicBoolean until) {
        int cycles = 0;
        try {
            while (!until.get()) {
                for (int i = STABLE + 1; i <= STABLE + CHURNED; i++) {
                    String name = "c" + i;
                    assertThat(send(delete(server, name)).statusCode()).isEqualTo(200);
                    assertThat(send(load(server, name, urls.get(name))).statusCode()).isEqualTo(200);
                }
                cycles++;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return cycles;
    }

    @Test
    void twoLoadsOfOneNameGiveOneLoadAndOne409AndASlowLoadDelaysNoInvocation() throws Exception {
        Path gate = tmp.resolve("gate");
        try (TestServer server = TestServer.multiModel(tmp, Map.of())) {
            assertThat(send(load(server, "fast", server.model("fast", "features=1\nweight=3\n"))).statusCode())
                    .isEqualTo(200);
            String slow = server.model("slow", "features=1\ngate=" + gate + "\n");
            CompletableFuture<HttpResponse<String>> first = http.sendAsync(load(server, "slow", slow),
                    HttpResponse.BodyHandlers.ofString());
            awaitBody(server, "/models/slow", "still loading");

            HttpResponse<String> second = send(load(server, "slow", slow));
            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(second.body()).contains("model_already_loaded").contains("is already loading");
            HttpResponse<String> fast = send(invoke(server, "fast", "2\n"));
            assertThat(fast.statusCode()).isEqualTo(200);
            assertThat(fast.body()).isEqualTo("6.0\n");
            HttpResponse<String> notYet = send(invoke(server, "slow", "2\n"));
            assertThat(notYet.statusCode()).isEqualTo(503);
            assertThat(notYet.body()).contains("model_not_ready").contains("is loading");
            assertThat(first).isNotDone();

            Files.createFile(gate);
            assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(send(invoke(server, "slow", "2\n")).body()).isEqualTo("2.0\n");
        }
    }

    @Test
    void anUnloadClosesTheModelOnlyAfterItsLastPredictionReturned() throws Exception {
        Path hold = tmp.resolve("hold");
        Path closed = tmp.resolve("closed");
        try (TestServer server = TestServer.multiModel(tmp, Map.of())) {
            Path waiting = tmp.resolve("waiting");
            String url = server.model("held", "features=1\nhold=" + hold + "\nwaitingFile=" + waiting + "\nclosedFile="
                    + closed + "\n");
            assertThat(send(load(server, "held", url)).statusCode()).isEqualTo(200);
            CompletableFuture<HttpResponse<String>> prediction = http.sendAsync(invoke(server, "held", "-300\n"),
                    HttpResponse.BodyHandlers.ofString());
            awaitFile(waiting); // the model is predicting, and waits
            CompletableFuture<HttpResponse<String>> unload = http.sendAsync(delete(server, "held"),
                    HttpResponse.BodyHandlers.ofString());
            awaitBody(server, "/models/held", "no model named 'held' is loaded"); // unloading has begun
            assertThat(send(invoke(server, "held", "1\n")).statusCode()).isEqualTo(404);
            assertThat(closed).as("closed under a running prediction").doesNotExist();
            assertThat(unload).isNotDone();

            Files.createFile(hold);
            HttpResponse<String> answer = prediction.get(30, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("-300.0\n");
            HttpResponse<String> unloaded = unload.get(30, TimeUnit.SECONDS);
            assertThat(unloaded.statusCode()).isEqualTo(200);
            assertThat(unloaded.body()).contains("\"state\":\"unloaded\"");
            assertThat(closed).exists();
        }
    }

    /** Polls {@code GET path} (at most 30 s) until its body holds {@code text}. */
    private void awaitBody(TestServer server, String path, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String body = "";
        while (!body.contains(text) && System.nanoTime() < deadline) {
            body = send(HttpRequest.newBuilder(URI.create(server.url(path))).build()).body();
            Thread.sleep(10);
        }
        assertThat(body).contains(text);
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(file).exists();
    }
}
