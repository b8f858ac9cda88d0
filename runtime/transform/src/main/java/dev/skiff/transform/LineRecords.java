package dev.skiff.transform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code SplitType=Line}: a record is a line with its line end ({@code \n} or {@code \r\n}). Lines that are empty
 * or hold only a line end are skipped: they carry no record, and a server skips them too, so a joined output would
 * otherwise lose its alignment. A line over {@code maxBytes} fails, naming the line.
 */
final class LineRecords implements RecordReader {
    private final InputStream in;
    private final long maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private int pos;
    private int limit;
    private long lineNumber;

    LineRecords(InputStream in, long maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    @Override
    public byte[] next() throws IOException {
        while (true) {
            line.reset();
            readLine();
            if (line.size() == 0) {
                return null; // the end of the input
            }
            lineNumber++;
            byte[] bytes = line.toByteArray();
            if (!isBlank(bytes)) {
                return bytes;
            }
        }
    }

    /** Appends the next line (with its \n) to {@link #line}; false when the input ended before a \n. */
    private boolean readLine() throws IOException {
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return false;
                }
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            boolean found = pos < limit;
            if (found) {
                pos++;
            }
            line.write(buffer, start, pos - start);
            if (line.size() > maxBytes) {
                throw new TransformException("line " + (lineNumber + 1) + " is longer than the "
                        + maxBytes + "-byte request limit (MaxPayloadInMB)");
            }
            if (found) {
                return true;
            }
        }
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String position() {
        return "line " + lineNumber;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
