package dev.skiff.train;

import dev.skiff.spi.Channel;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

/**
 * One input source as the model manifest records it.
 *
 * @param channel the channel
 * @param source  {@code <channel>/<relative path>} in File mode, {@code <channel>_<epoch>} in Pipe mode
 * @param bytes   size as stored (compressed size for gzip)
 * @param sha256  SHA-256 of the bytes as stored, in hex
 * @param gzip    whether the source was gzip-compressed
 * @param rows    rows: the decoder's count when the source was read as records, else non-blank lines for line-based
 *                formats (CSV, JSON Lines, libsvm), else {@code null}
 */
record InputSummary(String channel, String source, long bytes, String sha256, boolean gzip, Long rows) {

    InputSummary withRows(Long counted) {
        return new InputSummary(channel, source, bytes, sha256, gzip, counted);
    }

    /** Reads {@code file} once, hashing its stored bytes and counting its (decompressed) lines when asked. */
    static InputSummary ofFile(String channel, String source, Path file, boolean countRows) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return of(channel, source, in, countRows);
        }
    }

    /** Drains {@code raw}: size and SHA-256 of its bytes, and lines of its decompressed content when asked. */
    static InputSummary of(String channel, String source, InputStream raw, boolean countRows) throws IOException {
        Fingerprint fingerprint = new Fingerprint(raw);
        BufferedInputStream buffered = new BufferedInputStream(fingerprint.stream(), Sources.BUFFER);
        boolean gzip = Sources.isGzip(buffered);
        if (!countRows) {
            buffered.transferTo(OutputStream.nullOutputStream());
            return fingerprint.summary(channel, source, gzip, null);
        }
        LineCounter lines = new LineCounter(gzip ? new GZIPInputStream(buffered, Sources.BUFFER) : buffered);
        lines.transferTo(OutputStream.nullOutputStream());
        return fingerprint.summary(channel, source, gzip, lines.lines());
    }

    /**
     * Hands {@code raw}, decompressed, to {@code reader} while hashing its stored bytes and counting its lines (when
     * {@code countRows}): one pass for the trainer and the manifest. With {@code toEnd}, what the reader left unread
     * is read too, so the summary covers the whole source. The reader cannot close the stream under the summary.
     */
    static InputSummary read(String channel, String source, InputStream raw, boolean countRows, boolean toEnd,
                             Channel.SourceReader reader) throws IOException {
        return read(channel, source, raw, UnaryOperator.identity(), countRows, toEnd, reader);
    }

    /**
     * As above, with {@code unwrap} between the bytes as stored (which are hashed) and the content (which is
     * decompressed, counted and read): Pipe mode's RecordIO-wrapped text ({@link RecordIoText}).
     */
    static InputSummary read(String channel, String source, InputStream raw, UnaryOperator<InputStream> unwrap,
                             boolean countRows, boolean toEnd, Channel.SourceReader reader) throws IOException {
        Fingerprint fingerprint = new Fingerprint(raw);
        BufferedInputStream buffered = new BufferedInputStream(unwrap.apply(fingerprint.stream()), Sources.BUFFER);
        boolean gzip = Sources.isGzip(buffered);
        InputStream data = gzip ? new GZIPInputStream(buffered, Sources.BUFFER) : buffered;
        LineCounter lines = countRows ? new LineCounter(data) : null;
        InputStream in = lines == null ? data : lines;
        reader.read(source, new FilterInputStream(in) {
            @Override
            public void close() {
                // Skiff closes the source after the reader returns
            }
        });
        if (toEnd) {
            in.transferTo(OutputStream.nullOutputStream());
            fingerprint.stream().transferTo(OutputStream.nullOutputStream());
        }
        return fingerprint.summary(channel, source, gzip, lines == null ? null : lines.lines());
    }

    /** Counts and hashes every byte read through it; {@code skip} reads too, so no byte escapes the hash. */
    static final class Fingerprint extends FilterInputStream {
        private final MessageDigest digest;
        private long count;

        Fingerprint(InputStream raw) {
            super(raw);
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }

        InputStream stream() {
            return this;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
                digest.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                digest.update(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] discard = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            int read = discard.length == 0 ? 0 : read(discard, 0, discard.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        InputSummary summary(String channel, String source, boolean gzip, Long rows) {
            return new InputSummary(channel, source, count, HexFormat.of().formatHex(digest.digest()), gzip, rows);
        }
    }
}
