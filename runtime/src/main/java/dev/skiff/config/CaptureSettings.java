package dev.skiff.config;

import java.util.regex.Pattern;

/**
 * Request capture: where records go and how many. Read from {@code SKIFF_CAPTURE} ({@code jsonl:DIR} or
 * {@code postgresql:JDBC_URL}; empty: off) and {@code SKIFF_CAPTURE_*}.
 *
 * @param sink          {@code jsonl}, {@code postgresql}, or empty when capture is off
 * @param target        the directory ({@code jsonl}) or the JDBC URL ({@code postgresql})
 * @param percent       {@code SKIFF_CAPTURE_PERCENT}: the share of requests captured, 0 to 100 (default 100)
 * @param maxRows       {@code SKIFF_CAPTURE_MAX_ROWS}: input rows and predictions kept per request (default 1000)
 * @param queueCapacity {@code SKIFF_CAPTURE_QUEUE}: records waiting for the sink before new ones are dropped
 * @param fileBytes     {@code SKIFF_CAPTURE_FILE_MB}: a {@code jsonl} file is rotated past this size (default 100 MB)
 */
public record CaptureSettings(String sink, String target, double percent, int maxRows, int queueCapacity,
                              long fileBytes) {
    public static final String JSONL = "jsonl";
    public static final String POSTGRESQL = "postgresql";
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    public CaptureSettings {
        if (!(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("SKIFF_CAPTURE_PERCENT must be between 0 and 100, was " + percent);
        }
        if (maxRows < 0 || queueCapacity <= 0 || fileBytes <= 0) {
            throw new IllegalArgumentException("SKIFF_CAPTURE_MAX_ROWS must be 0 or more, SKIFF_CAPTURE_QUEUE and "
                    + "SKIFF_CAPTURE_FILE_MB positive; were " + maxRows + ", " + queueCapacity + ", " + fileBytes);
        }
    }

    static CaptureSettings read(EnvReader r) {
        String spec = r.text("SKIFF_CAPTURE", "");
        String sink = "";
        String target = "";
        if (!spec.isEmpty()) {
            int colon = spec.indexOf(':');
            sink = colon < 0 ? spec : spec.substring(0, colon);
            target = colon < 0 ? "" : spec.substring(colon + 1).trim();
            boolean known = sink.equals(JSONL) || sink.equals(POSTGRESQL) && target.startsWith("jdbc:postgresql:");
            if (!known || target.isEmpty()) {
                throw new IllegalArgumentException("SKIFF_CAPTURE='" + redact(spec) + "' is neither jsonl:DIRECTORY "
                        + "nor postgresql:jdbc:postgresql://HOST:PORT/DATABASE");
            }
        }
        return new CaptureSettings(sink, target, r.decimal("SKIFF_CAPTURE_PERCENT", 100),
                r.integer("SKIFF_CAPTURE_MAX_ROWS", 1000), r.integer("SKIFF_CAPTURE_QUEUE", 10_000),
                r.integer("SKIFF_CAPTURE_FILE_MB", 100) * 1024L * 1024L);
    }

    /** Whether requests are captured at all. */
    public boolean enabled() {
        return !sink.isEmpty() && percent > 0;
    }

    /** Never prints a password that the JDBC URL carries. */
    @Override
    public String toString() {
        return enabled() ? sink + ":" + redact(target) + " (" + percent + "%, " + maxRows + " rows, queue "
                + queueCapacity + ")" : "off";
    }

    /** {@code text} with any {@code password=...} value hidden. */
    public static String redact(String text) {
        return PASSWORD.matcher(text).replaceAll("$1***");
    }
}
