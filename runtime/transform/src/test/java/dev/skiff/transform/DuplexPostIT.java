package dev.skiff.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.testmodel.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole-file exchange is full duplex: the answer's first records are read while the upload is still held open,
 * which java.net.http (HTTP/1.1) does not do and a file larger than the sockets' buffers needs.
 */
class DuplexPostIT {
    @TempDir
    java.nio.file.Path tmp;

    @Test
    void theAnswerIsReadWhileTheUploadGoesOn() throws Exception {
        try (TestServer server = TestServer.ready(tmp, "features=3\nweight=2\n", Map.of("SKIFF_BATCH_ROWS", "10"))) {
            CountDownLatch firstAnswerRead = new CountDownLatch(1);
            AtomicBoolean heldUntilRead = new AtomicBoolean();
            InputStream body = new HeldBody(firstAnswerRead, heldUntilRead);

            try (DuplexPost post = DuplexPost.start(URI.create(server.url("")), "text/csv", null,
                    Duration.ofSeconds(30), body)) {
                assertThat(post.status()).isEqualTo(200);
                BufferedReader answer = new BufferedReader(new InputStreamReader(post.body(), StandardCharsets.UTF_8));
                assertThat(answer.readLine()).isEqualTo("6.0");
                firstAnswerRead.countDown(); // only now may the upload go on
                long lines = 1 + answer.lines().peek(l -> assertThat(l).isEqualTo("6.0")).count();
                post.finishUpload();
                assertThat(heldUntilRead).as("the upload was still held open when the first answer was read").isTrue();
                assertThat(lines).isEqualTo(2 * HeldBody.ROWS);
            }
        }
    }

    /** {@code ROWS} rows, then waits (at most 30 s) for the first answer to be read, then {@code ROWS} more. */
    private static final class HeldBody extends InputStream {
        static final int ROWS = 1000;
        private static final byte[] ROW = "1,1,1\n".getBytes(StandardCharsets.US_ASCII);
        private final CountDownLatch release;
        private final AtomicBoolean heldUntilRead;
        private int sent;

        HeldBody(CountDownLatch release, AtomicBoolean heldUntilRead) {
            this.release = release;
            this.heldUntilRead = heldUntilRead;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (sent == 2 * ROWS) {
                return -1;
            }
            if (sent == ROWS && !heldUntilRead.get()) {
                try {
                    heldUntilRead.set(release.await(30, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            int rows = Math.min(len / ROW.length, (sent < ROWS ? ROWS : 2 * ROWS) - sent);
            for (int i = 0; i < rows; i++) {
                System.arraycopy(ROW, 0, b, off + i * ROW.length, ROW.length);
            }
            sent += rows;
            return rows * ROW.length;
        }
    }
}
