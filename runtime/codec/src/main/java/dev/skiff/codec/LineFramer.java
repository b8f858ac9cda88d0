package dev.skiff.codec;

import dev.skiff.spi.SkiffException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts a body into records as its bytes arrive, whatever the split: the one place that knows line ends (LF or CRLF,
 * the last one optional), the UTF-8 byte order mark at the start of a body, and the longest record. A record is a
 * line unless the format says otherwise through {@link Records#end} (CSV: a newline inside quotes is data).
 *
 * <p>The framer copies the bytes it is given into its own window, which holds the unfinished record only: sized by
 * the first bytes, it grows to 16 KiB, then compacts before it grows, and never grows past {@code maxRecordBytes}
 * plus a CR and an LF. A record longer than {@code maxRecordBytes} (its CR counted, its LF not) fails with
 * {@link Records#tooLong} as soon as that many bytes have arrived, without waiting for its end.
 *
 * <p>Not thread-safe: one per decoder.
 */
final class LineFramer {
    private static final int FULL_CAPACITY = 16 * 1024;
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /** What the framer hands records to: a decoder. */
    interface Records {
        /**
         * Scans {@code b[from, to)}, the next bytes of the record that starts at {@code recordStart}, for the LF that
         * ends it. Successive calls continue one record until an end is returned; the next call starts the next
         * record. By default the record ends at the first LF.
         *
         * @return the index of the LF ending the record, or -1 when it is not among these bytes
         */
        default int end(byte[] b, int recordStart, int from, int to) {
            return Swar.indexOfLf(b, from, to);
        }

        /** One record, {@code b[from, to)} without its line end (LF or CRLF); empty for an empty line. */
        void record(byte[] b, int from, int to);

        /** The error for a record longer than the limit. */
        SkiffException tooLong();
    }

    private final Records records;
    private final int maxRecordBytes;
    private final int maxCapacity;
    private byte[] buf;
    private int start;          // the unfinished record's first byte
    private int scan;           // bytes before this were scanned by Records.end
    private int end;            // bytes held
    private boolean bomSettled;
    private long line = 1;      // the 1-based number of the current record (the line, where records are lines)

    LineFramer(Records records, int maxRecordBytes) {
        this.records = records;
        this.maxRecordBytes = maxRecordBytes;
        this.maxCapacity = maxRecordBytes + 2;
        this.buf = new byte[0]; // sized by the first bytes: a one-row request needs a few hundred, not 16 KiB
    }

    /** The 1-based number of the record being read: the line, for formats whose records are lines. */
    long line() {
        return line;
    }

    /** Hands every complete record in {@code in} on; keeps the unfinished last one for the next call. */
    void feed(ByteBuffer in) {
        while (in.hasRemaining()) {
            fill(in);
            frame(false);
        }
    }

    /** The body has ended: hands on the last record, which may lack its line end. */
    void finish() {
        frame(true);
        if (end > start) {
            emit(start, end);
            start = end;
            scan = end;
        }
    }

    private void frame(boolean eof) {
        if (!bomSettled && !skipBom(eof)) {
            return;
        }
        int lf;
        while ((lf = records.end(buf, start, scan, scanLimit())) >= 0) {
            emit(start, lf);
            start = lf + 1;
            scan = start;
        }
        scan = scanLimit();
        if (end - start > maxRecordBytes) {
            throw records.tooLong();
        }
    }

    /**
     * Where a record's scan stops: a record's LF comes at most {@code maxRecordBytes} after its start, so the bytes
     * past that are never looked at. What a scan finds (an error, the end) then does not depend on how many bytes
     * happened to arrive at once.
     */
    private int scanLimit() {
        return end - start > maxRecordBytes ? start + maxRecordBytes + 1 : end;
    }

    private void emit(int from, int to) {
        if (to > from && buf[to - 1] == '\r') {
            to--;
        }
        records.record(buf, from, to);
        line++;
    }

    /** Copies as much of {@code in} as fits, compacting or growing first when the window is full. */
    private void fill(ByteBuffer in) {
        if (end == buf.length) {
            if (start > 0 && (buf.length >= FULL_CAPACITY || buf.length == maxCapacity)) {
                System.arraycopy(buf, start, buf, 0, end - start);
                scan -= start;
                end -= start;
                start = 0;
            } else {
                // frame() failed any record over the limit, so a full window is below maxCapacity here
                long size = Math.max(buf.length * 2L, Math.min(in.remaining(), FULL_CAPACITY));
                buf = Arrays.copyOf(buf, (int) Math.min(maxCapacity, size));
            }
        }
        int n = Math.min(in.remaining(), buf.length - end);
        in.get(buf, end, n);
        end += n;
    }

    /**
     * Skips a UTF-8 byte order mark at the very start of the body. False while too few bytes have arrived to tell
     * (and the body has not ended); true once settled.
     */
    private boolean skipBom(boolean eof) {
        int n = end - start;
        if (n < UTF8_BOM.length && !eof && isBomPrefix(n)) {
            return false; // these few bytes may be the start of a BOM (a short first row must not wait past eof)
        }
        bomSettled = true;
        if (n >= UTF8_BOM.length && isBomPrefix(UTF8_BOM.length)) {
            start += UTF8_BOM.length;
            scan = Math.max(scan, start);
        }
        return true;
    }

    private boolean isBomPrefix(int n) {
        for (int i = 0; i < n; i++) {
            if (buf[start + i] != UTF8_BOM[i]) {
                return false;
            }
        }
        return true;
    }
}
