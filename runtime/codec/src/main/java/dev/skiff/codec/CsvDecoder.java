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
final class CsvDecoder implements RecordDecoder, LineFramer.Records {
    private static final CSVFormat RFC4180 = CSVFormat.RFC4180;

    private final RowCollector rows;
    private final boolean numeric;
    private final int maxRowBytes;
    private final LineFramer framer;
    private final DecimalParser parser = new DecimalParser();
    private boolean inQuotes;
    private boolean quoteLast;     // the last byte scanned was a quote inside quotes: closing, or the first of ""
    private boolean quoted;        // the current record has a quoted field
    private int linesInRecord;     // newlines inside quotes so far in the current record
    private long line = 1;         // the physical line the current record starts on

    CsvDecoder(RowCollector rows, boolean numeric, int maxRowBytes) {
        this.rows = rows;
        this.numeric = numeric;
        this.maxRowBytes = maxRowBytes;
        this.framer = new LineFramer(this, maxRowBytes);
    }

    @Override
    public void decode(ByteBuffer input) {
        framer.feed(input);
    }

    @Override
    public void finish() {
        framer.finish();
        rows.flush();
    }

    @Override
    public long line() {
        return line + linesInRecord;
    }

    /** Finds the LF ending the current record, enforcing RFC 4180's quoting rules on the way. */
    @Override
    public int end(byte[] b, int recordStart, int from, int to) {
        int i = from;
        if (quoteLast && i < to) { // the quote that ended the previous bytes: its next byte tells which it was
            quoteLast = false;
            if (b[i] == '"') {
                i++;
            } else {
                closeQuote(b, recordStart, i - 1);
            }
        }
        for (; i < to; i++) {
            i = Swar.skipToLfOrQuote(b, i, to);
            if (i == to) {
                break;
            }
            byte c = b[i];
            if (c == '\n') {
                if (!inQuotes) {
                    return i;
                }
                linesInRecord++;
            } else if (c == '"') {
                if (!inQuotes) {
                    if (i != recordStart && b[i - 1] != ',') {
                        throw malformed("a quote inside an unquoted field", line + linesInRecord,
                                fieldAt(b, recordStart, i));
                    }
                    inQuotes = true;
                    quoted = true;
                } else if (i + 1 == to) {
                    quoteLast = true; // need the next byte to tell a closing quote from an escaped one
                } else if (b[i + 1] == '"') {
                    i++;
                } else {
                    closeQuote(b, recordStart, i);
                }
            }
        }
        return -1;
    }

    /** The quote at {@code b[quote]} closes its field: the byte after it must end the field. */
    private void closeQuote(byte[] b, int recordStart, int quote) {
        inQuotes = false;
        byte next = b[quote + 1];
        if (next != ',' && next != '\n' && next != '\r') {
            throw malformed("a closing quote not followed by a comma or the end of the record", line + linesInRecord,
                    fieldAt(b, recordStart, quote));
        }
    }

    /** The 1-based field that {@code b[at]} is in, counting the commas outside quotes before it: for messages. */
    private static String fieldAt(byte[] b, int recordStart, int at) {
        int field = 1;
        boolean quotes = false;
        for (int k = recordStart; k < at; k++) {
            if (b[k] == '"') {
                quotes = !quotes; // an escaped "" toggles twice
            } else if (b[k] == ',' && !quotes) {
                field++;
            }
        }
        return String.valueOf(field);
    }

    @Override
    public void record(byte[] b, int from, int to) {
        if (quoteLast) { // the body ended on a quote inside quotes: it closed the field
            quoteLast = false;
            inQuotes = false;
        }
        if (inQuotes) {
            throw malformed("unterminated quoted field", line, fieldAt(b, from, to));
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

    /** A record without quotes: each cell read straight from the bytes, the common bare number in one pass. */
    private void plainRecord(byte[] b, int from, int to) {
        int cell = from;
        while (true) {
            int end = parser.number(b, cell, to);
            if (end >= 0 && (end == to || b[end] == ',')) {
                rows.number(parser.value());
            } else { // blanks, a word (nan, inf), an empty cell or text: find the comma, then read it whole
                end = cell;
                while (end < to && b[end] != ',') {
                    end++;
                }
                if (parser.parse(b, cell, end)) {
                    rows.number(parser.value());
                } else {
                    rows.text(new String(b, cell, end - cell, StandardCharsets.UTF_8));
                }
            }
            if (end == to) {
                return;
            }
            cell = end + 1;
        }
    }

    private void quotedRecord(String text) {
        List<CSVRecord> records;
        try (CSVParser csv = RFC4180.parse(new StringReader(text))) {
            records = csv.getRecords();
        } catch (IOException | UncheckedIOException e) {
            throw malformed(e.getMessage(), line, null);
        }
        if (records.size() != 1) {
            throw malformed("a carriage return outside quotes", line, null);
        }
        for (String cell : records.get(0)) {
            if (!numeric && parser.parse(cell)) {
                rows.number(parser.value()); // a general schema gets numbers as Double, as on the fast path
            } else {
                rows.text(cell);
            }
        }
    }

    private SkiffException malformed(String what, long atLine, String column) {
        return SkiffException.badRow(ErrorCode.MALFORMED_CSV, rows.row(), column, what + lineNote(atLine));
    }

    @Override
    public SkiffException tooLong() {
        return SkiffException.badRow(ErrorCode.ROW_TOO_LARGE, rows.row(), null,
                "longer than " + maxRowBytes + " bytes" + lineNote(line));
    }

    private String lineNote(long atLine) {
        return atLine == rows.row() ? "" : " (line " + atLine + ")";
    }
}
