package dev.skiff.train;

import dev.skiff.codec.Formats;
import dev.skiff.codec.RecordDecoder;
import dev.skiff.spi.Batch;
import dev.skiff.spi.ErrorCode;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.SkiffException;
import dev.skiff.spi.TrainingException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Channel bytes to rows through the serving codecs ({@link Formats#trainingDecoder}), so training and serving share
 * one CSV / JSON / JSON Lines / RecordIO-protobuf parser (a RecordIO record's row is its label, then its features).
 * An error in a line-based source names the file's line, which the decoder reports
 * ({@code train/train.csv line 812: 27 columns, expected 28}), even where blank lines make rows and lines differ.
 * Remembers each source's row count for the model manifest.
 */
final class ChannelRecords {
    /** What a channel without a declared ContentType is read as (SageMaker's CSV convention: label first). */
    static final String DEFAULT_TYPE = "text/csv";
    private static final String RECORDIO = "application/x-recordio-protobuf";

    private final int maxRowBytes;
    private final Map<String, Long> rowsBySource = new ConcurrentHashMap<>();

    ChannelRecords(int maxRowBytes) {
        this.maxRowBytes = maxRowBytes;
    }

    /**
     * Decodes one source; returns its row count.
     *
     * @param source for messages, e.g. {@code train/train.csv}
     */
    long read(String source, Optional<String> contentType, InputStream in, InputSchema schema, int batchRows,
              Consumer<Batch> sink) throws IOException {
        String type = contentType.orElse(DEFAULT_TYPE);
        long[] rows = {0};
        RecordDecoder decoder = decoder(source, type, schema, batchRows, batch -> {
            rows[0] += batch.size();
            sink.accept(batch);
        });
        try {
            feed(in, decoder);
            decoder.finish();
        } catch (SkiffException e) {
            String row = Sources.baseType(type).equals(RECORDIO) ? " record " : " row ";
            String where = decoder.line() > 0 ? source + " line " + decoder.line()
                    : e.row() == SkiffException.UNKNOWN ? source : source + row + e.row();
            throw new TrainingException(where + ": " + problem(e), e);
        }
        rowsBySource.merge(source, rows[0], Math::max);
        return rows[0];
    }

    /** Rows a {@link #read} of {@code source} found (the most, if it was read more than once). */
    Optional<Long> rowsOf(String source) {
        return Optional.ofNullable(rowsBySource.get(source));
    }

    private RecordDecoder decoder(String source, String type, InputSchema schema, int batchRows, Consumer<Batch> sink) {
        try {
            return Formats.trainingDecoder(type, schema, batchRows, maxRowBytes, sink);
        } catch (SkiffException e) {
            throw new TrainingException(source + ": content type '" + type + "' cannot be read as records; declare"
                    + " text/csv, application/json, application/jsonlines or application/x-recordio-protobuf, or read"
                    + " the bytes with Channel.read", e);
        }
    }

    private static void feed(InputStream in, RecordDecoder decoder) throws IOException {
        byte[] buffer = new byte[Sources.BUFFER];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            decoder.decode(ByteBuffer.wrap(buffer, 0, n));
        }
    }

    /**
     * The codec's error in training's words, from its parts: the caller has said where (file and line, or row),
     * the column follows, and a row's width is counted in columns of this file (the codec's "(the width of row N)"
     * would count rows across files).
     */
    private String problem(SkiffException e) {
        String column = e.column() == null ? "" : "column " + e.column() + ": ";
        if (e.code() == ErrorCode.WRONG_FEATURE_COUNT && e.expected() != null && e.got() != null) {
            return column + e.got() + " columns, expected " + e.expected();
        }
        if (e.code() == ErrorCode.ROW_TOO_LARGE) {
            return column + e.problem() + " (raise SKIFF_MAX_ROW_BYTES, now " + maxRowBytes + ")";
        }
        return column + e.problem();
    }
}
