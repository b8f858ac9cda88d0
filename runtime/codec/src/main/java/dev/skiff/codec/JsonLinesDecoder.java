package dev.skiff.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * {@code application/jsonlines}: one row per line (LF or CRLF; the final newline optional), in any of the row
 * forms of {@link JsonRows}. Lines holding only whitespace are skipped (they are not rows); a UTF-8 BOM at the
 * start is skipped. A line longer than {@code maxRowBytes} is rejected as soon as that many bytes have arrived.
 */
final class JsonLinesDecoder implements RecordDecoder {
    private final RowCollector rows;
    private final int maxRowBytes;
    private final JsonFactory factory;
    private final JsonRows shapes;
    private final ByteWindow w;
    private long line = 1;

    JsonLinesDecoder(RowCollector rows, int maxRowBytes) {
        this.rows = rows;
        this.maxRowBytes = maxRowBytes;
        this.factory = JsonDecoder.factory(maxRowBytes);
        this.shapes = new JsonRows(rows, true);
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
        if (w.pending() > 0) {
            line(w.start, w.end);
            w.start = w.end;
        }
        rows.flush();
    }

    private void drain(boolean eof) {
        if (!w.skipBom(eof)) {
            return;
        }
        byte[] b = w.buf;
        for (int i = w.scan; i < w.end; i++) {
            if (b[i] == '\n') {
                line(w.start, i);
                w.start = i + 1;
            }
        }
        w.scan = w.end;
        if (w.pending() > maxRowBytes) {
            throw tooLarge();
        }
    }

    private void line(int from, int to) {
        if (to - from > maxRowBytes) {
            throw tooLarge();
        }
        if (!isBlank(w.buf, from, to)) {
            parse(from, to);
        }
        line++;
    }

    private void parse(int from, int to) {
        shapes.reset();
        try (JsonParser p = factory.createParser(w.buf, from, to - from)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (shapes.done()) {
                    throw SkiffException.badRow(ErrorCode.INVALID_JSON, rows.row(), null,
                            "more than one JSON value on line " + line);
                }
                shapes.token(t, p);
            }
        } catch (StreamConstraintsException e) {
            throw tooLarge();
        } catch (JsonProcessingException e) {
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw SkiffException.badRow(ErrorCode.INVALID_JSON, rows.row(), null,
                    "invalid JSON on line " + line + ", column " + column + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw SkiffException.badRow(ErrorCode.INVALID_JSON, rows.row(), null,
                    "invalid JSON on line " + line + ": " + e.getMessage());
        }
    }

    private static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private SkiffException tooLarge() {
        return SkiffException.badRow(ErrorCode.ROW_TOO_LARGE, rows.row(), null,
                "line " + line + " is longer than " + maxRowBytes + " bytes");
    }
}
