package dev.skiff.testing;

import dev.skiff.ServeMain;
import dev.skiff.config.SkiffConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Skiff's real server, in this JVM, on a free port of 127.0.0.1: a model's test serves it over real HTTP without
 * building an image. Providers come from the test's class path ({@code META-INF/services}), as they would from
 * {@code plugins/}.
 *
 * <pre>{@code
 * try (SkiffServer server = SkiffServer.serve(modelDir)) {      // returns once /ping answers 200
 *     Invocation a = server.invoke("text/csv", "1,2,3\n");
 * }
 * }</pre>
 */
public final class SkiffServer implements AutoCloseable {
    private final Path root;
    private final ServeMain.Running running;

    private SkiffServer(Path root, ServeMain.Running running) {
        this.root = root;
        this.running = running;
    }

    /** Serves the model in {@code modelDir} and waits (at most 60 s) until {@code /ping} answers 200. */
    public static SkiffServer serve(Path modelDir) throws IOException, InterruptedException {
        return serve(modelDir, Map.of());
    }

    /** As {@link #serve(Path)}, with more environment ({@code SKIFF_*}, {@code SAGEMAKER_*}) for the server. */
    public static SkiffServer serve(Path modelDir, Map<String, String> env) throws IOException, InterruptedException {
        Path root = Files.createTempDirectory("skiff-server");
        Files.createSymbolicLink(root.resolve("model"), modelDir.toAbsolutePath());
        Map<String, String> all = new HashMap<>(Map.of(
                "SKIFF_PORT", "0",
                "SKIFF_ML_ROOT", root.toString(),
                "SKIFF_PLUGINS_DIR", Files.createDirectory(root.resolve("plugins")).toString(),
                "SKIFF_WORKERS", "2",
                "SKIFF_IO_THREADS", "1"));
        all.putAll(env);
        SkiffServer server = new SkiffServer(root, ServeMain.start(SkiffConfig.fromEnvironment(all), all));
        try {
            server.awaitReady(Duration.ofSeconds(60));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady(Duration wait) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + wait.toNanos();
        HttpResponse<String> r;
        do {
            r = client.send(HttpRequest.newBuilder(uri("/ping")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return;
            }
            if (r.body().contains("failed to load")) {
                break; // it will not get better
            }
            Thread.sleep(20); // the model loads on its own thread; /ping is the only signal the server gives
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("the model is not ready: /ping answers " + r.statusCode() + " " + r.body());
    }

    public int port() {
        return running.server().port();
    }

    /** {@code http://127.0.0.1:<port>} plus {@code path}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    /** POSTs {@code body} to {@code /invocations}. */
    public Invocation invoke(String contentType, String body) {
        return Invocation.post(uri("/invocations"), contentType, null, body);
    }

    /** POSTs {@code body} to {@code /invocations} asking for {@code accept}. */
    public Invocation invoke(String contentType, String accept, String body) {
        return Invocation.post(uri("/invocations"), contentType, accept, body);
    }

    @Override
    public void close() throws IOException {
        running.stop(Duration.ofSeconds(5));
        Files.deleteIfExists(root.resolve("model"));
        Files.deleteIfExists(root.resolve("plugins"));
        Files.deleteIfExists(root);
    }
}
