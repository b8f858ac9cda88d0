package dev.skiff.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The distribution's own {@code bin/skiff serve} and {@code conf/logback.xml} (no Docker needed): with
 * {@code SKIFF_LOG_FORMAT=json} every line is one JSON object, and the lines about a request (the access line, the
 * stack trace of a 500) carry its id as {@code mdc.request_id}; text stays the default.
 */
class JsonLogIT {
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    @Test
    void jsonLogsAreOneObjectPerLineWithTheRequestId() throws Exception {
        List<String> lines = serveAndInvoke(Map.of("SKIFF_LOG_FORMAT", "json"));

        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(JsonPath.from(line).getString("level"))
                .as("not a JSON log line: %s", line).isNotNull());
        List<JsonPath> events = lines.stream().map(JsonPath::from).toList();
        JsonPath access = find(events, "json-log-ok POST /invocations 200");
        assertThat(access.getString("mdc.request_id")).isEqualTo("json-log-ok");
        assertThat(access.getString("loggerName")).isEqualTo("skiff.access");
        assertThat(access.getLong("timestamp")).isPositive();
        JsonPath failure = find(events, "request json-log-500 failed unexpectedly");
        assertThat(failure.getString("mdc.request_id")).isEqualTo("json-log-500");
        assertThat(failure.getString("throwable.className")).isEqualTo("java.lang.IllegalStateException");
        assertThat(find(events, "listening on port").getMap("mdc")).as("not about a request").isEmpty();
    }

    private static JsonPath find(List<JsonPath> events, String message) {
        return events.stream().filter(e -> e.getString("formattedMessage").startsWith(message)).findFirst()
                .orElseThrow(() -> new AssertionError("no log line starts with '" + message + "'"));
    }

    @Test
    void textStaysTheDefault() throws Exception {
        List<String> lines = serveAndInvoke(Map.of());
        assertThat(lines).anyMatch(l -> l.matches("^\\d{4}-\\d\\d-\\d\\dT.* INFO  \\[.*skiff.access - json-log-ok POST "
                + "/invocations 200 .*"));
        assertThat(lines).noneMatch(l -> l.startsWith("{"));
    }

    @Test
    void anUnknownFormatIsRefusedAtStart() throws Exception {
        ProcessBuilder b = new ProcessBuilder(skiff().toString(), "serve").redirectErrorStream(true);
        b.environment().put("SKIFF_LOG_FORMAT", "xml");
        Process bad = b.start();
        String out = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isEqualTo(2);
        assertThat(out).contains("SKIFF_LOG_FORMAT='xml' is not text or json");
    }

    private static Path skiff() {
        return Containers.dockerDir().resolve("target/skiff/bin/skiff");
    }

    /** Serves the test model with {@code env}, sends one good and one failing request, stops it; its output lines. */
    private static List<String> serveAndInvoke(Map<String, String> env) throws Exception {
        Path dir = Containers.workDir("json-log-" + env.size());
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Containers.pluginJar(plugins);
        Files.createDirectories(dir.resolve("ml/model"));
        Files.writeString(dir.resolve("ml/model/sum-model"), "features=3\nweight=2\n");
        ProcessBuilder b = new ProcessBuilder(skiff().toString(), "serve").redirectErrorStream(true);
        b.environment().putAll(Map.of("SKIFF_ML_ROOT", dir.resolve("ml").toString(), "SKIFF_PLUGINS_DIR",
                plugins.toString(), "SKIFF_PORT", "0", "SKIFF_WORKERS", "1", "SKIFF_IO_THREADS", "1"));
        b.environment().putAll(env);
        Process server = b.start();
        server.getOutputStream().close();
        List<String> lines = new CopyOnWriteArrayList<>();
        BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    fresh.add(line);
                }
            } catch (java.io.IOException e) {
                fresh.add("(output closed: " + e + ")");
            }
        });
        reader.start();
        try {
            int port = awaitPort(fresh);
            HttpClient client = HttpClient.newHttpClient();
            URI ping = URI.create("http://127.0.0.1:" + port + "/ping");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (client.send(HttpRequest.newBuilder(ping).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() != 200) {
                assertThat(System.nanoTime()).as("/ping never answered 200").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(post(client, port, "json-log-ok", "1,2,3\n")).isEqualTo(200);
            assertThat(post(client, port, "json-log-500", "-500,0,0\n")).isEqualTo(500);
        } finally {
            server.destroy(); // SIGTERM: the server drains and exits, flushing its asynchronous access log
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            reader.join(10_000);
        }
        return lines;
    }

    private static int awaitPort(BlockingQueue<String> fresh) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = fresh.poll(1, TimeUnit.SECONDS);
            Matcher m = line == null ? null : LISTENING.matcher(line);
            if (m != null && m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("the server never said it was listening");
    }

    private static int post(HttpClient client, int port, String id, String csv) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/invocations"))
                .header("Content-Type", "text/csv").header("X-Request-Id", id)
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
