package dev.skiff.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.SkiffException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * {@code application/json}, decoded by Jackson's non-blocking parser as the bytes arrive: the document is never
 * held whole, only the current token and (for row objects) the current row. See {@link JsonRows} for the shapes
 * accepted. A row whose bytes exceed {@code maxRowBytes} is rejected (a single string or number longer than that
 * is stopped inside the parser by its read constraints).
 */
final class JsonDecoder implements RecordDecoder {
    private static final int CHUNK = 8 * 1024;
    private static final ConcurrentMap<Integer, JsonFactory> FACTORIES = new ConcurrentHashMap<>();

    private final RowCollector rows;
    private final int maxRowBytes;
    private final JsonRows shapes;
    private final JsonNumberRows numberRows;
    private final JsonParser parser;
    private final ByteArrayFeeder feeder;
    private byte[] chunk = new byte[0]; // sized by the first bytes, up to CHUNK: small requests stay small
    private long rowStart;
    private long fed;              // bytes fed to the parser so far: no token ends past this offset
    private int chunkEnd;          // chunk[0, chunkEnd) was fed last, at offset fed - chunkEnd

    JsonDecoder(RowCollector rows, int maxRowBytes) {
        this.rows = rows;
        this.maxRowBytes = maxRowBytes;
        this.shapes = new JsonRows(rows, false);
        this.numberRows = new JsonNumberRows(rows, maxRowBytes);
        try {
            this.parser = factory(maxRowBytes).createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    /** One factory per row limit (in practice one per process): factories are thread-safe and costly to make. */
    static JsonFactory factory(int maxRowBytes) {
        return FACTORIES.computeIfAbsent(maxRowBytes, limit -> JsonFactory.builder()
                // FastDoubleParser (shaded in jackson-core): correctly rounded, like Double.parseDouble, and no String
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(limit)
                        .maxNameLength(Math.min(limit, StreamReadConstraints.DEFAULT_MAX_NAME_LEN))
                        .maxNumberLength(Math.min(limit, StreamReadConstraints.DEFAULT_MAX_NUM_LEN))
                        .build())
                .build());
    }

    @Override
    public void decode(ByteBuffer input) {
        while (input.hasRemaining()) {
            if (chunk.length < CHUNK && chunk.length < input.remaining()) {
                chunk = new byte[Math.min(CHUNK, input.remaining())];
            }
            int n = Math.min(input.remaining(), chunk.length);
            input.get(chunk, 0, n);
            try {
                // readTokens ran the parser to NOT_AVAILABLE: it has consumed all fed before, so chunk is reusable
                feeder.feedInput(chunk, 0, n);
                fed += n;
                chunkEnd = n;
            } catch (IOException e) {
                throw invalid(e);
            }
            readTokens();
        }
    }

    @Override
    public void finish() {
        feeder.endOfInput();
        readTokens();
        rows.flush();
    }

    /** Hands every token the parser can make of the bytes fed so far to the row shapes. */
    private void readTokens() {
        try {
            JsonToken t;
            while ((t = parser.nextToken()) != null && t != JsonToken.NOT_AVAILABLE) {
                if (shapes.done()) {
                    throw SkiffException.badRow(ErrorCode.INVALID_JSON, rows.row(), null,
                            "unexpected content after the end of the JSON document"
                                    + at(parser.currentTokenLocation()));
                }
                if (shapes.inRow()) {
                    // the parser's location is an object made per call: ask only when the row could be too long
                    if (fed - rowStart > maxRowBytes
                            && parser.currentLocation().getByteOffset() - rowStart > maxRowBytes) {
                        throw tooLarge();
                    }
                    shapes.token(t, parser);
                    if ((t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) && shapes.afterRowOfRows()) {
                        readNumberRows();
                    }
                } else {
                    long start = parser.currentTokenLocation().getByteOffset();
                    shapes.token(t, parser);
                    rowStart = start;
                }
            }
        } catch (IOException e) {
            throw invalid(e);
        }
    }

    /**
     * A row of an array of rows has just ended: the rows of numbers that follow in the bytes the parser has not read
     * yet are read by {@link JsonNumberRows}, which blanks them for the parser (one location object per call, which
     * comes about once per chunk: the parser reads the rest of the chunk without a token but the last, cut row).
     */
    private void readNumberRows() {
        long at = parser.currentLocation().getByteOffset() - (fed - chunkEnd);
        if (at >= 0 && at < chunkEnd) {
            numberRows.read(chunk, (int) at, chunkEnd);
        }
    }

    private SkiffException invalid(IOException e) {
        if (e instanceof StreamConstraintsException) {
            return tooLarge();
        }
        if (e instanceof JsonProcessingException j) {
            return SkiffException.badRow(ErrorCode.INVALID_JSON, rows.row(), null,
                    "invalid JSON" + at(j.getLocation()) + ": " + j.getOriginalMessage());
        }
        return SkiffException.badRow(ErrorCode.INVALID_JSON, rows.row(), null, "invalid JSON: " + e.getMessage());
    }

    private SkiffException tooLarge() {
        return SkiffException.badRow(ErrorCode.ROW_TOO_LARGE, rows.row(), null,
                "longer than " + maxRowBytes + " bytes");
    }

    static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
