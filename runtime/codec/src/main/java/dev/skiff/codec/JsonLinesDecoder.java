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
final class JsonLinesDecoder implements RecordDecoder, LineFramer.Records {
    private final RowCollector rows;
    private final int maxRowBytes;
    private final JsonFactory factory;
    private final JsonRows shapes;
    private final LineFramer framer;

    JsonLinesDecoder(RowCollector rows, int maxRowBytes) {
        this.rows = rows;
        this.maxRowBytes = maxRowBytes;
        this.factory = JsonDecoder.factory(maxRowBytes);
        this.shapes = new JsonRows(rows, true);
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
        return framer.line();
    }

    @Override
    public void record(byte[] b, int from, int to) {
        if (!isBlank(b, from, to)) {
            parse(b, from, to);
        }
    }

    private void parse(byte[] b, int from, int to) {
        shapes.reset();
        try (JsonParser p = factory.createParser(b, from, to - from)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (shapes.done()) {
                    throw SkiffException.badRow(ErrorCode.INVALID_JSON, rows.row(), null,
                            "more than one JSON value on line " + line());
                }
                shapes.token(t, p);
            }
        } catch (StreamConstraintsException e) {
            throw tooLong();
        } catch (JsonProcessingException e) {
            int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw SkiffException.badRow(ErrorCode.INVALID_JSON, rows.row(), null,
                    "invalid JSON on line " + line() + ", column " + column + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw SkiffException.badRow(ErrorCode.INVALID_JSON, rows.row(), null,
                    "invalid JSON on line " + line() + ": " + e.getMessage());
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

    @Override
    public SkiffException tooLong() {
        return SkiffException.badRow(ErrorCode.ROW_TOO_LARGE, rows.row(), null,
                "line " + line() + " is longer than " + maxRowBytes + " bytes");
    }
}
