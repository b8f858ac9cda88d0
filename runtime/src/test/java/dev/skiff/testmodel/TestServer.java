package dev.skiff.testmodel;

import dev.skiff.ServeMain;
import dev.skiff.config.SkiffConfig;
import dev.skiff.exec.InferenceService;
import dev.skiff.http.HttpServer;
import dev.skiff.model.LoadedModel;
import dev.skiff.spi.ServedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real server on a free port, serving a {@link SumModelProvider} model from its own temporary /opt/ml tree. */
public final class TestServer implements AutoCloseable {
    private final Path root;
    private final ServeMain.Running running;

    private TestServer(Path root, ServeMain.Running running) {
        this.root = root;
        this.running = running;
    }

    /** Starts a server; {@code model} is the sum-model file's text, {@code env} extra variables. */
    public static TestServer start(Path tmp, String model, Map<String, String> env) throws Exception {
        Path root = tmp.resolve("ml");
        Files.createDirectories(root.resolve("model"));
        Files.writeString(root.resolve("model").resolve(SumModelProvider.FILE), model);
        Map<String, String> all = new HashMap<>(Map.of(
                "SKIFF_PORT", "0",
                "SKIFF_ML_ROOT", root.toString(),
                "SKIFF_PLUGINS_DIR", tmp.resolve("plugins").toString(),
                "SKIFF_WORKERS", "2",
                "SKIFF_IO_THREADS", "2"));
        all.putAll(env);
        return new TestServer(root, ServeMain.start(SkiffConfig.fromEnvironment(all), all));
    }

    /**
     * A server of a model made in the test itself (a model that waits on the test's latches, say), loaded before the
     * server starts; {@code env} as for {@link #start}.
     */
    public static TestServer serving(Path tmp, ServedModel model, Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("SKIFF_PORT", "0", "SKIFF_ML_ROOT", tmp.toString(),
                "SKIFF_WORKERS", "2", "SKIFF_IO_THREADS", "2"));
        all.putAll(env);
        SkiffConfig config = SkiffConfig.fromEnvironment(all);
        InferenceService inference = new InferenceService(config.workers(), config.queueCapacity(),
                Duration.ofSeconds(config.predictionTimeoutSeconds()));
        inference.load(() -> LoadedModel.of("test", model));
        return new TestServer(tmp, new ServeMain.Running(HttpServer.start(config, inference), inference));
    }

    /** Starts a server and waits (bounded) until its model is ready. */
    public static TestServer ready(Path tmp, String model, Map<String, String> env) throws Exception {
        TestServer server = start(tmp, model, env);
        server.awaitPing(200);
        return server;
    }

    public int port() {
        return running.server().port();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public Path root() {
        return root;
    }

    /** Waits (at most 30 s) until loading has ended, ready or failed; returns the outcome. */
    public InferenceService.Status awaitLoaded() throws Exception {
        return running.inference().loaded().get(30, TimeUnit.SECONDS);
    }

    /** Polls {@code /ping} (at most 30 s) until it answers {@code status}. */
    public void awaitPing(int status) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = client.send(HttpRequest.newBuilder(URI.create(url("/ping"))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("/ping answered " + last + ", never " + status);
    }

    @Override
    public void close() {
        running.stop(Duration.ofSeconds(5));
    }

    /** Writes a file, creating its folder. */
    public static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
