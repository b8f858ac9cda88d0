package dev.skiff.codec;

import dev.skiff.spi.Batch;
import dev.skiff.spi.InputSchema;
import dev.skiff.spi.SkiffException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** Runs a decoder over a body cut into given pieces and records what came out: rows, batches and any error. */
final class Decoding {
    static final int BATCH_ROWS = 2;
    static final int MAX_ROW_BYTES = 1000;

    /** What a decoder produced: rows as lists of cells (Float for dense rows), batch shapes, and the error. */
    record Result(List<List<Object>> rows, List<String> batches, String error) {
        @Override
        public String toString() {
            return "rows=" + rows + " batches=" + batches + " error=" + error;
        }
    }

    private Decoding() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Result whole(String type, InputSchema schema, byte[] body) {
        return run(type, schema, MAX_ROW_BYTES, body, new int[0], false);
    }

    /** Decodes {@code body} cut at the given offsets (ascending); {@code direct} uses direct buffers. */
    static Result run(String type, InputSchema schema, int maxRowBytes, byte[] body, int[] cuts, boolean direct) {
        return run(type, schema, maxRowBytes, body, cuts, direct, false);
    }

    /** As {@link #run}, with {@link Formats#trainingDecoder} when {@code training}. */
    static Result run(String type, InputSchema schema, int maxRowBytes, byte[] body, int[] cuts, boolean direct,
                      boolean training) {
        List<List<Object>> rows = new ArrayList<>();
        List<String> batches = new ArrayList<>();
        String error = null;
        try {
            Consumer<Batch> sink = batch -> {
                batches.add(batch.firstRow() + "+" + batch.size());
                rows.addAll(cells(batch));
            };
            RecordDecoder decoder = training ? Formats.trainingDecoder(type, schema, BATCH_ROWS, maxRowBytes, sink)
                    : Formats.decoder(type, schema, BATCH_ROWS, maxRowBytes, sink);
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : body.length;
                decoder.decode(buffer(body, from, to, direct));
                from = to;
            }
            decoder.finish();
        } catch (SkiffException e) {
            error = e.code() + " " + e.code().status() + " " + e.getMessage();
        }
        return new Result(rows, batches, error);
    }

    /** A buffer over {@code body[from, to)} that is a slice of a larger array, so offsets matter. */
    private static ByteBuffer buffer(byte[] body, int from, int to, boolean direct) {
        if (direct) {
            ByteBuffer b = ByteBuffer.allocateDirect(to - from);
            b.put(body, from, to - from).flip();
            return b;
        }
        byte[] padded = new byte[to - from + 6];
        Arrays.fill(padded, (byte) '"'); // garbage around the slice must never be read
        System.arraycopy(body, from, padded, 3, to - from);
        return ByteBuffer.wrap(padded, 3, to - from).slice();
    }

    static List<List<Object>> cells(Batch batch) {
        List<List<Object>> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            List<Object> row = new ArrayList<>();
            if (batch.isDense()) {
                for (int c = 0; c < batch.width(); c++) {
                    row.add(batch.dense()[i * batch.width() + c]);
                }
            } else {
                row.addAll(Arrays.asList(batch.row(i)));
            }
            out.add(row);
        }
        return out;
    }

    /** Dense rows as Float cells, for expected values. */
    static List<Object> floats(float... values) {
        List<Object> row = new ArrayList<>();
        for (float v : values) {
            row.add(v);
        }
        return row;
    }
}
