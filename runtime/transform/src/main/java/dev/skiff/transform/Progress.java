package dev.skiff.transform;

import java.io.PrintStream;
import java.util.Locale;

/** Counts what has been answered and prints a progress line at most every {@code interval} seconds, and at the end. */
final class Progress {
    private final PrintStream out;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private long nextReport;
    private long records;
    private long bytes;
    private long requests;

    Progress(PrintStream out, int intervalSeconds) {
        this.out = out;
        this.intervalNanos = intervalSeconds * 1_000_000_000L;
        this.nextReport = start + intervalNanos;
    }

    void answered(long records, long bytes, String where) {
        this.records += records;
        this.bytes += bytes;
        this.requests++;
        long now = System.nanoTime();
        if (now >= nextReport) {
            nextReport = now + intervalNanos;
            out.println("transform: " + line(now) + ", at " + where);
        }
    }

    long records() {
        return records;
    }

    String summary() {
        return line(System.nanoTime());
    }

    private String line(long now) {
        double seconds = Math.max((now - start) / 1e9, 1e-3);
        return String.format(Locale.ROOT, "%,d records, %.1f MB in %,d requests, %.1f s, %,.0f records/s, %.1f MB/s",
                records, bytes / 1e6, requests, seconds, records / seconds, bytes / 1e6 / seconds);
    }
}
