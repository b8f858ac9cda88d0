package dev.skiff.codec;

import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code text/csv} without a header: one row per record, cells separated by commas, records by LF or CRLF (the
 * final one optional). Wholly empty lines are skipped (they are not rows); a UTF-8 BOM at the start is skipped.
 *
 * <p>Record boundaries are found by a quote-aware scan that also enforces RFC 4180's quoting rules (a quote opens
 * only at the start of a field and, once closed, must end the field), so a newline inside quotes is data and a
 * stray quote is an error however the body is split. Records without quotes are parsed straight from the bytes
 * ({@link DecimalParser}, no String per cell); records with quotes are unescaped by Apache Commons CSV.
 *
 * <p>Memory is bounded by the longest row: a record longer than {@code maxRowBytes} (its CR counted, its LF not) is
 * rejected as soon as that many bytes have arrived.
 */
final class CsvDecoder implements RecordDecoder {
    private static final CSVFormat RFC4180 = CSVFormat.RFC4180;

    private final RowCollector rows;
    private final boolean numeric;
    private final int maxRowBytes;
    private final ByteWindow w;
    private final DecimalParser parser = new DecimalParser();
    private boolean inQuotes;
    private boolean quoted;        // the current record has a quoted field
    private int linesInRecord;     // newlines inside quotes so far in the current record
    private long line = 1;         // the physical line the current record starts on

    CsvDecoder(RowCollector rows, boolean numeric, int maxRowBytes) {
        this.rows = rows;
        this.numeric = numeric;
        this.maxRowBytes = maxRowBytes;
        this.w = new ByteWindow(maxRowBytes);
    }

    @Override
    public void decode(ByteBuffer input) {
        while (input.hasRemaining()) {
            w.fill(input);
            drain(false);
        }
    }

    @Override
    public void finish() {
        drain(true);
        if (inQuotes) {
            throw malformed("unterminated quoted field", line);
        }
        if (w.pending() > 0) {
            record(w.start, w.end);
            w.start = w.end;
        }
        rows.flush();
    }

    private void drain(boolean eof) {
        if (!w.skipBom(eof)) {
            return;
        }
        int lf;
        while ((lf = scan(eof)) >= 0) {
            record(w.start, lf);
            w.start = lf + 1;
            w.scan = w.start;
        }
        if (w.pending() > maxRowBytes) {
            throw tooLarge();
        }
    }

    /** Finds the LF ending the current record, or -1 when it has not arrived yet. */
    private int scan(boolean eof) {
        byte[] b = w.buf;
        int end = w.end;
        for (int i = w.scan; i < end; i++) {
            byte c = b[i];
            if (c == '\n') {
                if (!inQuotes) {
                    w.scan = i;
                    return i;
                }
                linesInRecord++;
            } else if (c == '"') {
                if (!inQuotes) {
                    if (i != w.start && b[i - 1] != ',') {
                        throw malformed("a quote inside an unquoted field", line + linesInRecord);
                    }
                    inQuotes = true;
                    quoted = true;
                } else if (i + 1 == end) {
                    if (!eof) {
                        w.scan = i; // need the next byte to tell a closing quote from an escaped one
                        return -1;
                    }
                    inQuotes = false;
                } else if (b[i + 1] == '"') {
                    i++;
                } else {
                    inQuotes = false;
                    byte next = b[i + 1];
                    if (next != ',' && next != '\n' && next != '\r') {
                        throw malformed("a closing quote not followed by a comma or the end of the record",
                                line + linesInRecord);
                    }
                }
            }
        }
        w.scan = end;
        return -1;
    }

    private void record(int from, int to) {
        if (to - from > maxRowBytes) {
            throw tooLarge();
        }
        byte[] b = w.buf;
        if (to > from && b[to - 1] == '\r') {
            to--;
        }
        if (to > from) {
            if (quoted) {
                quotedRecord(new String(b, from, to - from, StandardCharsets.UTF_8));
            } else {
                plainRecord(b, from, to);
            }
            rows.endRow();
        }
        line += 1 + linesInRecord;
        linesInRecord = 0;
        quoted = false;
    }

    private void plainRecord(byte[] b, int from, int to) {
        int cell = from;
        for (int i = from; ; i++) {
            if (i == to || b[i] == ',') {
                if (parser.parse(b, cell, i)) {
                    rows.number(parser.value());
                } else {
                    rows.text(new String(b, cell, i - cell, StandardCharsets.UTF_8));
                }
                if (i == to) {
                    return;
                }
                cell = i + 1;
            }
        }
    }

    private void quotedRecord(String text) {
        List<CSVRecord> records;
        try (CSVParser csv = RFC4180.parse(new StringReader(text))) {
            records = csv.getRecords();
        } catch (IOException | UncheckedIOException e) {
            throw malformed(e.getMessage(), line);
        }
        if (records.size() != 1) {
            throw malformed("a carriage return outside quotes", line);
        }
        for (String cell : records.get(0)) {
            if (!numeric && parser.parse(cell)) {
                rows.number(parser.value()); // a general schema gets numbers as Double, as on the fast path
            } else {
                rows.text(cell);
            }
        }
    }

    private SkiffException malformed(String what, long atLine) {
        return SkiffException.badRow(ErrorCode.MALFORMED_CSV, rows.row(), null, what + lineNote(atLine));
    }

    private SkiffException tooLarge() {
        return SkiffException.badRow(ErrorCode.ROW_TOO_LARGE, rows.row(), null,
                "longer than " + maxRowBytes + " bytes" + lineNote(line));
    }

    private String lineNote(long atLine) {
        return atLine == rows.row() ? "" : " (line " + atLine + ")";
    }
}
