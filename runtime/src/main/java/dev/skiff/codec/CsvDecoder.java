package dev.skiff.codec;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code text/csv} without a header: one row per record, LF or CRLF, the final newline optional, empty lines
 * skipped, a UTF-8 byte-order mark ignored.
 *
 * <p>Records are found by scanning bytes for a newline outside quotes. A record with no quote (the common, numeric
 * case) is split on commas and its cells go to the collector as bytes, with no object per cell. A record with a
 * quote is handed to Apache Commons CSV, so quoting is exactly RFC 4180. Only the unfinished last record is kept
 * between calls, and never more than {@code maxRowBytes} of it.
 */
final class CsvDecoder implements RecordDecoder {
    private static final CSVFormat RFC4180 = CSVFormat.RFC4180;

    private final RowCollector rows;
    private final int maxRowBytes;
    private byte[] buf = new byte[8192];
    private int start;   // first byte of the unfinished record
    private int end;     // end of the bytes held
    private int scanned; // bytes of the unfinished record already scanned for a newline
    private boolean inQuotes;
    private boolean quoted;
    private boolean atBodyStart = true;

    CsvDecoder(RowCollector rows, int maxRowBytes) {
        this.rows = rows;
        this.maxRowBytes = maxRowBytes;
    }

    @Override
    public void decode(ByteBuffer input) {
        hold(input);
        if (atBodyStart) {
            if (end - start < 3 && isBomPrefix()) {
                return; // wait: these bytes may be the start of a byte-order mark
            }
            atBodyStart = false;
            if (end - start >= 3 && (buf[start] & 0xff) == 0xEF && (buf[start + 1] & 0xff) == 0xBB
                    && (buf[start + 2] & 0xff) == 0xBF) {
                start += 3;
                scanned = start;
            }
        }
        for (int i = scanned; i < end; i++) {
            byte b = buf[i];
            if (b == '"') {
                inQuotes = !inQuotes;
                quoted = true;
            } else if (b == '\n' && !inQuotes) {
                record(start, i);
                start = i + 1;
                quoted = false;
            }
        }
        scanned = end;
        if (end - start > maxRowBytes) {
            throw SkiffException.badRow(ErrorCode.ROW_TOO_LARGE, rows.row(), null,
                    "longer than " + maxRowBytes + " bytes (SKIFF_MAX_ROW_BYTES)");
        }
    }

    @Override
    public void finish() {
        atBodyStart = false;
        if (inQuotes) {
            throw SkiffException.badRow(ErrorCode.MALFORMED_CSV, rows.row(), null,
                    "a quoted field is not closed before the end of the body");
        }
        if (start < end) {
            record(start, end);
            start = end;
        }
        rows.flush();
    }

    /** Appends {@code input} after the unfinished record, moving that record to the front first. */
    private void hold(ByteBuffer input) {
        int held = end - start;
        int needed = held + input.remaining();
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, held);
            scanned -= start;
            start = 0;
            end = held;
        }
        if (needed > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
        }
        int n = input.remaining();
        input.get(buf, end, n);
        end += n;
    }

    private boolean isBomPrefix() {
        int[] bom = {0xEF, 0xBB, 0xBF};
        for (int i = start; i < end; i++) {
            if ((buf[i] & 0xff) != bom[i - start]) {
                return false;
            }
        }
        return true;
    }

    private void record(int from, int to) {
        if (to > from && buf[to - 1] == '\r') {
            to--;
        }
        if (to == from) {
            return; // an empty line
        }
        if (quoted) {
            parseQuoted(new String(buf, from, to - from, StandardCharsets.UTF_8));
        } else {
            int cell = from;
            for (int i = from; i < to; i++) {
                if (buf[i] == ',') {
                    rows.bytes(buf, cell, i);
                    cell = i + 1;
                }
            }
            rows.bytes(buf, cell, to);
        }
        rows.endRow();
    }

    private void parseQuoted(String record) {
        try (CSVParser parser = CSVParser.parse(record, RFC4180)) {
            int count = 0;
            for (CSVRecord r : parser) {
                if (++count > 1) {
                    throw malformed("more than one record");
                }
                for (String cell : r) {
                    rows.text(cell);
                }
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw malformed(e.getMessage());
        }
    }

    private SkiffException malformed(String why) {
        String reason = why == null ? "unbalanced quotes" : why.replaceAll("\\s+", " ");
        return SkiffException.badRow(ErrorCode.MALFORMED_CSV, rows.row(), null, "not valid CSV: " + reason);
    }
}
