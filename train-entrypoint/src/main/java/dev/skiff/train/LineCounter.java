package dev.skiff.train;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the non-blank lines that pass through (a last line without a newline counts too). */
final class LineCounter extends FilterInputStream {
    private long lines;
    private boolean lineHasContent;

    LineCounter(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            see((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; i++) {
            see(buffer[offset + i]);
        }
        return n;
    }

    private void see(byte b) {
        if (b == '\n') {
            if (lineHasContent) {
                lines++;
            }
            lineHasContent = false;
        } else if (b != '\r' && b != ' ' && b != '\t') {
            lineHasContent = true;
        }
    }

    /** Lines seen so far, counting an unfinished last line. */
    long lines() {
        return lines + (lineHasContent ? 1 : 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
