package dev.skiff.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skiff.testmodel.ChildServer;
import dev.skiff.testmodel.RawHttp;
import dev.skiff.testmodel.TestServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bodies stream: answers start before uploads end, and a body far larger than the heap flows through. */
class StreamingIT {
    @TempDir
    Path tmp;

    @Test
    void firstAnswerBytesArriveBeforeTheUploadEnds() throws Exception {
        try (TestServer server = TestServer.ready(tmp, "features=3\nweight=2\n", Map.of("SKIFF_BATCH_ROWS", "2"));
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            RawHttp.writeChunkedHead(out, "/invocations", "text/csv");
            byte[] firstBatch = "1,2,3\n4,5,6\n".getBytes(StandardCharsets.US_ASCII);
            RawHttp.writeChunk(out, firstBatch, firstBatch.length);

            // The upload is still open: the head and the first batch's answer must come anyway.
            RawHttp.Head head = RawHttp.readHead(in);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.chunked()).isTrue();
            assertThat(new String(RawHttp.readChunk(in), StandardCharsets.US_ASCII)).isEqualTo("12.0\n30.0\n");

            byte[] rest = "0,0,1\n".getBytes(StandardCharsets.US_ASCII);
            RawHttp.writeChunk(out, rest, rest.length);
            RawHttp.writeLastChunk(out);
            String remainder = new String(RawHttp.chunkedBody(in).readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(remainder).isEqualTo("2.0\n");
        }
    }

    @Test
    void anErrorAfterTheHeadCutsTheAnswerShortInsteadOfFakingSuccess() throws Exception {
        try (TestServer server = TestServer.ready(tmp, "features=1\nweight=1\n", Map.of("SKIFF_BATCH_ROWS", "1"));
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            RawHttp.writeChunkedHead(out, "/invocations", "text/csv");
            byte[] good = "1\n".getBytes(StandardCharsets.US_ASCII);
            RawHttp.writeChunk(out, good, good.length);
            assertThat(RawHttp.readHead(in).status()).isEqualTo(200);
            assertThat(new String(RawHttp.readChunk(in), StandardCharsets.US_ASCII)).isEqualTo("1.0\n");

            byte[] bad = "-500\n".getBytes(StandardCharsets.US_ASCII); // the test model fails on this row
            RawHttp.writeChunk(out, bad, bad.length);
            RawHttp.writeLastChunk(out);
            assertThatThrownBy(() -> RawHttp.chunkedBody(in).readAllBytes())
                    .as("the body must end without its terminating chunk").isInstanceOf(java.io.IOException.class);
        }
    }

    /**
     * SageMaker's {@code MaxPayloadInMB=0}: no limit at all. A gigabyte of CSV, made on the fly, flows through a server
     * with a 96 MB heap and every row is answered, in order; the server says which setting lifted the limit and
     * reports 0 in {@code /execution-parameters}.
     */
    @Test
    void aGigabyteBodyFlowsThroughA96MegabyteHeapInOrderWhenTheJobSetsNoLimit() throws Exception {
        // a model that takes merged batches, as the samples do: full batches pass through micro-batching
        TestServer.write(tmp.resolve("ml/model/sum-model"),
                "features=" + (TAIL_CELLS + 1) + "\nweight=1\nmerge=true\n");
        try (ChildServer server = ChildServer.start(tmp, List.of("-Xmx96m"), Map.of(
                "SKIFF_ML_ROOT", tmp.resolve("ml").toString(),
                "SKIFF_PLUGINS_DIR", tmp.resolve("plugins").toString(),
                "SAGEMAKER_MAX_PAYLOAD_IN_MB", "0",
                "MAX_CONTENT_LENGTH", "1000"));
                Socket socket = server.connect()) {
            assertThat(executionParameters(server)).contains("\"MaxPayloadInMB\":0");
            socket.setSoTimeout(60_000);
            long target = 1L << 30;
            CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> upload(socket, target));

            InputStream in = socket.getInputStream();
            RawHttp.Head head = RawHttp.readHead(in);
            assertThat(head.status()).as(server.log()).isEqualTo(200);
            BufferedReader answers = new BufferedReader(
                    new InputStreamReader(RawHttp.chunkedBody(in), StandardCharsets.US_ASCII), 1 << 16);
            long row = 0;
            for (String line = answers.readLine(); line != null; line = answers.readLine()) {
                float expected = row + TAIL_CELLS * 0.5f; // row i is "i" then 0.5s
                if (Float.parseFloat(line) != expected) {
                    throw new AssertionError("row " + (row + 1) + ": answered " + line + ", expected " + expected);
                }
                row++;
            }
            long rowsSent = sent.get(60, TimeUnit.SECONDS);
            assertThat(row).isEqualTo(rowsSent).isGreaterThan(target / ROW_BYTES_AT_MOST);
            assertThat(server.log()).contains("body limit: none (SAGEMAKER_MAX_PAYLOAD_IN_MB=0)")
                    .doesNotContain("OutOfMemoryError").doesNotContain("LEAK");
        }
    }

    private static String executionParameters(ChildServer server) throws Exception {
        try (Socket socket = server.connect()) {
            socket.getOutputStream().write("GET /execution-parameters HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** Cells of 0.5 after each row's number: wide rows, so a gigabyte is fewer rows to answer. */
    private static final int TAIL_CELLS = 99;
    private static final long ROW_BYTES_AT_MOST = 8 + TAIL_CELLS * 4L;

    /** Sends rows "i,0.5,...,0.5" in chunks of 64 KiB until about {@code target} bytes; returns the row count. */
    private static long upload(Socket socket, long target) {
        try {
            OutputStream out = socket.getOutputStream();
            RawHttp.writeChunkedHead(out, "/invocations", "text/csv");
            byte[] buffer = new byte[1 << 16];
            byte[] tail = (",0.5".repeat(TAIL_CELLS) + "\n").getBytes(StandardCharsets.US_ASCII);
            long sent = 0;
            long rows = 0;
            int at = 0;
            while (sent + at < target) {
                byte[] head = Long.toString(rows).getBytes(StandardCharsets.US_ASCII);
                if (at + head.length + tail.length > buffer.length) {
                    RawHttp.writeChunk(out, buffer, at);
                    sent += at;
                    at = 0;
                }
                System.arraycopy(head, 0, buffer, at, head.length);
                System.arraycopy(tail, 0, buffer, at + head.length, tail.length);
                at += head.length + tail.length;
                rows++;
            }
            RawHttp.writeChunk(out, buffer, at);
            RawHttp.writeLastChunk(out);
            return rows;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
