package dev.skiff.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * JSON Lines files in a directory, one record per line: {@code capture-<UTC time>-<n>.jsonl}, a new file once the
 * current one passes {@code maxBytes} (and after a failed write, so a half-written line never has a record after it).
 * Each batch is written whole and flushed.
 */
final class JsonlSink implements CaptureSink {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final Path dir;
    private final long maxBytes;
    private OutputStream out;
    private long size;
    private int sequence;

    JsonlSink(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    @Override
    public void write(List<CaptureRecord> records) throws IOException {
        try {
            for (CaptureRecord r : records) {
                byte[] line = r.json();
                if (out == null || size > 0 && size + line.length + 1 > maxBytes) {
                    open();
                }
                out.write(line);
                out.write('\n');
                size += line.length + 1;
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open() throws IOException {
        close();
        Files.createDirectories(dir);
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
        Path file = dir.resolve(String.format("capture-%s-%04d.jsonl", stamp, sequence++));
        while (Files.exists(file)) { // another server (or a restart) wrote in the same second: never append to it
            file = dir.resolve(String.format("capture-%s-%04d.jsonl", stamp, sequence++));
        }
        out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        out = new BufferedOutputStream(out, 64 * 1024);
        size = 0;
    }

    @Override
    public String describe() {
        return "JSON Lines files in " + dir;
    }

    @Override
    public void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // the write that failed already said why
            }
            out = null;
        }
    }
}
