package dev.skiff.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread ({@code skiff-capture}) that moves records from the queue to the sink in batches. A batch the sink
 * fails to take is lost (counted) and the writer backs off (0.5 s, doubling, at most 5 s), losing what arrives
 * meanwhile, so that a sink that is down costs one failed attempt per back-off rather than one per record; the
 * first batch that goes through after a failure ends the back-off. Once a minute at most, the losses since the last
 * report are logged.
 */
final class CaptureWriter {
    private static final Logger log = LoggerFactory.getLogger(CaptureWriter.class);
    private static final int BATCH = 500;
    private static final long REPORT_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final BlockingQueue<CaptureRecord> queue;
    private final CaptureSink sink;
    private final AtomicLong dropped;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final Thread thread = new Thread(this::run, "skiff-capture");
    private volatile boolean stopping;
    private long backoffNanos;
    private long retryAt;
    private String failure;        // why the sink last failed, while it is failing
    private long reportedAt = System.nanoTime();
    private long reportedLosses;

    CaptureWriter(BlockingQueue<CaptureRecord> queue, CaptureSink sink, AtomicLong dropped) {
        this.queue = queue;
        this.sink = sink;
        this.dropped = dropped;
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    long written() {
        return written.get();
    }

    long lost() {
        return lost.get();
    }

    /** Lets the queue drain for at most {@code timeout}, then stops and closes the sink. */
    void stop(Duration timeout) throws InterruptedException {
        stopping = true;
        thread.join(Math.max(1, timeout.toMillis()));
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(1000);
        }
        report(true);
    }

    private void run() {
        List<CaptureRecord> batch = new ArrayList<>(BATCH);
        try {
            while (!stopping || !queue.isEmpty()) {
                CaptureRecord first = queue.poll(200, TimeUnit.MILLISECONDS);
                report(false);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            lost.addAndGet(batch.size() + queue.size());
        } finally {
            sink.close();
        }
    }

    private void write(List<CaptureRecord> batch) {
        long now = System.nanoTime();
        if (failure != null && now - retryAt < 0) {
            lost.addAndGet(batch.size()); // backing off: the sink was down a moment ago
            return;
        }
        try {
            sink.write(batch);
            written.addAndGet(batch.size());
            if (failure != null) {
                log.info("capture: {} takes records again (it failed with: {})", sink.describe(), failure);
                failure = null;
                backoffNanos = 0;
            }
        } catch (Exception | LinkageError e) {
            lost.addAndGet(batch.size());
            if (failure == null) {
                log.warn("capture: {} failed ({}); requests are still answered, their records are lost until it "
                        + "is back", sink.describe(), reason(e));
            }
            failure = reason(e);
            backoffNanos = backoffNanos == 0 ? FIRST_BACKOFF_NANOS : Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
            retryAt = System.nanoTime() + backoffNanos;
        }
    }

    /**
     * Why a write failed, in one short line that never quotes a record: a JDBC batch failure names the statement
     * with its values, so its underlying cause is reported instead.
     */
    static String reason(Throwable e) {
        Throwable t = e;
        if (t instanceof java.sql.BatchUpdateException b && b.getNextException() != null) {
            t = b.getNextException();
        } else if (t instanceof java.sql.BatchUpdateException && t.getCause() != null) {
            t = t.getCause();
        }
        String message = t instanceof java.sql.BatchUpdateException ? "" : String.valueOf(t.getMessage());
        String line = message.lines().findFirst().orElse("");
        String text = t.getClass().getSimpleName() + (line.isEmpty() ? "" : ": " + line);
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }

    /** Logs the records dropped or lost since the last report, at most once a minute (or now, when stopping). */
    private void report(boolean now) {
        long time = System.nanoTime();
        if (!now && time - reportedAt < REPORT_NANOS) {
            return;
        }
        long losses = dropped.get() + lost.get();
        if (losses > reportedLosses) {
            log.warn("capture: {} records dropped (queue full) and {} lost (sink failing{}) so far; {} written",
                    dropped.get(), lost.get(), failure == null ? "" : ": " + failure, written.get());
        }
        reportedLosses = losses;
        reportedAt = time;
    }
}
