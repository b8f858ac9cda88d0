package dev.skiff.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.codec.DecoderFuzzTest;
import dev.skiff.codec.Fuzz;
import dev.skiff.testmodel.RawHttp;
import dev.skiff.testmodel.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing over HTTP: random and mutated bodies, sent with a length or in random chunks, each get an answer (never a
 * 500 nor a dropped connection without one), and right after each the server answers a good request correctly.
 * Netty's leak detector (paranoid in tests) fails the class on a leaked buffer. Seed and tries: {@link Fuzz}.
 */
class HttpFuzzIT {
    private static final List<String> TYPES = List.of("text/csv", "application/json", "application/jsonlines",
            "text/libsvm", "text/csv; charset=utf-8");
    private static final Set<Integer> ANSWERS = Set.of(200, 204, 400, 413);

    @TempDir
    static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.ready(tmp, "features=3\nweight=1\n", Map.of("SKIFF_BATCH_ROWS", "2",
                "SKIFF_MAX_ROW_BYTES", "64", "MAX_CONTENT_LENGTH", "512"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private record Answer(int status, String body) {
    }

    @Test
    void everyBodyGetsAnAnswerAndTheServerServesOn() throws Exception {
        long seed = Fuzz.seed("HttpFuzzIT");
        Random random = new Random(seed);
        int tries = Fuzz.tries(150);
        for (int i = 0; i < tries; i++) {
            String type = TYPES.get(random.nextInt(TYPES.size()));
            byte[] body = Fuzz.body(random, DecoderFuzzTest.SEEDS);
            int[] cuts = random.nextBoolean() ? Fuzz.cuts(random, body.length) : null;
            String what = "seed " + seed + ", try " + i + ": " + type + (cuts == null ? " with a length" : " chunked")
                    + " body=" + Fuzz.show(body);
            Answer answer = post(type, body, cuts);
            boolean modelRefusal = new String(body, StandardCharsets.ISO_8859_1).contains("-500");
            assertThat(answer.status()).as(what + "\n" + answer).matches(s -> ANSWERS.contains(s)
                    || modelRefusal && s == 500);
            if (answer.status() >= 400) {
                assertThat(answer.body()).as(what).startsWith("{\"error\":{\"code\":\"");
            }
            Answer good = post("text/csv", "1,2,3\n".getBytes(StandardCharsets.US_ASCII), null);
            assertThat(good).as("after " + what).isEqualTo(new Answer(200, "6.0\n"));
        }
    }

    /** Posts on a new connection; {@code cuts}: chunk boundaries, or null to send a Content-Length. */
    private static Answer post(String type, byte[] body, int[] cuts) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            if (cuts == null) {
                out.write(("POST /invocations HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type
                        + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } else {
                RawHttp.writeChunkedHead(out, "/invocations", type);
                int from = 0;
                for (int k = 0; k <= cuts.length; k++) {
                    int to = k < cuts.length ? cuts[k] : body.length;
                    if (to > from) {
                        RawHttp.writeChunk(out, java.util.Arrays.copyOfRange(body, from, to), to - from);
                    }
                    from = to;
                }
                RawHttp.writeLastChunk(out);
            }
            InputStream in = socket.getInputStream();
            RawHttp.Head head = RawHttp.readHead(in);
            return new Answer(head.status(), new String(body(head, in), StandardCharsets.UTF_8));
        }
    }

    /** The answer's body; a chunked 200 cut short (an error after the head) ends where the connection closed. */
    private static byte[] body(RawHttp.Head head, InputStream in) throws IOException {
        if (!head.chunked()) {
            String length = head.headers().get("content-length");
            return length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try {
            RawHttp.chunkedBody(in).transferTo(all);
        } catch (IOException cutShort) {
            all.write("[cut short]".getBytes(StandardCharsets.US_ASCII));
        }
        return all.toByteArray();
    }
}
