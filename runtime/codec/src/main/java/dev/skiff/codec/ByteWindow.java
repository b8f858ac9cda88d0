package dev.skiff.codec;

import java.nio.ByteBuffer;

/**
 * The bytes a line-oriented decoder has received but not yet consumed: {@code buf[start, end)}, with the decoder's
 * scanning cursor {@code scan} in between. It compacts before it grows and never grows past {@code maxCapacity},
 * so a decoder holds at most one row (plus a little) however large the body.
 */
final class ByteWindow {
    private static final int INITIAL_CAPACITY = 16 * 1024;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    byte[] buf;
    int start;
    int scan;
    int end;
    private final int maxCapacity;
    private boolean bomChecked;

    /** @param maxRowBytes the longest row a decoder accepts; the window holds a little more (CR, lookahead) */
    ByteWindow(int maxRowBytes) {
        this.maxCapacity = maxRowBytes + 2;
        this.buf = new byte[Math.min(INITIAL_CAPACITY, maxCapacity)];
    }

    /** Bytes received and not consumed. */
    int pending() {
        return end - start;
    }

    /** Copies as much of {@code in} as fits, compacting or growing first when the window is full. */
    void fill(ByteBuffer in) {
        if (end == buf.length) {
            if (start > 0) {
                compact();
            } else if (buf.length < maxCapacity) {
                byte[] bigger = new byte[(int) Math.min(maxCapacity, buf.length * 2L)];
                System.arraycopy(buf, 0, bigger, 0, end);
                buf = bigger;
            } else {
                // Decoders reject a row longer than maxRowBytes before the window can fill up.
                throw new IllegalStateException("row buffer full; the row length check did not run");
            }
        }
        int n = Math.min(in.remaining(), buf.length - end);
        in.get(buf, end, n);
        end += n;
    }

    /**
     * Skips a UTF-8 byte order mark at the very start of the body. Returns false while too few bytes have arrived
     * to tell (and the body has not ended); true once settled.
     */
    boolean skipBom(boolean eof) {
        if (bomChecked) {
            return true;
        }
        if (pending() < UTF8_BOM.length && !eof && isBomPrefix()) {
            return false; // wait: these few bytes may be the start of a BOM (a short first row must not wait)
        }
        bomChecked = true;
        if (pending() >= UTF8_BOM.length
                && buf[start] == UTF8_BOM[0] && buf[start + 1] == UTF8_BOM[1] && buf[start + 2] == UTF8_BOM[2]) {
            start += UTF8_BOM.length;
            scan = Math.max(scan, start);
        }
        return true;
    }

    private boolean isBomPrefix() {
        for (int i = start; i < end; i++) {
            if (buf[i] != UTF8_BOM[i - start]) {
                return false;
            }
        }
        return true;
    }

    private void compact() {
        int n = end - start;
        System.arraycopy(buf, start, buf, 0, n);
        scan -= start;
        end = n;
        start = 0;
    }
}
