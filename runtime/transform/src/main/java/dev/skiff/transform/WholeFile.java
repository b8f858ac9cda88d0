package dev.skiff.transform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code SplitType=None}: the file is one record (no larger than the request limit). */
final class WholeFile implements RecordReader {
    private final Path file;
    private final long limit;
    private boolean read;

    WholeFile(Path file, long limit) {
        this.file = file;
        this.limit = limit;
    }

    @Override
    public byte[] next() throws IOException {
        if (read || Files.size(file) == 0) {
            return null;
        }
        read = true;
        long size = Files.size(file);
        if (size > limit) {
            throw new TransformException("the file is " + size + " bytes, over the " + limit
                    + "-byte request limit (MaxPayloadInMB; 0 sends it whole, chunked)");
        }
        return Files.readAllBytes(file);
    }

    @Override
    public String position() {
        return "the whole file";
    }

    @Override
    public void close() {
        // nothing is held open
    }
}
