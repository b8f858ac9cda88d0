package dev.skiff.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.config.CaptureSettings;
import dev.skiff.spi.Batch;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.Predictions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureWriterTest {
    @TempDir
    Path tmp;

    static CaptureRecord record(String id) {
        return new CaptureRecord(id, Instant.parse("2025-01-02T03:04:05Z"), "m", "text/csv", "text/csv",
                InputSchema.named(List.of("a", "b"), true), 200, null, null, 1, 1.5,
                List.of(Batch.dense(1, new float[] {1, Float.NaN}, 2)), List.of(Predictions.scores(new float[] {3}, 1)),
                10);
    }

    @Test
    void aRecordIsOneJsonObjectWithNamedInputs() {
        assertThat(new String(record("r1").json())).isEqualTo("{\"request_id\":\"r1\","
                + "\"time\":\"2025-01-02T03:04:05Z\","
                + "\"model\":\"m\",\"content_type\":\"text/csv\",\"accept\":\"text/csv\",\"status\":200,\"ms\":1.5,"
                + "\"rows\":1,\"captured_rows\":1,\"input\":[{\"a\":1.0,\"b\":null}],\"predictions\":[3.0]}");
    }

    @Test
    void predictionsAreCutToTheCapturedRows() {
        Predictions named = Predictions.named(new float[] {1, 2, 3, 4, 5, 6}, List.of("x", "y"));
        Predictions head = CaptureRecord.head(named, 2);
        assertThat(head.size()).isEqualTo(2);
        assertThat(head.names()).containsExactly("x", "y");
        assertThat(head.scores()).containsExactly(1, 2, 3, 4);
        assertThat(CaptureRecord.head(Predictions.of(List.of("a", "b", "c")), 1).get(0)).isEqualTo("a");
    }

    /** A sink that cannot keep up: the queue fills, and what does not fit is dropped and counted, never waited for. */
    @Test
    void aFullQueueDropsAndCounts() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicLong wrote = new AtomicLong();
        CaptureSink slow = new CaptureSink() {
            @Override
            public void write(List<CaptureRecord> records) throws InterruptedException {
                release.await();
                wrote.addAndGet(records.size());
            }

            @Override
            public String describe() {
                return "a sink waiting for the test";
            }

            @Override
            public void close() {
            }
        };
        ArrayBlockingQueue<CaptureRecord> queue = new ArrayBlockingQueue<>(3);
        AtomicLong dropped = new AtomicLong();
        CaptureWriter writer = new CaptureWriter(queue, slow, dropped);
        writer.start();
        Capture capture = Capture.off();
        queue.put(record("first"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!queue.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the writer took "first" and is stuck in the sink
        }
        for (int i = 0; i < 10; i++) {
            if (!queue.offer(record("r" + i))) {
                dropped.incrementAndGet();
            }
        }
        assertThat(dropped.get()).isEqualTo(7);
        release.countDown();
        writer.stop(Duration.ofSeconds(10));
        assertThat(wrote.get()).isEqualTo(4);
        assertThat(writer.written()).isEqualTo(4);
        assertThat(capture.begin("x", "m", null, null, InputSchema.numeric(1), 10)).isNull();
    }

    @Test
    void filesRotateBySizeAndEveryLineIsARecord() throws Exception {
        int oneLine = record("r00").json().length + 1;
        JsonlSink sink = new JsonlSink(tmp, oneLine * 3L);
        for (int i = 0; i < 4; i++) {
            sink.write(List.of(record("r" + i + "a"), record("r" + i + "b")));
        }
        sink.close();
        List<Path> files;
        try (Stream<Path> list = Files.list(tmp)) {
            files = list.sorted().toList();
        }
        assertThat(files).hasSize(3)
                .allMatch(f -> f.getFileName().toString().matches("capture-\\d{8}T\\d{6}Z-\\d{4}\\.jsonl"));
        long lines = 0;
        for (Path f : files) {
            assertThat(Files.size(f)).isLessThanOrEqualTo(oneLine * 3L);
            lines += Files.readAllLines(f).size();
        }
        assertThat(lines).isEqualTo(8);
        JsonlSink again = new JsonlSink(tmp, oneLine * 3L); // a restart within the same second: a file of its own
        again.write(List.of(record("later")));
        again.close();
        try (Stream<Path> list = Files.list(tmp)) {
            assertThat(list.count()).isEqualTo(4);
        }
    }

    @Test
    void sampledAtZeroPercentIsOff() {
        Capture none = Capture.start(new CaptureSettings("jsonl", tmp.toString(), 0, 10, 10, 1024));
        assertThat(none.enabled()).isFalse();
    }

    @Test
    void aFailureIsReportedWithoutTheRecordsItCarried() {
        java.sql.BatchUpdateException batch = new java.sql.BatchUpdateException(
                "Batch entry 0 INSERT INTO skiff_capture VALUES ('secret-row') was aborted", new int[0]);
        batch.setNextException(new java.sql.SQLException("An I/O error occurred while sending to the backend."));
        assertThat(CaptureWriter.reason(batch)).isEqualTo("SQLException: An I/O error occurred while sending to the "
                + "backend.");
        assertThat(CaptureWriter.reason(new java.sql.BatchUpdateException("has 'secret-row'", new int[0])))
                .isEqualTo("BatchUpdateException");
    }
}
