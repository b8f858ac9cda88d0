package dev.skiff.train;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/** Opening channel data: gzip recognised by its magic bytes (not the file name), and which formats are line-based. */
final class Sources {
    static final int BUFFER = 64 * 1024;
    private static final Set<String> LINE_FORMATS = Set.of("text/csv", "csv", "text/x-csv", "application/jsonlines",
            "application/x-jsonlines", "application/jsonl", "application/json-lines", "jsonl", "text/libsvm",
            "text/x-libsvm", "libsvm");

    private Sources() {
    }

    /** {@code raw} decompressed when it starts with gzip's magic bytes (1f 8b), else as is; buffered either way. */
    static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        return isGzip(in) ? new GZIPInputStream(in, BUFFER) : in;
    }

    /** Whether the stream starts with gzip's magic bytes; the stream is left where it was. */
    static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b;
    }

    /** Whether one row is one line in this content type (CSV, JSON Lines, libsvm): rows can be counted by lines. */
    static boolean lineBased(Optional<String> contentType) {
        return contentType.map(Sources::baseType).filter(LINE_FORMATS::contains).isPresent();
    }

    /**
     * Whether a channel of this content type holds text lines: a line-based type, or none (which {@code readRecords}
     * reads as CSV and the XGBoost trainer as libsvm). Pipe mode unwraps such a channel's RecordIO frames.
     */
    static boolean text(Optional<String> contentType) {
        return contentType.isEmpty() || lineBased(contentType);
    }

    /** {@code text/csv; label_size=1} is {@code text/csv}. */
    static String baseType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String base = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return base.trim().toLowerCase(Locale.ROOT);
    }
}
