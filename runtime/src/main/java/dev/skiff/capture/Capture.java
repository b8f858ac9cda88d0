package dev.skiff.capture;

import dev.skiff.config.CaptureSettings;
import dev.skiff.spi.InputSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request capture ({@code SKIFF_CAPTURE}): a sampled share of {@code /invocations} requests is recorded (request id,
 * time, model, content types, the first rows and their predictions, or the error) and written to JSON Lines files or
 * a PostgreSQL table by one background thread. Requests never wait for it: records pass through a bounded queue, a
 * full queue drops the record, and a sink that fails loses the batch; both are counted ({@link #dropped},
 * {@link #lost}) and logged at most once a minute, and writing resumes when the sink is back. Thread-safe.
 */
public final class Capture implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Capture.class);

    private final CaptureSettings settings;
    private final BlockingQueue<CaptureRecord> queue;
    private final CaptureWriter writer;
    private final AtomicLong dropped = new AtomicLong();

    private Capture(CaptureSettings settings, CaptureSink sink) {
        this.settings = settings;
        this.queue = sink == null ? null : new ArrayBlockingQueue<>(settings.queueCapacity());
        this.writer = sink == null ? null : new CaptureWriter(queue, sink, dropped);
    }

    /** Capture as {@code settings} say: off, or writing to its sink from its own thread ({@code skiff-capture}). */
    public static Capture start(CaptureSettings settings) {
        if (!settings.enabled()) {
            return new Capture(settings, null);
        }
        CaptureSink sink = settings.sink().equals(CaptureSettings.JSONL)
                ? new JsonlSink(Path.of(settings.target()), settings.fileBytes())
                : new PostgresSink(settings.target());
        Capture capture = new Capture(settings, sink);
        capture.writer.start();
        log.info("capturing {}% of requests (up to {} rows each) to {}", settings.percent(), settings.maxRows(),
                sink.describe());
        return capture;
    }

    /** No capture at all. */
    public static Capture off() {
        return new Capture(new CaptureSettings("", "", 0, 0, 1, 1), null);
    }

    /**
     * Starts capturing one request, or answers {@code null} when capture is off or the request is not sampled.
     *
     * @param batchRows the rows per batch the request is decoded into
     */
    public CapturedRequest begin(String requestId, String model, String contentType, String accept,
            InputSchema schema, int batchRows) {
        if (writer == null || ThreadLocalRandom.current().nextDouble() * 100 >= settings.percent()) {
            return null;
        }
        return new CapturedRequest(this, requestId, model, contentType == null ? "" : contentType,
                accept == null ? "" : accept, schema, settings.maxRows(), batchRows);
    }

    void offer(CaptureRecord record) {
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    /** Whether requests are being captured. */
    public boolean enabled() {
        return writer != null;
    }

    /** Records written to the sink so far. */
    public long written() {
        return writer == null ? 0 : writer.written();
    }

    /** Records dropped because the queue was full (the sink too slow, or down). */
    public long dropped() {
        return dropped.get();
    }

    /** Records lost because the sink failed to take them. */
    public long lost() {
        return writer == null ? 0 : writer.lost();
    }

    /** Records waiting for the sink. */
    public int queued() {
        return queue == null ? 0 : queue.size();
    }

    /** Writes what is queued (within {@code timeout}), then stops the writer and closes the sink. */
    public void close(Duration timeout) throws InterruptedException {
        if (writer != null) {
            writer.stop(timeout);
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(Duration.ofSeconds(5));
    }
}
